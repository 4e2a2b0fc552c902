import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';

/**
 * Upload, then outputs: the real s3rver, the real Translate-compatible endpoint and the real
 * Apertium engine, driven through the Lambdas' own handlers.
 */
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.stop();
});

const example = readFileSync(new URL('../../examples/harbour-tram.txt', import.meta.url), 'utf8');
const MARKERS = /[*#@]/;

describe('a 20-paragraph English article dropped into the input bucket', () => {
  it('yields an aligned article.json, Spanish Markdown and a succeeded status', async () => {
    const result = await t.upload('incoming/harbour-tram.txt', example);
    expect(result.status).toBe('SUCCEEDED');

    const doc = await t.article('harbour-tram');
    const sourceParagraphs = example
      .split('\n\n')
      .map((p) => p.trim())
      .slice(1); // line 1 is the title
    expect(sourceParagraphs).toHaveLength(20);
    expect(doc.paragraphs.map((p) => p.text)).toEqual(sourceParagraphs);
    expect(doc.paragraphs.map((p) => p.index)).toEqual(sourceParagraphs.map((_, i) => i));
    expect(doc.title).toBe('Riverside council approves harbour tram after late-night vote');
    expect(doc.sourceLanguage).toBe('en');
    expect(doc.targetLanguages).toEqual(['es']);
    for (const p of doc.paragraphs) {
      const es = p.translations.es;
      expect(es?.text.length).toBeGreaterThan(0);
      expect(es?.text).not.toMatch(MARKERS);
      expect(es?.text).not.toBe(p.text);
      expect(p.summary.length).toBeGreaterThan(0);
      expect(es?.summary.length).toBeGreaterThan(0);
    }
    expect(doc.summary).toHaveLength(3);
    expect(doc.summaryTranslations.es).toHaveLength(3);
    expect(doc.titleTranslations.es?.length).toBeGreaterThan(0);
    expect(doc.stats.paragraphs).toBe(20);
    expect(doc.stats.charactersSentToTranslate).toBeGreaterThan(doc.stats.characters);
    // Paragraphs that end a sentence share TranslateText calls: fewer calls than paragraphs.
    expect(doc.stats.translateRequests).toBeGreaterThanOrEqual(1);
    expect(doc.stats.translateRequests).toBeLessThan(20);
    expect(doc.engines.translation).toMatch(/apertium/);
    expect(doc.source).toMatchObject({
      bucket: t.cloud.inputBucket,
      key: 'incoming/harbour-tram.txt',
      format: 'txt',
      bytes: Buffer.byteLength(example),
    });

    const status = await t.status('harbour-tram');
    expect(status.state).toBe('succeeded');
    expect(status.outputs).toEqual([
      'harbour-tram/article.json',
      'harbour-tram/es.md',
      'harbour-tram/es.html',
      'harbour-tram/index.html',
    ]);
    const md = await t.text(t.cloud.outputBucket, 'harbour-tram/es.md');
    expect(md?.startsWith(`# ${doc.titleTranslations.es}`)).toBe(true);
    expect(md).toContain(doc.paragraphs[19]?.translations.es?.text);
  });

  it('counts what it did, as the Lambdas report it to CloudWatch (ArticlesSucceeded, Paragraphs, step durations)', () => {
    const { counts, durations } = t.cloud.metrics;
    expect(counts.get('ArticlesSucceeded')).toBeGreaterThanOrEqual(1);
    expect(counts.get('Paragraphs')).toBeGreaterThanOrEqual(20);
    expect(counts.get('CharactersTranslated')).toBeGreaterThan(0);
    for (const step of ['split', 'summarize', 'translate', 'assemble'])
      expect(durations.get(step)?.length).toBeGreaterThan(0);
  });

  it('keeps the uploaded object as it was', async () => {
    const body = await t.text(t.cloud.inputBucket, 'incoming/harbour-tram.txt');
    expect(body).toBe(example);
  });
});

describe('other formats', () => {
  it('translates Markdown, keeping the code block untranslated', async () => {
    const md = readFileSync(new URL('../fixtures/council.md', import.meta.url), 'utf8');
    expect((await t.upload('incoming/library.md', md)).status).toBe('SUCCEEDED');
    const doc = await t.article('library');
    expect(doc.source.format).toBe('md');
    expect(doc.title).toBe('Library reopens after flood repairs');
    expect(doc.paragraphs.map((p) => p.kind)).toEqual([
      'paragraph',
      'heading',
      'quote',
      'paragraph',
      'list-item',
      'list-item',
      'list-item',
      'paragraph',
      'code',
      'paragraph',
    ]);
    const code = doc.paragraphs.find((p) => p.kind === 'code');
    expect(code?.translations.es?.text).toBe(code?.text);
    const md2 = await t.text(t.cloud.outputBucket, 'library/es.md');
    expect(md2).toContain('```\ncurl https://library.example/search?q=tram\n```');
  });

  it('translates HTML without its scripts, styles or navigation', async () => {
    const html = readFileSync(new URL('../fixtures/market.html', import.meta.url), 'utf8');
    expect((await t.upload('incoming/market.html', html)).status).toBe('SUCCEEDED');
    const doc = await t.article('market');
    expect(doc.source.format).toBe('html');
    expect(doc.title).toBe('Market hall gets a new roof');
    expect(doc.paragraphs).toHaveLength(5);
    const everything = JSON.stringify(doc);
    expect(everything).not.toContain('CANARY-SCRIPT-TEXT');
    expect(everything).not.toContain('Front page');
    expect(everything).not.toContain('font-family');
  });
});

describe('keys and metadata', () => {
  it('handles keys with spaces, plus signs, percent signs, unicode and deep prefixes', async () => {
    const key = 'incoming/2026/11/Niño 100% + más/Tram news.txt';
    expect(
      (
        await t.upload(
          key,
          'Tram news\n\nThe tram line was approved on Wednesday night.\n\nWork starts in March.',
        )
      ).status,
    ).toBe('SUCCEEDED');
    const doc = await t.article('2026/11/nino-100-mas/tram-news');
    expect(doc.source.key).toBe(key);
    expect(doc.paragraphs).toHaveLength(2);
  });

  it('takes the source language from metadata over detection', async () => {
    const result = await t.upload('incoming/short.txt', 'Tram approved.\n\nWork starts soon.', {
      'source-language': 'en',
      'target-languages': 'es',
    });
    expect(result.status).toBe('SUCCEEDED');
    expect((await t.article('short')).sourceLanguage).toBe('en');
  });

  it('ignores objects outside the input prefix, as the event rule does', async () => {
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    await t.s3.send(
      new PutObjectCommand({
        Bucket: t.cloud.inputBucket,
        Key: 'elsewhere/ignored.txt',
        Body: 'Nothing happens here at all.',
      }),
    );
    await t.cloud.idle();
    expect(await t.text(t.cloud.outputBucket, 'ignored/status.json')).toBeUndefined();
    expect(await t.text(t.cloud.outputBucket, 'elsewhere/ignored/status.json')).toBeUndefined();
  });
});

describe('failures are recorded, not lost', () => {
  it('an empty file fails with EMPTY_INPUT, error.json says why, and the input stays', async () => {
    const result = await t.upload('incoming/empty.txt', new Uint8Array());
    expect(result.status).toBe('FAILED');
    const error = await t.error('empty');
    expect(error).toMatchObject({ code: 'EMPTY_INPUT', sourceKey: 'incoming/empty.txt', retryable: false });
    expect(error.message).toMatch(/empty/i);
    expect((await t.status('empty')).state).toBe('failed');
    expect(await t.etag(t.cloud.inputBucket, 'incoming/empty.txt')).toBe(
      '"d41d8cd98f00b204e9800998ecf8427e"',
    );
  });

  it('a binary file fails with BINARY_INPUT and is kept', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
    expect((await t.upload('incoming/photo.txt', png)).status).toBe('FAILED');
    expect((await t.error('photo')).code).toBe('BINARY_INPUT');
    expect(await t.etag(t.cloud.inputBucket, 'incoming/photo.txt')).toBeDefined();
  });

  it('a target language the engine lacks (and no other) fails fast with UNSUPPORTED_LANGUAGE_PAIR', async () => {
    const result = await t.upload(
      'incoming/to-japanese.txt',
      'The council approved the tram on Wednesday night.\n\nWork starts in March.',
      { 'target-languages': 'ja' },
    );
    expect(result.status).toBe('FAILED');
    expect((await t.error('to-japanese')).code).toBe('UNSUPPORTED_LANGUAGE_PAIR');
    // Permanent: one attempt of the translate step per batch, no retries.
    const translateCalls = result.calls.filter((c) => c.step === 'translate');
    expect(translateCalls.every((c) => c.attempt === 1)).toBe(true);
  });

  it('an invalid target-languages value fails with INVALID_LANGUAGE_CODE', async () => {
    expect(
      (
        await t.upload('incoming/bad-lang.txt', 'The council approved the tram.\n\nMore text here.', {
          'target-languages': 'spanish!',
        })
      ).status,
    ).toBe('FAILED');
    expect((await t.error('bad-lang')).code).toBe('INVALID_LANGUAGE_CODE');
  });
});

describe('logs', () => {
  it('never contain article text', async () => {
    const canary = 'Zyxwvut-canary-sentence';
    await t.upload(
      'incoming/canary.txt',
      `Canary story\n\nThe ${canary} appears in this paragraph only.\n\nA second paragraph follows here.`,
    );
    expect(t.logs.length).toBeGreaterThan(0);
    expect(t.logs.join('\n')).not.toContain(canary);
    expect(t.logs.join('\n')).not.toContain('Canary story');
  });
});
