import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleDocument } from '../shared/schemas/document.ts';
import { cli } from './helpers/cli.ts';
import { startTestCloud, type TestCloud } from './helpers/cloud.ts';

/** upload, status, fetch and ls against the local cloud, end to end, as `paragraf serve` offers it. */
let t: TestCloud;
let local: string[];
const dir = mkdtempSync(join(tmpdir(), 'paragraf-remote-'));
const example = new URL('../examples/harbour-tram.txt', import.meta.url).pathname;

beforeAll(async () => {
  process.env.PARAGRAF_POLL_MS = '50';
  t = await startTestCloud();
  local = ['--local', '--endpoint', t.cloud.s3.endpoint];
});
afterAll(async () => {
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the everyday path', () => {
  it('upload --wait reports progress to completion, then status, fetch and ls', async () => {
    const up = await cli('upload', example, '--to', 'es', '--wait', ...local);
    expect(up.err).toBe('');
    expect(up.code).toBe(0);
    expect(up.out).toContain('uploaded');
    expect(up.out).toContain('harbour-tram  succeeded  20/20 paragraphs');

    const status = await cli('status', 'harbour-tram', ...local);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/harbour-tram {2}succeeded {2}20\/20 paragraphs/);

    const html = await cli('fetch', 'harbour-tram', '--format', 'html', '--out', dir, ...local);
    expect(html.code).toBe(0);
    expect(readFileSync(join(dir, 'harbour-tram', 'index.html'), 'utf8')).toContain('<section class="row');

    const json = await cli('fetch', 'incoming/harbour-tram.txt', '--format', 'json', ...local);
    expect(ArticleDocument.parse(JSON.parse(json.out)).paragraphs).toHaveLength(20);

    const md = await cli('fetch', 'harbour-tram.txt', '--lang', 'es', ...local);
    expect(md.out.startsWith('# ')).toBe(true);

    const ls = await cli('ls', ...local);
    expect(ls.out).toMatch(/harbour-tram {2}succeeded/);
  });

  it('ls pages past more than a thousand work and cache files', async () => {
    await Promise.all(
      Array.from({ length: 1010 }, (_, i) =>
        t.s3.send(
          new PutObjectCommand({
            Bucket: t.cloud.outputBucket,
            Key: `_cache/zz/${String(i).padStart(5, '0')}.json`,
            Body: '{}',
          }),
        ),
      ),
    );
    await t.upload(
      'incoming/zebra-news.txt',
      'Zebra news\n\nThe zoo welcomed a zebra on Monday morning.\n\nVisitors came early.',
      { 'source-language': 'en' },
    );
    const ls = await cli('ls', '--json', ...local);
    const ids = (JSON.parse(ls.out) as Array<{ articleId: string }>).map((a) => a.articleId);
    expect(ids).toContain('harbour-tram');
    expect(ids).toContain('zebra-news');
  });
});

describe('errors that name the next step', () => {
  it('an unknown article', async () => {
    const r = await cli('status', 'no-such-article', ...local);
    expect(r.code).toBe(1);
    expect(r.err).toContain('No article "no-such-article"');
    expect(r.err).toContain('paragraf ls');
  });

  it('a failed article shows the reason from error.json', async () => {
    const empty = join(dir, 'blank-upload.txt');
    writeFileSync(empty, '');
    const up = await cli('upload', empty, '--wait', ...local);
    expect(up.code).toBe(1);
    expect(up.out).toContain('EMPTY_INPUT');
    const fetch = await cli('fetch', 'blank-upload', ...local);
    expect(fetch.code).toBe(1);
    expect(fetch.err).toContain('failed: EMPTY_INPUT');
  });

  it('an article still running', async () => {
    const running = {
      articleId: 'in-flight',
      runId: 'r',
      state: 'running',
      sourceKey: 'incoming/in-flight.txt',
      updatedAt: new Date().toISOString(),
      progress: { done: 3, total: 10 },
    };
    await t.s3.send(
      new PutObjectCommand({
        Bucket: t.cloud.outputBucket,
        Key: 'in-flight/status.json',
        Body: JSON.stringify(running),
      }),
    );
    const r = await cli('fetch', 'in-flight', ...local);
    expect(r.code).toBe(1);
    expect(r.err).toContain('still running (3/10 paragraphs)');
    expect(r.err).toContain('paragraf status in-flight --wait');
  });

  it('an unsupported language, before anything is uploaded, and a translation that does not exist', async () => {
    const bad = await cli('upload', example, '--to', 'spanish!', ...local);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('not a language code');
    const missing = await cli('fetch', 'harbour-tram', '--lang', 'fr', ...local);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('has no fr translation');
    expect(missing.err).toContain('paragraf translate harbour-tram --to fr --local');
  });

  it('translate --to adds a language and keeps the ones the article has, from the cache at no cost', async () => {
    // ca is added (Debian's eng-cat); es comes from the cache, so only ca is billed.
    const before = ArticleDocument.parse(
      JSON.parse((await cli('fetch', 'harbour-tram', '--format', 'json', ...local)).out),
    );
    const r = await cli('translate', 'harbour-tram', '--to', 'CA', '--wait', ...local);
    expect(r.out).toContain('translating harbour-tram into es, ca');
    expect(r.code).toBe(0);
    const doc = ArticleDocument.parse(
      JSON.parse((await cli('fetch', 'harbour-tram', '--format', 'json', ...local)).out),
    );
    expect(doc.targetLanguages).toEqual(['es', 'ca']);
    expect(doc.failedLanguages).toEqual([]);
    expect(doc.paragraphs[0]?.translations.es?.text).toBe(before.paragraphs[0]?.translations.es?.text);
    expect(doc.stats.charactersFromCache).toBeGreaterThan(before.stats.charactersSentToTranslate * 0.9);
    expect(doc.stats.charactersSentToTranslate).toBeLessThanOrEqual(
      before.stats.charactersSentToTranslate * 1.1,
    );
  });

  it('hints carry the flags the command ran with, so following one talks to the same place', async () => {
    const missing = await cli('fetch', 'nope', ...local);
    expect(missing.code).toBe(1);
    const hint = /List them with: (paragraf .*)$/m.exec(missing.err)?.[1] ?? '';
    expect(hint).toBe(`paragraf ls --local --endpoint ${t.cloud.s3.endpoint}`);
    const followed = await cli(...hint.split(' ').slice(1));
    expect(followed.code).toBe(0);
    expect(followed.out).toMatch(/harbour-tram {2}succeeded/);

    const status = await cli('status', 'harbour-tram', ...local);
    expect(status.out).toContain(`--format md|page|html|json --local --endpoint ${t.cloud.s3.endpoint}`);
  });

  it('no stack configured', async () => {
    const r = await cli('ls', '--outputs-file', join(dir, 'missing.json'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('npm run deploy');
  });
});
