import pLimit from 'p-limit';
import { classifyError, TranslationError } from '../errors.ts';
import { cacheKey, outputKeys, workKeys } from '../keys.ts';
import type { Translator } from '../ports.ts';
import {
  type BatchFile,
  BatchUnits,
  CacheEntry,
  type TranslateInput,
  type TranslateOutput,
} from '../schemas/steps.ts';
import { chunkForTranslation } from '../text/chunker.ts';
import { type PipelineDeps, parseJsonOrUndefined, readJson, writeJson } from './deps.ts';
import { addProgress } from './ordering.ts';

const CACHE_IO_CONCURRENCY = 16;

export type TranslateDeps = Pick<PipelineDeps, 'config' | 'store' | 'translator' | 'logger' | 'now'>;

export interface TextTranslation {
  text: string;
  characters: number;
  requests: number;
}

/**
 * Translates one text of any length: chunks of at most 10,000 UTF-8 bytes cut at sentence
 * boundaries, sent concurrently through `limit`, joined with the whitespace that separated them.
 */
export async function translateText(
  translator: Translator,
  text: string,
  request: { source: string; target: string; terminologyNames: readonly string[] },
  limit: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<TextTranslation> {
  const chunks = chunkForTranslation(text);
  const pieces = await Promise.all(
    chunks.map(async (chunk) => {
      const body = chunk.trim();
      if (!body) return { translated: '', trailing: chunk };
      const translated = await limit(() => translator.translate({ ...request, text: body }));
      return { translated: translated.trim(), trailing: /\s*$/.exec(chunk)?.[0] ?? '' };
    }),
  );
  const joined = pieces
    .map((p, i) => (i < pieces.length - 1 ? p.translated + (p.trailing || ' ') : p.translated))
    .join('');
  const sent = chunks.filter((c) => c.trim()).map((c) => c.trim());
  return { text: joined, characters: sent.reduce((sum, c) => sum + c.length, 0), requests: sent.length };
}

/**
 * Step 3 (one Map iteration): translate a batch of units into every target language. Each text is
 * looked up in the content-addressed cache first, so an unchanged paragraph is never billed twice,
 * and identical texts inside a batch are translated once.
 */
export async function translateBatch(input: TranslateInput, deps: TranslateDeps): Promise<TranslateOutput> {
  const { config, store, translator, logger } = deps;
  const started = deps.now().getTime();
  const { run, batch } = input;
  const work = workKeys(config.WORK_PREFIX, run.articleId, run.runId);
  const slice = await readJson(store, config.OUTPUT_BUCKET, work.batchUnits(batch.index), (v) =>
    BatchUnits.parse(v),
  );
  if (slice.length !== batch.end - batch.start) {
    throw new Error(`Batch ${batch.index} has ${slice.length} units, expected ${batch.end - batch.start}`);
  }
  const limit = pLimit(config.TRANSLATE_CONCURRENCY);
  // Cache reads and writes are cheap next to translations: they get more parallelism.
  const io = pLimit(CACHE_IO_CONCURRENCY);
  const totals = { characters: 0, cachedCharacters: 0, requests: 0 };

  const translateCached = async (text: string, target: string): Promise<string> => {
    const request = { source: run.sourceLanguage, target, terminologyNames: config.TERMINOLOGY_NAMES };
    const key = cacheKey(config.CACHE_PREFIX, { engine: translator.name, ...request, text });
    const hit = await io(() => store.getText(config.OUTPUT_BUCKET, key));
    const cached = CacheEntry.safeParse(parseJsonOrUndefined(hit));
    if (cached.success) {
      totals.cachedCharacters += text.length;
      return cached.data.translated;
    }
    const result = await translateText(translator, text, request, limit).catch((err: unknown) => {
      if (err instanceof Error && err.name === 'UnsupportedLanguagePairException') {
        const how = run.languageSource.startsWith('metadata')
          ? 'was set by metadata'
          : `was detected by ${run.languageSource}`;
        throw new TranslationError(
          'UNSUPPORTED_LANGUAGE_PAIR',
          `${translator.name} cannot translate from ${run.sourceLanguage} to ${target}. The source language ${how}; if it is wrong, set the object metadata source-language.`,
          { cause: err },
        );
      }
      throw err;
    });
    totals.characters += result.characters;
    totals.requests += result.requests;
    const entry: CacheEntry = { translated: result.text };
    await io(() => store.put(config.OUTPUT_BUCKET, key, JSON.stringify(entry), 'application/json'));
    return result.text;
  };

  // Every text of every language at once (bounded by `limit`), settled before anything is thrown:
  // a failure must not leave translations in flight that a retry would pay for again.
  const once = new Map<string, Promise<string>>();
  const pending = run.targetLanguages.map((target) =>
    slice.map((unit) => {
      if (!unit.translate) return Promise.resolve(unit.text);
      const key = `${target}\n${unit.text}`;
      let translation = once.get(key);
      if (!translation) {
        translation = translateCached(unit.text, target);
        once.set(key, translation);
      }
      return translation;
    }),
  );
  const settled = await Promise.all(pending.map((texts) => Promise.allSettled(texts)));
  const failures = settled.flat().flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (failures.length > 0) {
    // A permanent failure says more than a transient one that happened beside it.
    throw failures.find((f) => !classifyError(f).retryable) ?? failures[0];
  }
  const translations: Record<string, string[]> = {};
  for (const [i, target] of run.targetLanguages.entries()) {
    translations[target] = (settled[i] ?? []).map((s) => (s.status === 'fulfilled' ? s.value : ''));
  }
  const file: BatchFile = {
    index: batch.index,
    start: batch.start,
    translations,
    ...totals,
    translator: translator.name,
  };
  await writeJson(store, config.OUTPUT_BUCKET, work.batch(batch.index), file);
  const paragraphs = slice.filter((u) => u.id.startsWith('p')).length;
  await addProgress(store, config.OUTPUT_BUCKET, outputKeys.status(run.articleId), run.runId, paragraphs);
  const ms = deps.now().getTime() - started;
  logger.info('translate.done', {
    articleId: run.articleId,
    runId: run.runId,
    batch: batch.index,
    units: slice.length,
    ...totals,
    ms,
  });
  return { index: batch.index, ...totals, ms };
}
