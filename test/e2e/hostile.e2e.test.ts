import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { PARAGRAF_BIN as bin } from '../helpers/paths.ts';

/**
 * Odd uploads: each ends succeeded, or failed with a specific code and a readable message. No
 * crash, no hang, and the uploaded object is kept as it was.
 */
const LIMIT = 6 * 1024 * 1024;
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ env: { MAX_INPUT_BYTES: String(LIMIT) } });
});
afterAll(async () => {
  await t?.stop();
});

const example = readFileSync(new URL('../../examples/harbour-tram.txt', import.meta.url), 'utf8');
const utf8 = (s: string) => new TextEncoder().encode(s);

async function expectFailure(
  key: string,
  body: Uint8Array | string,
  code: string,
  metadata: Record<string, string> = {},
) {
  const result = await t.upload(key, body, metadata);
  expect(result.end).toBe('ArticleFailed');
  const articleId = key.replace(/^incoming\//, '').replace(/\.[a-z]+$/, '');
  const error = await t.error(articleId);
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  expect((await t.status(articleId)).state).toBe('failed');
  expect(await t.etag(t.cloud.inputBucket, key)).toBeDefined();
  return error;
}

describe('rejected with a specific code, input kept', () => {
  it('empty and whitespace-only files', async () => {
    await expectFailure('incoming/h-empty.txt', new Uint8Array(), 'EMPTY_INPUT');
    await expectFailure('incoming/h-blank.txt', ' \r\n\t \n', 'BLANK_INPUT');
  });

  it('binary files: PNG and PDF', async () => {
    await expectFailure(
      'incoming/h-png.txt',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      'BINARY_INPUT',
    );
    const pdf = await expectFailure(
      'incoming/h-pdf.md',
      utf8('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'),
      'BINARY_INPUT',
    );
    expect(pdf.message).toMatch(/PDF/);
  });

  it('invalid UTF-8, with the offset of the first bad byte', async () => {
    const error = await expectFailure(
      'incoming/h-latin1.txt',
      new Uint8Array([...utf8('Caf'), 0xe9, ...utf8(' society met.\n\nAgain.')]),
      'INVALID_UTF8',
    );
    expect(error.message).toContain('offset 3');
  });

  it('an object over the size limit, rejected on the event’s size before download', async () => {
    const big = new Uint8Array(LIMIT + 1).fill(0x61);
    const result = await t.upload('incoming/h-huge.txt', big);
    expect(result.end).toBe('ArticleFailed');
    expect((await t.error('h-huge')).code).toBe('INPUT_TOO_LARGE');
  });

  it('an unsupported target language', async () => {
    // German: Debian has no English pair for it, not even through Spanish.
    await expectFailure('incoming/h-german.txt', example, 'UNSUPPORTED_LANGUAGE_PAIR', {
      'target-languages': 'de',
    });
  });
});

describe('accepted and translated', () => {
  it('UTF-16 with a byte-order mark', async () => {
    const text =
      'Tram news\r\n\r\nThe council approved the tram on Wednesday night.\r\n\r\nWork starts in March.';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect((await t.upload('incoming/h-utf16.txt', bytes)).end).toBe('ArticleSucceeded');
    expect((await t.article('h-utf16')).paragraphs.map((p) => p.text)).toEqual([
      'The council approved the tram on Wednesday night.',
      'Work starts in March.',
    ]);
  });

  it('CRLF line endings with hard-wrapped paragraphs', async () => {
    const crlf =
      'Tram news\r\n\r\nThe council approved\r\nthe tram on Wednesday.\r\n\r\nWork starts\r\nin March.\r\n';
    expect((await t.upload('incoming/h-crlf.txt', crlf)).end).toBe('ArticleSucceeded');
    expect((await t.article('h-crlf')).paragraphs.map((p) => p.text)).toEqual([
      'The council approved the tram on Wednesday.',
      'Work starts in March.',
    ]);
  });

  it('one 40 KB paragraph with no blank lines', async () => {
    const sentences = Array.from(
      { length: 400 },
      (_, i) => `The council debated item number ${i} for a long time.`,
    );
    const paragraph = sentences.join(' ');
    expect(paragraph.length).toBeGreaterThan(20_000);
    const body = `${paragraph} ${paragraph}`.slice(0, 40_000);
    expect((await t.upload('incoming/h-long.txt', body)).end).toBe('ArticleSucceeded');
    const doc = await t.article('h-long');
    expect(doc.paragraphs).toHaveLength(1);
    expect(doc.stats.translateRequests).toBeGreaterThanOrEqual(5); // 40 KB in requests of at most 10,000 bytes
    expect(doc.paragraphs[0]?.translations.es?.text.length).toBeGreaterThan(20_000);
  });

  it('a 12,000-byte run with no punctuation', async () => {
    const run = Array.from({ length: 1500 }, (_, i) => ['council', 'tram', 'budget', 'harbour'][i % 4]).join(
      ' ',
    );
    expect(Buffer.byteLength(run)).toBeGreaterThan(10_000);
    // A list of nouns is no language to a detector: the metadata says what it is.
    const result = await t.upload('incoming/h-run.txt', `Run on\n\n${run}`, { 'source-language': 'en' });
    expect(result.end).toBe('ArticleSucceeded');
    expect((await t.article('h-run')).paragraphs[0]?.translations.es?.text).toMatch(/tranvía/);
  });

  it('a mixed-language article', async () => {
    const mixed = `${example}\n\nEl ayuntamiento aprobó el presupuesto el martes después de un largo debate.`;
    expect((await t.upload('incoming/h-mixed.txt', mixed)).end).toBe('ArticleSucceeded');
    expect((await t.article('h-mixed')).sourceLanguage).toBe('en');
  });

  it('HTML with scripts and inline styles', async () => {
    const html =
      '<html><body><script>alert("x")</script><p style="color:red" onclick="steal()">The council <span style="font-weight:bold">approved</span> the tram.</p><p>Work starts in March.</p></body></html>';
    expect((await t.upload('incoming/h-page.html', html)).end).toBe('ArticleSucceeded');
    const doc = await t.article('h-page');
    expect(doc.paragraphs.map((p) => p.text)).toEqual([
      'The council approved the tram.',
      'Work starts in March.',
    ]);
  });

  it('a 5 MB article', { timeout: 400_000 }, async () => {
    // Counted copy by copy: measuring the whole growing string each time took 9 s of this test.
    const copies: string[] = [];
    for (let copy = 0, bytes = 0; bytes < 5_000_000; copy++) {
      const next = `${example.replace(/\d+/g, (n) => String(Number(n) + copy))}\n\n`;
      copies.push(next);
      bytes += Buffer.byteLength(next);
    }
    const text = copies.join('');
    const result = await t.upload('incoming/h-five-mb.txt', text);
    // On failure, say why: the code and message from error.json.
    const why = result.end === 'ArticleSucceeded' ? '' : JSON.stringify(await t.error('h-five-mb'));
    expect(result.end, why).toBe('ArticleSucceeded');
    const doc = await t.article('h-five-mb');
    expect(doc.paragraphs.length).toBeGreaterThan(25_000);
    expect(doc.paragraphs.every((p) => (p.translations.es?.text.length ?? 0) > 0)).toBe(true);
    // Its copies repeat every paragraph without a number: each is translated once, for every copy.
    const first = new Map<string, string | undefined>();
    for (const p of doc.paragraphs) {
      if (!first.has(p.text)) first.set(p.text, p.translations.es?.text);
      else expect(p.translations.es?.text).toBe(first.get(p.text));
    }
    const distinct = [...first.keys()].reduce((n, text) => n + text.length, 0);
    expect(distinct).toBeLessThan(0.6 * doc.stats.characters);
    // Over distinct texts: 2% over them, plus at most every distinct gist (those that are a whole
    // sentence are cut from their paragraph's translation, so this bound is loose, yet well under
    // the 3.4 M characters the copies cost when each batch translated its own).
    const gists = [...new Set(doc.paragraphs.map((p) => (p.summary !== p.text ? p.summary : '')))];
    const gistCharacters = gists.reduce((n, text) => n + text.length, 0);
    expect(doc.stats.charactersSentToTranslate).toBeLessThanOrEqual(1.02 * distinct + gistCharacters);
  });
});

describe('log hygiene', () => {
  it('a whole `paragraf run` prints no article text, only keys, counts and codes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paragraf-canary-'));
    try {
      const canary = 'Quetzalcoatl-canary-7731';
      writeFileSync(
        join(dir, 'canary.txt'),
        `Canary headline ${canary}\n\nThe ${canary} council met.\n\nIt voted ${canary}.`,
      );
      writeFileSync(join(dir, 'bad.txt'), `${canary} \u0000 binary`);
      const run = spawnSync(
        process.execPath,
        [
          bin,
          'run',
          join(dir, 'canary.txt'),
          join(dir, 'bad.txt'),
          '--source',
          'en',
          '--out',
          join(dir, 'out'),
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, PARAGRAF_LOG: 'json' },
          timeout: 60_000,
        },
      );
      expect(run.status).toBe(1); // bad.txt fails
      const printed = `${run.stdout}\n${run.stderr}`;
      expect(printed).toContain('"event":"split.done"'); // the pipeline's own logs were on
      expect(printed).toContain('BINARY_INPUT');
      expect(printed).not.toContain(canary);
      expect(printed).not.toContain('council met');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
