import pLimit from 'p-limit';
import { classifyError, TranslationError } from '../errors.ts';
import { cacheKey, outputKeys, workKeys } from '../keys.ts';
import { sameLanguage } from '../languages.ts';
import type { Translator } from '../ports.ts';
import {
  type BatchFile,
  BatchUnits,
  CacheEntry,
  type TranslateInput,
  type TranslateOutput,
  type TranslationNote,
  type Unit,
} from '../schemas/steps.ts';
import { chunkForTranslation } from '../text/chunker.ts';
import { splitSentences } from '../text/segmenter.ts';
import { type PipelineDeps, parseJsonOrUndefined, readJson, writeJson } from './deps.ts';
import { addProgress } from './ordering.ts';
import { pacer } from './pace.ts';

const CACHE_IO_CONCURRENCY = 16;

export type TranslateDeps = Pick<
  PipelineDeps,
  'config' | 'store' | 'translator' | 'logger' | 'metrics' | 'now'
>;

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
  pace: () => Promise<void> = async () => {},
): Promise<TextTranslation> {
  const chunks = chunkForTranslation(text);
  const pieces = await Promise.all(
    chunks.map(async (chunk) => {
      const body = chunk.trim();
      if (!body) return { translated: '', trailing: chunk };
      const translated = await limit(async () => {
        await pace();
        return translator.translate({ ...request, text: body });
      });
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
  const pace = pacer(config.TRANSLATE_REQUESTS_PER_SECOND);
  // Cache reads and writes are cheap next to translations: they get more parallelism.
  const io = pLimit(CACHE_IO_CONCURRENCY);
  // alignedCharacters: sentences cut from their paragraph's translation instead of sent again.
  const totals = {
    characters: 0,
    cachedCharacters: 0,
    requests: 0,
    alignedCharacters: 0,
    unalignedSentences: 0,
  };

  const translateCached = async (text: string, source: string, target: string): Promise<string> => {
    const request = { source, target, terminologyNames: config.TERMINOLOGY_NAMES };
    const key = cacheKey(config.CACHE_PREFIX, { engine: translator.name, ...request, text });
    const hit = await io(() => store.getText(config.OUTPUT_BUCKET, key));
    const cached = CacheEntry.safeParse(parseJsonOrUndefined(hit));
    if (cached.success) {
      totals.cachedCharacters += text.length;
      return cached.data.translated;
    }
    const result = await translateText(translator, text, request, limit, pace).catch((err: unknown) => {
      if (err instanceof Error && err.name === 'UnsupportedLanguagePairException') {
        throw new TranslationError(
          'UNSUPPORTED_LANGUAGE_PAIR',
          `${translator.name} cannot translate from ${source} to ${target}: ${err.message.slice(0, 300)}`,
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
  const notes: Record<string, Record<string, TranslationNote>> = {};
  const note = (target: string, offset: number, value: TranslationNote) => {
    const forTarget = notes[target] ?? {};
    forTarget[String(offset)] = value;
    notes[target] = forTarget;
  };
  const once = new Map<string, Promise<string>>();
  const offsetOf = new Map(slice.map((unit, offset) => [unit.id, offset]));
  // A paragraph's translation split into sentences, once per paragraph and language, when it has
  // as many as the source; undefined when it does not (or the paragraph failed).
  const aligned = new Map<Promise<string>, Promise<string[] | undefined>>();
  const alignedSentences = (text: string, translation: Promise<string>) => {
    let sentences = aligned.get(translation);
    if (!sentences) {
      sentences = translation.then(
        (translated) => {
          const cut = splitSentences(translated);
          return cut.length === splitSentences(text).length ? cut : undefined;
        },
        () => undefined,
      );
      aligned.set(translation, sentences);
    }
    return sentences;
  };
  const translateUnit = async (
    unit: Unit,
    offset: number,
    target: string,
    earlier: ReadonlyArray<Promise<string>>,
  ): Promise<string> => {
    if (!unit.translate) return unit.text;
    const source = unit.language ?? run.sourceLanguage;
    // Already in the target language (a quote in the language it is translated into): copied, not billed.
    if (source !== 'auto' && sameLanguage(source, target)) {
      note(target, offset, 'same-language');
      return unit.text;
    }
    // A sentence of a paragraph in this batch: cut from the paragraph's translation when the
    // translation has as many sentences as the source; translated on its own otherwise.
    const home = unit.of ? offsetOf.get(unit.of.unit) : undefined;
    const paragraph = home === undefined ? undefined : slice[home];
    const homeTranslation = home === undefined ? undefined : earlier[home];
    if (unit.of && paragraph && homeTranslation) {
      const cut = (await alignedSentences(paragraph.text, homeTranslation))?.[unit.of.sentence]?.trim();
      if (cut) {
        totals.alignedCharacters += unit.text.length;
        return cut;
      }
      totals.unalignedSentences++;
    }
    const key = `${source}\n${target}\n${unit.text}`;
    let translation = once.get(key);
    if (!translation) {
      translation = translateCached(unit.text, source, target);
      once.set(key, translation);
    }
    try {
      return await translation;
    } catch (err) {
      // A paragraph in a third language the engine lacks a pair for is kept as written, flagged.
      if (unit.language && classifyError(err).code === 'UNSUPPORTED_LANGUAGE_PAIR') {
        note(target, offset, 'no-engine-pair');
        return unit.text;
      }
      throw err;
    }
  };
  const pending = run.targetLanguages.map((target) => {
    const results: Array<Promise<string>> = [];
    for (const [offset, unit] of slice.entries()) results.push(translateUnit(unit, offset, target, results));
    return results;
  });
  const settled = await Promise.all(pending.map((texts) => Promise.allSettled(texts)));
  const translations: Record<string, string[]> = {};
  const failed: Record<string, { code: string; message: string }> = {};
  const errors: unknown[] = [];
  for (const [i, target] of run.targetLanguages.entries()) {
    const results = settled[i] ?? [];
    const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const unsupported = rejected.find((e) => classifyError(e).code === 'UNSUPPORTED_LANGUAGE_PAIR');
    if (unsupported) {
      // One missing pair does not sink the other languages: this one is recorded as failed.
      const { code, message } = classifyError(unsupported);
      failed[target] = { code, message };
      continue;
    }
    for (const e of rejected) errors.push(e);
    translations[target] = results.map((r) => (r.status === 'fulfilled' ? r.value : ''));
  }
  if (errors.length > 0) {
    // A permanent failure says more than a transient one that happened beside it.
    throw errors.find((f) => !classifyError(f).retryable) ?? errors[0];
  }
  const failures = Object.values(failed);
  if (failures.length === run.targetLanguages.length && failures[0]) {
    throw new TranslationError(
      'UNSUPPORTED_LANGUAGE_PAIR',
      run.targetLanguages.map((t) => failed[t]?.message).join(' '),
    );
  }
  const file: BatchFile = {
    index: batch.index,
    start: batch.start,
    translations,
    ...totals,
    translator: translator.name,
    notes,
    failed,
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
  return {
    index: batch.index,
    characters: totals.characters,
    cachedCharacters: totals.cachedCharacters,
    requests: totals.requests,
    ms,
  };
}
