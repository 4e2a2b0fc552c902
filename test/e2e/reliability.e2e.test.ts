import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translationHash, translationManifestKey } from '../../shared/keys.ts';
import type { ArticleDocument } from '../../shared/schemas/document.ts';
import { SplitOutput } from '../../shared/schemas/steps.ts';
import { splitSentences } from '../../shared/text/segmenter.ts';
import { RETRY } from '../../shared/workflow.ts';
import { eventOf, startTestCloud, type TestCloud } from '../helpers/cloud.ts';

/** Nothing lost, nothing doubled: against s3rver, the Translate endpoint and Apertium. */
const example = readFileSync(new URL('../../examples/harbour-tram.txt', import.meta.url), 'utf8');

let t: TestCloud;
/** Every ObjectCreated in the output bucket, by key: how often each output was written. */
const writes = new Map<string, number>();
beforeAll(async () => {
  // One batch per article, so in-batch de-duplication makes the character counts exact.
  t = await startTestCloud({ env: { BATCH_UNITS: '500' } });
  t.cloud.s3.onObjectCreated((record) => {
    if (record.s3.bucket.name !== t.cloud.outputBucket) return;
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    writes.set(key, (writes.get(key) ?? 0) + 1);
  });
});
afterAll(async () => {
  await t?.stop();
});

/** The texts an article is billed for: title, paragraphs, and summary sentences and gists that are not a whole sentence of their paragraph. */
function translatableTexts(doc: ArticleDocument): Set<string> {
  const paragraphs = doc.paragraphs.filter((p) => p.kind !== 'code');
  const sentences = new Set(paragraphs.flatMap((p) => splitSentences(p.text).map((s) => s.trim())));
  const texts = new Set<string>(doc.title ? [doc.title] : []);
  for (const sentence of doc.summary) if (!sentences.has(sentence.trim())) texts.add(sentence);
  for (const p of paragraphs) {
    texts.add(p.text);
    if (p.summary && !sentences.has(p.summary.trim())) texts.add(p.summary);
  }
  return texts;
}

describe('duplicate events', () => {
  it('a replayed event, even three at once, produces one set of outputs and no second Translate bill', async () => {
    const first = await t.upload('incoming/dup.txt', example);
    expect(first.end).toBe('ArticleSucceeded');
    const requestsAfterFirst = t.cloud.translate.counters.requests;
    const event = eventOf(first);

    const replays = await Promise.all([
      t.cloud.machine.execute(event),
      t.cloud.machine.execute(event),
      t.cloud.machine.execute(event),
    ]);
    expect(replays.map((r) => r.end)).toEqual(['AlreadyHandled', 'AlreadyHandled', 'AlreadyHandled']);
    expect(t.cloud.translate.counters.requests).toBe(requestsAfterFirst);
    expect(writes.get('dup/article.json')).toBe(1);
    expect(writes.get('dup/es.md')).toBe(1);
  });

  it('concurrent deliveries of a fresh event: exactly one execution does the work', async () => {
    // Upload outside the input prefix (no run), then deliver its event three times at once.
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    await t.s3.send(
      new PutObjectCommand({ Bucket: t.cloud.inputBucket, Key: 'incoming/race.txt', Body: example }),
    );
    await t.cloud.idle();
    const original = writes.get('race/article.json');
    expect(original).toBe(1);
    const head = await t.etag(t.cloud.inputBucket, 'incoming/race.txt');
    const event = {
      'detail-type': 'Object Created',
      source: 'aws.s3',
      detail: {
        bucket: { name: t.cloud.inputBucket },
        object: {
          key: 'incoming/race.txt',
          size: Buffer.byteLength(example),
          etag: head?.replace(/"/g, ''),
          sequencer: 'FFFFFFFFFFFF000001',
        },
      },
    };
    const runs = await Promise.all([
      t.cloud.machine.execute(event),
      t.cloud.machine.execute(event),
      t.cloud.machine.execute(event),
    ]);
    expect(runs.filter((r) => r.end === 'ArticleSucceeded')).toHaveLength(1);
    expect(runs.filter((r) => r.end === 'AlreadyHandled')).toHaveLength(2);
    expect(writes.get('race/article.json')).toBe(2);
  });
});

describe('ordering', () => {
  it('a run for an older upload never overwrites the outputs of a newer one', async () => {
    const v1 = await t.upload(
      'incoming/order.txt',
      'Old version\n\nThe council met on Monday and voted.\n\nNothing changed.',
    );
    const v2 = await t.upload(
      'incoming/order.txt',
      'New version\n\nThe council met on Tuesday and approved the tram.\n\nWork starts soon.',
    );
    expect([v1.end, v2.end]).toEqual(['ArticleSucceeded', 'ArticleSucceeded']);
    const before = writes.get('order/article.json');
    // The older event arrives late (S3 delivers out of order).
    const late = await t.cloud.machine.execute(eventOf(v1));
    expect(late.end).toBe('AlreadyHandled');
    expect(late.output).toMatchObject({ skip: true, reason: 'superseded' });
    expect(writes.get('order/article.json')).toBe(before);
    expect((await t.article('order')).title).toBe('New version');
    expect((await t.status('order')).state).toBe('succeeded');
  });
});

describe('each source sentence billed once', () => {
  it('summary sentences and whole-sentence gists come from their paragraph’s translation', async () => {
    const article = example.replaceAll('Riverside', 'Seaside');
    await t.upload('incoming/once.txt', article);
    const doc = await t.article('once');
    const paragraphs = doc.paragraphs.filter((p) => p.kind !== 'code');
    const base = (doc.title?.length ?? 0) + paragraphs.reduce((n, p) => n + p.text.length, 0);
    const compressed = paragraphs
      .filter(
        (p) =>
          p.summary &&
          p.summary !== p.text &&
          !splitSentences(p.text).some((s) => s.trim() === p.summary?.trim()),
      )
      .reduce((n, p) => n + (p.summary?.length ?? 0), 0);
    // The bound: at most 2% over title + paragraphs, plus the gists that are new text.
    expect(doc.stats.charactersSentToTranslate).toBeLessThanOrEqual(1.02 * base + compressed);
    expect(doc.summary.length).toBeGreaterThan(0);
    // Each summary sentence's translation is a sentence of its paragraph's translation.
    const translatedSentences = new Set(
      paragraphs.flatMap((p) => splitSentences(p.translations.es?.text ?? '').map((s) => s.trim())),
    );
    for (const sentence of doc.summaryTranslations.es ?? [])
      expect(translatedSentences.has(sentence.trim())).toBe(true);
  });
});

describe('translation cache', () => {
  it('re-uploading an unchanged article sends 0 characters to Translate', async () => {
    // Other tests here translated the example: a variant of it is new to the cache.
    const article = example.replaceAll('Riverside', 'Lakeside');
    await t.upload('incoming/cached.txt', article);
    const first = await t.article('cached');
    expect(first.stats.charactersSentToTranslate).toBeGreaterThan(0);
    const again = await t.upload('incoming/cached.txt', article);
    expect(again.end).toBe('ArticleSucceeded');
    const second = await t.article('cached');
    expect(second.stats.charactersSentToTranslate).toBe(0);
    expect(second.stats.charactersFromCache).toBeGreaterThan(0);
    expect(second.paragraphs.map((p) => p.translations.es?.text)).toEqual(
      first.paragraphs.map((p) => p.translations.es?.text),
    );
  });

  it('an edit to one paragraph sends only the texts that changed', async () => {
    const article = example.replaceAll('Riverside', 'Hillside');
    await t.upload('incoming/edited.txt', article);
    const before = await t.article('edited');
    const edited = article.replace(
      'Construction is due to start in March',
      'Construction is due to start in April',
    );
    await t.upload('incoming/edited.txt', edited);
    const after = await t.article('edited');
    const known = translatableTexts(before);
    const changed = [...translatableTexts(after)].filter((text) => !known.has(text));
    expect(changed.length).toBeGreaterThan(0);
    // Changed texts may share a call: each one after the first carries a two-character separator.
    const changedCharacters = changed.reduce((n, text) => n + text.length, 0);
    expect(after.stats.charactersSentToTranslate).toBeGreaterThanOrEqual(changedCharacters);
    expect(after.stats.charactersSentToTranslate).toBeLessThanOrEqual(changedCharacters + 2 * changed.length);
    const everything = [...translatableTexts(after)].reduce((n, text) => n + text.length, 0);
    expect(after.stats.charactersSentToTranslate).toBeLessThan(everything / 4);
  });

  it('a first upload does not look for a manifest: without a status.json no earlier run left one', async () => {
    const paragraph = 'The library opened a reading room for children on Saturdays.';
    const hash = translationHash({ source: 'en', target: 'es', terminologyNames: [], text: paragraph });
    // A manifest no run wrote (the article has no status.json), with a translation nobody would make.
    await t.s3.send(
      new PutObjectCommand({
        Bucket: t.cloud.outputBucket,
        Key: translationManifestKey(t.cloud.config.CACHE_PREFIX, 'unseen'),
        Body: JSON.stringify({ engine: t.cloud.deps.translator.name, entries: { [hash]: 'PLANTED' } }),
      }),
    );
    const result = await t.upload('incoming/unseen.txt', `${paragraph}\n\nIt opens at ten.`, {
      'source-language': 'en',
    });
    expect(SplitOutput.parse(result.calls[0]?.output)).toMatchObject({ run: { seenBefore: false } });
    const doc = await t.article('unseen');
    expect(doc.paragraphs[0]?.translations.es?.text).not.toBe('PLANTED');
    expect(doc.stats.charactersFromCache).toBe(0);
    // The next run of the article reads the manifest its first run wrote.
    const again = await t.upload('incoming/unseen.txt', `${paragraph}\n\nIt opens at ten.`, {
      'source-language': 'en',
    });
    expect(SplitOutput.parse(again.calls[0]?.output)).toMatchObject({ run: { seenBefore: true } });
    expect((await t.article('unseen')).stats.charactersSentToTranslate).toBe(0);
  });
});

describe('torn writes', () => {
  it('a translation manifest caught mid-write counts as a miss, never as a failure', async () => {
    const paragraph = 'The ferry company added a night crossing to the island on Fridays.';
    const key = translationManifestKey(t.cloud.config.CACHE_PREFIX, 'torn');
    const text = `Ferry news\n\n${paragraph}\n\nTickets go on sale on Monday morning.`;
    // A first run, so the article has a status.json and its next run reads the manifest.
    await t.upload('incoming/torn.txt', text, { 'source-language': 'en' });
    await t.s3.send(
      new PutObjectCommand({
        Bucket: t.cloud.outputBucket,
        Key: key,
        Body: '{"engine": "apertium", "entries": {"ab": "El ferr',
      }),
    );
    const result = await t.upload('incoming/torn.txt', text, { 'source-language': 'en' });
    expect(result.end).toBe('ArticleSucceeded');
    const doc = await t.article('torn');
    expect(doc.paragraphs[0]?.translations.es?.text).toMatch(/ferry|transbordador/i);
    expect(doc.stats.charactersSentToTranslate).toBeGreaterThan(paragraph.length - 1);
  });
});

describe('faults', () => {
  let faulty: TestCloud;
  afterAll(async () => {
    await faulty?.stop();
  });

  it('completes with every paragraph translated under 30% throttling and 5% server errors', async () => {
    faulty = await startTestCloud({
      faults: { throttle: 0.3, error: 0.05, latency: 2, seed: 7 },
      retryTimeScale: 0.02,
    });
    // Paragraphs share calls, so one article makes few: 32 of them make enough calls to meet both kinds of fault.
    const names = Array.from({ length: 32 }, (_, i) => `throttled-${i}`);
    const results = await Promise.all(
      names.map((name, i) =>
        faulty.upload(
          `incoming/${name}.txt`,
          example.replace(/\d+/g, (n) => String(Number(n) + i)),
        ),
      ),
    );
    for (const result of results) expect(result.end).toBe('ArticleSucceeded');
    for (const name of names) {
      const doc = await faulty.article(name);
      for (const p of doc.paragraphs) expect(p.translations.es?.text.length).toBeGreaterThan(0);
    }
    expect(faulty.cloud.translate.counters.throttled).toBeGreaterThan(5);
    expect(faulty.cloud.translate.counters.injectedErrors).toBeGreaterThan(0);
  });

  it('gives up after bounded retries when the engine never recovers, and says why', async () => {
    const down = await startTestCloud({
      faults: { throttle: 1, error: 0, latency: 0, seed: 1 },
      retryTimeScale: 0.001,
    });
    try {
      const started = Date.now();
      const result = await down.upload(
        'incoming/never.txt',
        'Never translated\n\nThe council met on Monday.\n\nIt voted.',
      );
      expect(result.end).toBe('ArticleFailed');
      const attempts = result.calls.filter((c) => c.step === 'translate');
      expect(attempts.length).toBe(RETRY.maxAttempts + 1); // one try, then the retries RETRY allows
      expect((await down.error('never')).code).toBe('THROTTLED');
      expect(Date.now() - started).toBeLessThan(90_000);
    } finally {
      await down.stop();
    }
    // Each attempt carries the SDK's own retries of the throttled calls: longer than the default timeout.
  }, 120_000);
});

describe('a text repeated across batches', () => {
  let small: TestCloud;
  beforeAll(async () => {
    // Three units a batch: the repeats below land in other batches than their first copy.
    small = await startTestCloud({ env: { BATCH_UNITS: '3' } });
  });
  afterAll(async () => {
    await small?.stop();
  });

  it('is translated once for the article, and every copy gets that translation', async () => {
    // A refrain the article repeats (a quote, a standing fact box), not page furniture.
    const notice =
      'The mayor said the line would change the harbour for a generation. Tickets will cost two euros.';
    const council = 'The council approved the tram line on Wednesday. Work starts in March.';
    const ferry = 'The ferry company added a night crossing to the island on Fridays.';
    const paragraphs = [
      council,
      notice,
      ferry,
      notice,
      'Tickets go on sale on Monday morning.',
      notice,
      council,
    ];
    const result = await small.upload('incoming/repeats.txt', `Harbour news\n\n${paragraphs.join('\n\n')}`, {
      'source-language': 'en',
    });
    expect(result.end).toBe('ArticleSucceeded');
    const doc = await small.article('repeats');
    expect(doc.stats.batches).toBeGreaterThanOrEqual(3);
    expect(doc.paragraphs.map((p) => p.text)).toEqual(paragraphs);
    const es = (i: number) => doc.paragraphs[i]?.translations.es;
    expect(es(1)?.text).toMatch(/alcalde|billetes|puerto/i);
    for (const [first, again] of [
      [1, 3],
      [1, 5],
      [0, 6],
    ] as const) {
      expect(es(again)?.text).toBe(es(first)?.text);
      expect(es(again)?.summary).toBe(es(first)?.summary);
      expect(doc.paragraphs[again]?.summary).toBe(doc.paragraphs[first]?.summary);
    }
    // Billed once per distinct text: the title and the four distinct paragraphs, plus the gists
    // that are new text (each distinct one once) and a separator between texts sharing a call.
    const distinct = [...new Set(paragraphs)];
    const sentences = new Set(distinct.flatMap((p) => splitSentences(p).map((s) => s.trim())));
    const gists = new Set(
      doc.paragraphs
        .map((p) => p.summary)
        .filter((g) => g && !distinct.includes(g) && !sentences.has(g.trim())),
    );
    const once = [doc.title ?? '', ...distinct, ...gists].reduce((n, text) => n + text.length, 0);
    expect(doc.stats.charactersSentToTranslate).toBeLessThanOrEqual(
      once + 2 * (distinct.length + gists.size),
    );
    const everyCopy = paragraphs.reduce((n, text) => n + text.length, 0);
    expect(doc.stats.charactersSentToTranslate).toBeLessThan(everyCopy);
  });
});
