import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3, startLocalS3 } from '../../infra/local/s3-server.ts';
import { silentLogger } from '../../shared/adapters/json-logger.ts';
import { noMetrics } from '../../shared/adapters/metrics.ts';
import { S3ObjectStore } from '../../shared/adapters/s3-store.ts';
import { loadConfig } from '../../shared/config.ts';
import { workKeys } from '../../shared/keys.ts';
import { translateBatch } from '../../shared/pipeline/translate.ts';
import type { TranslateRequest, Translator } from '../../shared/ports.ts';
import { BatchFile, type Unit } from '../../shared/schemas/steps.ts';

/**
 * Sentences cut from their paragraph's translation, on the local S3: cut when the translation
 * splits into as many sentences as the source, sent on their own when it does not.
 */
class SentenceTranslator implements Translator {
  readonly texts: string[] = [];
  readonly name: string;
  constructor(private readonly mergeSentences: boolean) {
    // Its own name, so the translation cache (keyed by engine) is its own too.
    this.name = mergeSentences ? 'fake-merging' : 'fake';
  }
  async translate(request: TranslateRequest): Promise<string> {
    this.texts.push(request.text);
    const upper = request.text.toUpperCase();
    // An engine that joins two sentences into one ("A. B." → "A; B.") breaks the alignment.
    return this.mergeSentences ? upper.replace(/\. (?=\S)/g, '; ') : upper;
  }
}

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3({ buckets: ['out'] });
});
afterAll(async () => {
  await s3?.stop();
});

const config = loadConfig({
  OUTPUT_BUCKET: 'out',
  INPUT_PREFIX: 'incoming/',
  WORK_PREFIX: '_work/',
  CACHE_PREFIX: '_cache/',
  DEFAULT_TARGET_LANGUAGES: 'es',
  EVENT_BUS_NAME: 'default',
});
const units: Unit[] = [
  { id: 'p0', text: 'The council met. It approved the tram.', translate: true },
  { id: 's0', text: 'It approved the tram.', translate: true, of: { unit: 'p0', sentence: 1 } },
];

async function runBatch(articleId: string, translator: SentenceTranslator) {
  const store = new S3ObjectStore(s3.client());
  const runId = '0123456789abcdef';
  const work = workKeys(config.WORK_PREFIX, articleId, runId);
  await store.put('out', work.batchUnits(0), JSON.stringify(units), 'application/json');
  const run = {
    articleId,
    runId,
    source: {
      bucket: 'in',
      key: `incoming/${articleId}.txt`,
      etag: '"e"',
      bytes: 40,
      format: 'txt' as const,
    },
    sourceLanguage: 'en',
    targetLanguages: ['es'],
    languageSource: 'test',
    startedAt: new Date().toISOString(),
  };
  await translateBatch(
    { run, batch: { index: 0, start: 0, end: units.length } },
    { config, store, translator, logger: silentLogger, metrics: noMetrics, now: () => new Date() },
  );
  return BatchFile.parse(JSON.parse((await store.getText('out', work.batch(0))) ?? '{}'));
}

describe('a sentence of a paragraph in the batch', () => {
  it('is cut from the paragraph translation and not sent again', async () => {
    const translator = new SentenceTranslator(false);
    const file = await runBatch('aligned', translator);
    expect(translator.texts).toEqual(['The council met. It approved the tram.']);
    expect(file.translations.es).toEqual(['THE COUNCIL MET. IT APPROVED THE TRAM.', 'IT APPROVED THE TRAM.']);
    expect(file.alignedCharacters).toBe('It approved the tram.'.length);
    expect(file.characters).toBe(units[0]?.text.length);
  });

  it('is translated on its own when the paragraph translation does not split the same way', async () => {
    const translator = new SentenceTranslator(true);
    const file = await runBatch('merged', translator);
    expect(translator.texts).toEqual(['The council met. It approved the tram.', 'It approved the tram.']);
    expect(file.translations.es?.[1]).toBe('IT APPROVED THE TRAM.');
    expect(file.unalignedSentences).toBe(1);
  });
});
