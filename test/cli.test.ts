import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { runFiles } from '../infra/cli/run.ts';
import { ArticleDocument, type StatusDocument } from '../shared/schemas/document.ts';
import { cli } from './helpers/cli.ts';
import { PARAGRAF_BIN as bin } from './helpers/paths.ts';
import { freePort as unusedPort } from './helpers/serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'paragraf-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const example = new URL('../examples/harbour-tram.txt', import.meta.url).pathname;

describe('run -> correct -> run, with no server', () => {
  it('corrects in the run folder, and the next run writes the editor’s text', async () => {
    const data = join(dir, 'loop-data');
    const first = await cli('run', example, '--to', 'es', '--out', join(dir, 'loop-1'), '--data', data);
    expect(first.code).toBe(0);
    const blocks = readFileSync(join(dir, 'loop-1', 'harbour-tram', 'es.md'), 'utf8').split('\n\n');
    const editor = 'El pleno municipal aprobó una nueva línea de tranvía hasta el barrio del puerto.';
    blocks[2] = editor;
    const edited = join(dir, 'loop-es.md');
    writeFileSync(edited, blocks.join('\n\n'));
    // --local with nothing answering (a port nobody listens on): the run folder, for this command.
    const nobody = `http://127.0.0.1:${await unusedPort()}`;
    const corrected = await cli(
      'correct',
      'harbour-tram',
      edited,
      '--lang',
      'es',
      '--local',
      '--endpoint',
      nobody,
      '--data',
      data,
    );
    expect(corrected.code).toBe(0);
    expect(corrected.err).toContain(`Nothing answers at the local endpoint: correcting in ${data}`);
    expect(corrected.out).toMatch(
      /^applied {2}corrections\/harbour-tram\/es\.md {2}paragraph 1 now the editor's/,
    );
    const again = await cli('run', example, '--to', 'es', '--out', join(dir, 'loop-2'), '--data', data);
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'loop-2', 'harbour-tram', 'es.md'), 'utf8')).toContain(editor);
    // French goes through Spanish locally: from the editor's Spanish for that paragraph.
    const french = await cli('run', example, '--to', 'es,fr', '--out', join(dir, 'loop-3'), '--data', data);
    expect(french.code).toBe(0);
    const fr = readFileSync(join(dir, 'loop-3', 'harbour-tram', 'fr.md'), 'utf8').split('\n\n');
    expect(fr[2]).toMatch(/^La session plénière municipale a approuvé une nouvelle ligne de tramway/);
  });
});

describe('paragraf run', () => {
  it('without --data keeps its buckets in PARAGRAF_HOME, never in the checkout’s .paragraf', async () => {
    const name = `home-check-${process.pid}-${Date.now()}`;
    const file = join(dir, `${name}.txt`);
    writeFileSync(file, 'Harbour check\n\nThe council met on Tuesday and approved the plan for the harbour.');
    const r = await cli('run', file, '--to', 'es', '--out', join(dir, 'out-home'));
    expect(r.code).toBe(0);
    const home = process.env.PARAGRAF_HOME ?? '';
    expect(home).not.toBe('');
    const holds = (folder: string) =>
      existsSync(folder) && readdirSync(folder, { recursive: true }).some((f) => String(f).includes(name));
    expect(holds(join(home, 'run'))).toBe(true);
    expect(holds(new URL('../.paragraf', import.meta.url).pathname)).toBe(false);
  });

  it('runs the local pipeline and downloads the outputs to DIR/<articleId>/', async () => {
    const outDir = join(dir, 'out');
    const md = new URL('./fixtures/council.md', import.meta.url).pathname;
    const r = await cli('run', example, md, '--to', 'es', '--out', outDir, '--data', join(dir, 'data'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('2 succeeded, 0 failed');
    const doc = ArticleDocument.parse(
      JSON.parse(readFileSync(join(outDir, 'harbour-tram', 'article.json'), 'utf8')),
    );
    expect(doc.paragraphs).toHaveLength(20);
    expect(readFileSync(join(outDir, 'harbour-tram', 'es.md'), 'utf8')).toContain('# ');
    expect(existsSync(join(outDir, 'council', 'article.json'))).toBe(true);
    expect(r.out).toMatch(/^[1-9][\d,]* characters sent to Translate, 0 from the cache$/m);
  });

  it('keeps its buckets between runs: an unchanged article costs nothing the second time, and says so', async () => {
    const data = join(dir, 'data-twice');
    const first = await cli('run', example, '--out', join(dir, 'out-twice'), '--data', data);
    expect(first.out).toMatch(/^[1-9][\d,]* characters sent to Translate, 0 from the cache$/m);
    const second = await cli('run', example, '--out', join(dir, 'out-twice'), '--data', data);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(
      /^0 characters sent to Translate, [1-9][\d,]* from the cache \(unchanged since the last run\)$/m,
    );
    const doc = ArticleDocument.parse(
      JSON.parse(readFileSync(join(dir, 'out-twice', 'harbour-tram', 'article.json'), 'utf8')),
    );
    expect(doc.stats.charactersSentToTranslate).toBe(0);
    // --fresh starts from empty buckets, whatever --data holds.
    const fresh = await cli('run', example, '--out', join(dir, 'out-fresh'), '--data', data, '--fresh');
    expect(fresh.out).toMatch(/^[1-9][\d,]* characters sent to Translate, 0 from the cache$/m);
  });

  it('exits non-zero with the reason when an article fails', async () => {
    const empty = join(dir, 'blank.txt');
    writeFileSync(empty, '   \n\n  ');
    const r = await cli('run', empty, '--out', join(dir, 'out2'), '--fresh');
    expect(r.code).toBe(1);
    expect(r.err).toContain('BLANK_INPUT');
    expect(JSON.parse(readFileSync(join(dir, 'out2', 'blank', 'error.json'), 'utf8')).code).toBe(
      'BLANK_INPUT',
    );
  });

  it('says clearly when a file does not exist', async () => {
    const r = await cli('run', join(dir, 'nope.txt'), '--out', join(dir, 'out3'), '--fresh');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/No such file: .*nope\.txt/);
  });
});

describe('paragraf run’s progress', () => {
  it('follows each article through the status.json writes the pipeline makes, without polling', async () => {
    const out = mkdtempSync(join(tmpdir(), 'paragraf-progress-'));
    try {
      const updates: Array<[string, StatusDocument['state'] | undefined]> = [];
      const ended: string[] = [];
      const sink = {
        update: (id: string, status: StatusDocument | undefined) => {
          // What arrives after the article's own end is the run's final word, not an S3 event.
          if (!ended.includes(id)) updates.push([id, status?.state]);
        },
        print: () => {},
        done: () => {},
      };
      const outcomes = await runFiles([example], { out, source: 'en', progress: sink }, (o) =>
        ended.push(o.articleId),
      );
      expect(outcomes.map((o) => o.state)).toEqual(['succeeded']);
      // The first update is the article waiting; then what Split and Assemble wrote, as they wrote it.
      expect(updates[0]).toEqual(['harbour-tram', undefined]);
      const seen = updates.slice(1).map(([, state]) => state);
      expect(seen).toContain('running');
      expect(seen.indexOf('running')).toBeLessThan(seen.lastIndexOf('succeeded'));
      expect(existsSync(join(out, 'harbour-tram', 'status.json'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('errors that name the next step, before anything starts', () => {
  it('a folder as input names the files to give instead', async () => {
    const r = await cli('run', dir, '--out', join(dir, 'out-folder'));
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `${dir} is a folder, not an article. Name the files in it, for example: ${dir}/*.txt`,
    );
  });

  it('an unknown --terminology lists the known ones', async () => {
    const r = await cli('run', example, '--terminology', 'news-nmes', '--out', join(dir, 'out-terms'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/No terminology "news-nmes" in .*examples\/terminology\/\. Known: news-names/);
    expect(existsSync(join(dir, 'out-terms'))).toBe(false);
  });

  it('two --terminology names are refused: Amazon Translate applies one per request', async () => {
    const r = await cli('run', example, '--terminology', 'news-names,other', '--out', join(dir, 'out-two'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/applies one custom terminology per request/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('paragraf summarize', () => {
  it('stops quietly when its reader closes the pipe (| head)', async () => {
    const { spawn } = await import('node:child_process');
    const long = join(dir, 'long.txt');
    // Output well past a pipe's 64 KiB buffer, so the writer is still writing when the reader leaves.
    writeFileSync(
      long,
      `Long\n\n${Array.from({ length: 3000 }, (_, i) => `Item ${i} was approved.`).join('\n\n')}`,
    );
    const child = spawn(process.execPath, [bin, 'summarize', long, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(err).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  }, 30_000);

  it('prints one JSON array of {file, title, summary, paragraphs: [{text, gist}]} for several files', async () => {
    const html = new URL('./fixtures/market.html', import.meta.url).pathname;
    const r = await cli('summarize', example, html, '--sentences', '2', '--json');
    expect(r.code).toBe(0);
    const Result = z.array(
      z.object({
        file: z.string(),
        title: z.string().nullable(),
        summary: z.array(z.string()),
        paragraphs: z.array(z.object({ text: z.string(), gist: z.string() })),
      }),
    );
    const parsed = Result.parse(JSON.parse(r.out));
    expect(parsed.map((p) => [p.file, p.title])).toEqual([
      [example, 'Riverside council approves harbour tram after late-night vote'],
      [html, 'Market hall gets a new roof'],
    ]);
    expect(parsed[0]?.summary).toHaveLength(2);
    const paragraphs = parsed[0]?.paragraphs ?? [];
    expect(paragraphs.length).toBeGreaterThan(10);
    for (const { text, gist } of paragraphs) {
      expect(gist).toMatch(/[.!?]["”’]?$/);
      expect(gist).not.toMatch(/…/);
      if (text.split(/\s+/).length > 20) expect(gist).not.toBe(text);
    }
  });

  it('rejects a bad --sentences value with a usage error', async () => {
    const r = await cli('summarize', example, '--sentences', 'zero');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/whole number/);
  });
});
