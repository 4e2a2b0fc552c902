import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud } from '../../infra/local/cloud.ts';
import { startLocalS3 } from '../../infra/local/s3-server.ts';
import { memoryKey } from '../../shared/memory/memory.ts';
import { CorrectionRecord } from '../../shared/schemas/document.ts';
import { MemoryFile } from '../../shared/schemas/memory.ts';
import { GROUP_SEPARATOR } from '../../shared/text/grouping.ts';
import { cli } from '../helpers/cli.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { AWS_CLI, awsClientEnv, run } from '../helpers/serve.ts';

/**
 * An editor's corrections end to end on the local cloud (real s3rver, real Apertium): uploaded with
 * the AWS CLI and with `paragraf correct`, applied to every output with origin "editor", kept in
 * the translation memory that later runs of any article read first, exported as TMX.
 */
const dir = mkdtempSync(join(tmpdir(), 'paragraf-corrections-'));
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ARTICLE = `# Council approves harbour tram

The city council approved the harbour tram on Wednesday, said Mayor Elena Marsh. The vote was close.

The line will be run by **Harbour Lines**, and the depot will stand on the old Gartshore site.

Work on the tracks starts in March. The first trams run in two years.

> "This is a good day for the harbour," said Marsh.
`;

const local = () => ['--local', '--endpoint', t.cloud.s3.endpoint];
const output = (key: string) => t.text(t.cloud.outputBucket, key);

/** The outcome of the next correction of `key` the local cloud finishes. */
function nextCorrection(key: string): Promise<CorrectionRecord | undefined> {
  return new Promise((resolve) => t.cloud.onCorrection((k, record) => k === key && resolve(record)));
}

/** The es.md Paragraf wrote, with block `n` (from 0, after the title and summary) replaced. */
async function editedEs(articleId: string, edits: Record<number, string>): Promise<string> {
  const md = (await output(`${articleId}/es.md`)) ?? '';
  const [body = '', foot] = md.split('\n---\n');
  const [title, summary, ...blocks] = body.trimEnd().split('\n\n');
  for (const [n, text] of Object.entries(edits)) blocks[Number(n)] = text;
  return `${[title, summary, ...blocks].join('\n\n')}\n\n---\n${foot}`;
}

const outputsOf = async (articleId: string) =>
  Promise.all(
    ['article.json', 'es.md', 'es.html', 'index.html'].map((name) => output(`${articleId}/${name}`)),
  );

describe('a correction', () => {
  it('from the AWS CLI and from paragraf correct: the editor’s paragraphs in every output, the others unchanged', async () => {
    expect((await t.upload('incoming/tram.md', ARTICLE, { 'target-languages': 'es' })).status).toBe(
      'SUCCEEDED',
    );
    const before = await t.article('tram');
    const sentBefore = t.cloud.translate.counters.characters;

    // 1. An editor's file uploaded with the AWS CLI, as a CMS would.
    const first = await editedEs('tram', {
      1: 'La línea la explotará **Harbour Lines**, y las cocheras estarán en el antiguo solar de Gartshore.',
    });
    writeFileSync(join(dir, 'es-1.md'), first);
    const applied = nextCorrection('corrections/tram/es.md');
    const cp = await run(
      AWS_CLI,
      [
        '--endpoint-url',
        t.cloud.s3.endpoint,
        's3',
        'cp',
        join(dir, 'es-1.md'),
        `s3://${t.cloud.inputBucket}/corrections/tram/es.md`,
      ],
      awsClientEnv(dir),
    );
    expect(cp.err).toBe('');
    expect(cp.code).toBe(0);
    expect(await applied).toMatchObject({
      state: 'applied',
      articleId: 'tram',
      language: 'es',
      changed: { title: false, summary: [], paragraphs: [1] },
      remembered: 1,
    });

    // 2. Another paragraph with paragraf correct --wait, from the file as it now stands.
    const second = await editedEs('tram', {
      2: 'Las obras de las vías empiezan en marzo. Los primeros tranvías circularán dentro de dos años.',
    });
    writeFileSync(join(dir, 'es-2.md'), second);
    const corrected = await cli(
      'correct',
      'tram',
      join(dir, 'es-2.md'),
      '--lang',
      'es',
      '--wait',
      ...local(),
    );
    expect(corrected.err).toBe('');
    expect(corrected.code).toBe(0);
    expect(corrected.out).toMatch(
      /^applied {2}corrections\/tram\/es\.md {2}paragraph 3 now the editor's; 1 added to the translation memory$/,
    );

    // No character went to the engine for either.
    expect(t.cloud.translate.counters.characters).toBe(sentBefore);
    const doc = await t.article('tram');
    const [p0, p1, p2, p3] = doc.paragraphs.map((p) => p.translations.es);
    expect(p1).toMatchObject({
      text: 'La línea la explotará Harbour Lines, y las cocheras estarán en el antiguo solar de Gartshore.',
      html: 'La línea la explotará <strong>Harbour Lines</strong>, y las cocheras estarán en el antiguo solar de Gartshore.',
      origin: 'editor',
      edit: { correction: 'corrections/tram/es.md', articleId: 'tram' },
    });
    expect(p2).toMatchObject({ origin: 'editor', text: expect.stringContaining('Las obras de las vías') });
    // Untouched paragraphs are byte for byte what the engine gave.
    expect(p0).toEqual(before.paragraphs[0]?.translations.es);
    expect(p3).toEqual(before.paragraphs[3]?.translations.es);
    expect(p0?.origin).toBe('machine');
    // A summary sentence from a corrected paragraph is the editor's sentence, or marked.
    doc.summary.forEach((sentence, i) => {
      const origin = doc.summaryOrigins.es?.[i];
      const fromCorrected = [1, 2].some((n) => doc.paragraphs[n]?.text.includes(sentence));
      if (fromCorrected) expect(origin?.origin === 'editor' || origin?.paragraphEdited === true).toBe(true);
      else expect(origin).toEqual({ origin: 'machine' });
    });
    const md = (await output('tram/es.md')) ?? '';
    expect(md).toContain('La línea la explotará **Harbour Lines**');
    expect(md).toContain('Las obras de las vías empiezan en marzo.');
    expect(await output('tram/es.html')).toContain('La línea la explotará <strong>Harbour Lines</strong>');
    const reader = (await output('tram/index.html')) ?? '';
    expect(reader.match(/data-origin="editor"/g)).toHaveLength(2);
    expect(reader).toContain('Corregido');
  });

  it('a second article sharing a corrected paragraph gets the editor’s version without sending it', async () => {
    const shared =
      'The line will be run by **Harbour Lines**, and the depot will stand on the old Gartshore site.';
    const sentBefore = t.cloud.translate.counters.characters;
    await t.upload('incoming/depot.md', `Residents welcomed the depot plan.\n\n${shared}\n`, {
      'target-languages': 'es',
    });
    const doc = await t.article('depot');
    expect(doc.paragraphs[1]?.translations.es).toMatchObject({
      text: 'La línea la explotará Harbour Lines, y las cocheras estarán en el antiguo solar de Gartshore.',
      origin: 'editor',
      edit: { articleId: 'tram' },
    });
    expect(doc.paragraphs[0]?.translations.es?.origin).toBe('machine');
    // What went to the engine is the other paragraph and gists, never the corrected paragraph.
    const sent = t.cloud.translate.counters.characters - sentBefore;
    expect(sent).toBe(doc.stats.charactersSentToTranslate);
    // (A grouped call bills the blank line between its texts.)
    const gists = doc.paragraphs.reduce((n, p) => n + (p.summary !== p.text ? p.summary.length : 0), 0);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(
      (doc.paragraphs[0]?.text.length ?? 0) + gists + 2 * GROUP_SEPARATOR.length,
    );
  });

  it('a re-upload keeps the editor’s paragraphs; a paragraph changed in English goes back to the engine', async () => {
    const changed = ARTICLE.replace('The vote was close.', 'The vote was close, 7 to 6.').replace(
      'Work on the tracks starts in March.',
      'Work on the tracks starts in April.',
    );
    expect((await t.upload('incoming/tram.md', changed, { 'target-languages': 'es' })).status).toBe(
      'SUCCEEDED',
    );
    const doc = await t.article('tram');
    expect(doc.paragraphs.map((p) => p.translations.es?.origin)).toEqual([
      'machine',
      'editor',
      'machine',
      'machine',
    ]);
    expect(doc.paragraphs[2]?.translations.es?.text).not.toContain('Las obras de las vías');
  });

  it('a misaligned file is refused whole, naming the paragraph; every output stays byte-identical', async () => {
    const before = await outputsOf('tram');
    const memoryBefore = await output(memoryKey('_memory/', 'en', 'es'));
    const md = (await output('tram/es.md')) ?? '';
    const added = md.replace('\n\n> "', '\n\nUn párrafo que el editor añadió.\n\n> "');
    writeFileSync(join(dir, 'added.md'), added);
    const recordBefore = await output('tram/corrections/es.json');
    // The CLI lines the file up first, with the pipeline's alignment: refused at once, nothing uploaded.
    const refused = await cli('correct', 'tram', join(dir, 'added.md'), '--lang', 'es', ...local());
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `${join(dir, 'added.md')} was not uploaded: Paragraph 4 (line 11) is a quote (> …) in the article but a paragraph in the file.`,
    );
    expect(refused.err).toContain('Nothing was changed.');
    expect(refused.out).toBe('');
    expect(await output('tram/corrections/es.json')).toBe(recordBefore);
    // Uploaded by other means (a CMS, the AWS CLI), the pipeline refuses it with the same words.
    const done = nextCorrection('corrections/tram/es.md');
    await t.s3.send(
      new PutObjectCommand({ Bucket: t.cloud.inputBucket, Key: 'corrections/tram/es.md', Body: added }),
    );
    const record = await done;
    expect(record?.error?.code).toBe('MISALIGNED_CORRECTION');
    expect(record?.error?.message).toContain(
      'Paragraph 4 (line 11) is a quote (> …) in the article but a paragraph in the file.',
    );
    expect(await outputsOf('tram')).toEqual(before);
    expect(await output(memoryKey('_memory/', 'en', 'es'))).toBe(memoryBefore);
  });

  it('an unknown article or language, an empty file and one over 1 MiB: a clear record, nothing changed', async () => {
    const before = await outputsOf('tram');
    const put = async (key: string, body: string | Uint8Array) => {
      const done = nextCorrection(key);
      await t.s3.send(new PutObjectCommand({ Bucket: t.cloud.inputBucket, Key: key, Body: body }));
      return done;
    };
    const md = (await output('tram/es.md')) ?? '';
    expect((await put('corrections/nope/es.md', md))?.error?.code).toBe('ARTICLE_NOT_FOUND');
    const fr = await put('corrections/tram/fr.md', md);
    expect(fr?.error).toEqual({
      code: 'LANGUAGE_NOT_TRANSLATED',
      message: expect.stringContaining('has no fr translation (it has es)'),
    });
    expect((await put('corrections/tram/es.md', new Uint8Array()))?.error?.code).toBe('EMPTY_INPUT');
    expect((await put('corrections/tram/es.md', 'x'.repeat(1024 * 1024 + 1)))?.error?.code).toBe(
      'CORRECTION_TOO_LARGE',
    );
    expect((await put('corrections/tram.md', md))?.error?.code).toBe('INVALID_CORRECTION');
    // Each record is where the CLI and a CMS look for it.
    expect(CorrectionRecord.parse(JSON.parse((await output('tram/corrections/fr.json')) ?? '{}')).state).toBe(
      'refused',
    );
    expect(await output('corrections/tram.json')).toContain('INVALID_CORRECTION');
    expect(await outputsOf('tram')).toEqual(before);
    // The CLI checks what it can before uploading.
    const cliEmpty = join(dir, 'empty.md');
    writeFileSync(cliEmpty, '');
    expect((await cli('correct', 'tram', cliEmpty, '--lang', 'es', ...local())).err).toContain('is empty');
    expect((await cli('correct', 'tram', join(dir, 'es-1.md'), '--lang', 'de', ...local())).err).toContain(
      'has no de translation; it has es',
    );
  });

  it('two corrections at once both land in the memory', async () => {
    await t.upload('incoming/one.md', 'The ferry will stop at the pier.\n\nTickets cost two pounds.\n', {
      'target-languages': 'es',
    });
    await t.upload('incoming/two.md', 'The bridge will close in May.\n\nCyclists can use the tunnel.\n', {
      'target-languages': 'es',
    });
    const one = await editedEs('one', { 0: 'El ferri parará en el muelle.' });
    const two = await editedEs('two', { 0: 'El puente cerrará en mayo.' });
    const done = Promise.all([
      nextCorrection('corrections/one/es.md'),
      nextCorrection('corrections/two/es.md'),
    ]);
    await Promise.all([
      t.s3.send(
        new PutObjectCommand({ Bucket: t.cloud.inputBucket, Key: 'corrections/one/es.md', Body: one }),
      ),
      t.s3.send(
        new PutObjectCommand({ Bucket: t.cloud.inputBucket, Key: 'corrections/two/es.md', Body: two }),
      ),
    ]);
    expect((await done).map((r) => r?.state)).toEqual(['applied', 'applied']);
    const memory = MemoryFile.parse(JSON.parse((await output(memoryKey('_memory/', 'en', 'es'))) ?? '{}'));
    const targets = Object.values(memory.entries).map((e) => e.target);
    expect(targets).toEqual(
      expect.arrayContaining(['El ferri parará en el muelle.', 'El puente cerrará en mayo.']),
    );
  });

  it('paragraf memory ls counts the pairs; memory export writes TMX that validates against the TMX 1.4b DTD, and CSV', async () => {
    const ls = await cli('memory', 'ls', ...local());
    expect(ls.out).toMatch(/^en -> es {2}4 segments {2}\(updated /);
    const tmxFile = join(dir, 'memory.tmx');
    const exportEnEs = (...flags: string[]) =>
      cli('memory', 'export', '--from', 'en', '--to', 'es', ...flags, ...local());
    const exported = await exportEnEs('--out', tmxFile);
    expect(exported.code).toBe(0);
    expect(exported.err).toBe(`wrote ${tmxFile}: 4 segments`);
    copyFileSync(new URL('../fixtures/tmx14.dtd', import.meta.url), join(dir, 'tmx14.dtd'));
    const valid = spawnSync('xmllint', ['--noout', '--valid', tmxFile], { encoding: 'utf8', cwd: dir });
    expect(valid.stderr).toBe('');
    expect(valid.status).toBe(0);
    const tmx = readFileSync(tmxFile, 'utf8');
    expect(tmx).toContain('<tuv xml:lang="es"><seg>El ferri parará en el muelle.</seg></tuv>');
    const csv = await exportEnEs('--format', 'csv', '--out', join(dir, 'm.csv'));
    expect(csv.code).toBe(0);
    expect(readFileSync(join(dir, 'm.csv'), 'utf8').split('\n')[0]).toBe('en,es');
    const none = await cli('memory', 'export', '--from', 'en', '--to', 'fr', ...local());
    expect(none.code).toBe(1);
    expect(none.err).toContain('has nothing from en to fr; it has en→es');
  });
  it('the CLI refuses a file that changes nothing, and says how to follow one that lines up', async () => {
    const md = (await output('tram/es.md')) ?? '';
    writeFileSync(join(dir, 'same.md'), md);
    const same = await cli('correct', 'tram', join(dir, 'same.md'), '--lang', 'es', ...local());
    expect(same.code).toBe(1);
    expect(same.err).toContain('changes nothing in the es translation of "tram"; it was not uploaded.');
    const edited = await editedEs('tram', { 0: 'El pleno aprobó el tranvía del puerto el miércoles.' });
    writeFileSync(join(dir, 'lined-up.md'), edited);
    const applied = nextCorrection('corrections/tram/es.md');
    const sent = await cli('correct', 'tram', join(dir, 'lined-up.md'), '--lang', 'es', ...local());
    expect(sent.code).toBe(0);
    expect(sent.out).toContain(
      `uploaded ${join(dir, 'lined-up.md')} -> s3://${t.cloud.inputBucket}/corrections/tram/es.md`,
    );
    expect(sent.out).toContain(
      `It lines up with the article. Its outcome will be in s3://${t.cloud.outputBucket}/tram/corrections/es.json (--wait waits for it).`,
    );
    expect((await applied)?.state).toBe('applied');
  });
});

describe('a correction uploaded while the local cloud was stopped', () => {
  it('is applied when it starts again on the kept buckets, once', async () => {
    const data = mkdtempSync(join(tmpdir(), 'paragraf-corrections-kept-'));
    try {
      let cloud = await startLocalCloud({ directory: data });
      const finished = new Promise((done) => cloud.onExecution(done));
      await cloud.s3.client().send(
        new PutObjectCommand({
          Bucket: cloud.inputBucket,
          Key: 'incoming/kept.txt',
          Body: 'The ferry will stop at the pier.\n\nTickets cost two pounds.',
          Metadata: { 'target-languages': 'es' },
        }),
      );
      await finished;
      const md = (await cloud.deps.store.getText(cloud.outputBucket, 'kept/es.md')) ?? '';
      await cloud.stop();
      // Uploaded with no pipeline listening: its event is lost.
      const bare = await startLocalS3({ buckets: ['paragraf-input', 'paragraf-output'], directory: data });
      const [summary = '', ...rest] = md.split('\n\n');
      await bare.client().send(
        new PutObjectCommand({
          Bucket: 'paragraf-input',
          Key: 'corrections/kept/es.md',
          Body: [summary, 'El ferri parará en el muelle.', ...rest.slice(1)].join('\n\n'),
        }),
      );
      await bare.stop();
      cloud = await startLocalCloud({ directory: data });
      expect(cloud.recovered).toEqual([{ key: 'corrections/kept/es.md', reason: 'no-outcome' }]);
      await cloud.idle();
      const doc = JSON.parse(
        (await cloud.deps.store.getText(cloud.outputBucket, 'kept/article.json')) ?? '{}',
      );
      expect(doc.paragraphs[0].translations.es).toMatchObject({
        text: 'El ferri parará en el muelle.',
        origin: 'editor',
      });
      await cloud.stop();
      cloud = await startLocalCloud({ directory: data });
      expect(cloud.recovered).toEqual([]);
      await cloud.stop();
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});

describe('QA checks on every translation (issue 37)', () => {
  it('flag an editor’s changed number in article.json and paragraf review, and clear once it is fixed', async () => {
    const article = `# Fares rise

Fares rise to $2.40 on the harbour line from March, the council said on Tuesday.

The council will review the fares again next year.
`;
    expect((await t.upload('incoming/fares.md', article, { 'target-languages': 'es' })).status).toBe(
      'SUCCEEDED',
    );
    expect((await t.article('fares')).stats.flagged).toBeDefined();

    const wrong = await editedEs('fares', {
      0: 'Las tarifas suben a 2,50 dólares en la línea del puerto desde marzo, dijo el ayuntamiento el martes.',
    });
    writeFileSync(join(dir, 'fares-wrong.md'), wrong);
    expect(
      (await cli('correct', 'fares', join(dir, 'fares-wrong.md'), '--lang', 'es', '--wait', ...local())).code,
    ).toBe(0);
    const doc = await t.article('fares');
    expect(doc.paragraphs[0]?.translations.es?.checks).toEqual([{ check: 'number', detail: '2.40' }]);
    // stats count the flagged paragraphs, the editor's among them.
    expect(doc.stats.flagged?.es).toBe(
      doc.paragraphs.filter((p) => (p.translations.es?.checks ?? []).length > 0).length,
    );
    // The summary sentence cut from the editor's words is checked too, and the title (clean).
    expect(doc.summaryChecks?.es?.[0]).toEqual([{ check: 'number', detail: '2.40' }]);
    expect(doc.titleChecks?.es).toEqual([]);
    const review = await cli('review', 'fares', '--lang', 'es', ...local());
    expect(review.code).toBe(0);
    expect(review.out).toMatch(/^es {2}summary 1 {2}number "2\.40"\nes {2}paragraph 1 {2}number "2\.40"$/m);
    // Shown to the editor in the reader, never on the page to publish.
    expect(await output('fares/index.html')).toContain('class="checks" data-checks="number"');
    expect(await output('fares/es.html')).not.toContain('class="checks"');

    const fixed = await editedEs('fares', {
      0: 'Las tarifas suben a 2,40 dólares en la línea del puerto desde marzo, dijo el ayuntamiento el martes.',
    });
    writeFileSync(join(dir, 'fares-fixed.md'), fixed);
    expect(
      (await cli('correct', 'fares', join(dir, 'fares-fixed.md'), '--lang', 'es', '--wait', ...local())).code,
    ).toBe(0);
    expect((await t.article('fares')).paragraphs[0]?.translations.es?.checks).toEqual([]);
  });
});
