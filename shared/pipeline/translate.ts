import pLimit from 'p-limit';
import { classifyError, TranslationError } from '../errors.ts';
import { outputKeys, translationHash, workKeys } from '../keys.ts';
import { sameLanguage } from '../languages.ts';
import type { Translator } from '../ports.ts';
import {
  type BatchFile,
  BatchFile as BatchFileSchema,
  BatchUnitsFile,
  PartialBatchFile,
  type TranslateInput,
  type TranslateOutput,
  type TranslationNote,
  type Unit,
} from '../schemas/steps.ts';
import { chunkForTranslation, TRANSLATE_MAX_BYTES } from '../text/chunker.ts';
import { splitSentences } from '../text/segmenter.ts';
import { utf8Length } from '../text/words.ts';
import { type PipelineDeps, parseJsonOrUndefined, readJson, writeJson } from './deps.ts';
import { addProgress } from './ordering.ts';
import { pacer } from './pace.ts';

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

/** Texts that share one TranslateText call are separated by a blank line, and split there again. */
const GROUP_SEPARATOR = '\n\n';
const BLANK_LINE = /\n\s*\n/;
/**
 * A text may share a call only when it ends a sentence: across a blank line with no full stop
 * before it, an engine reorders words over the line (Apertium turned `"fine"` + `The cat sleeps`
 * into `"Los sueños del` + `gato"`), and the parts would still count right.
 */
const ENDS_SENTENCE = /[.!?…。！？]["'”’»)\]]*$/u;

export function groupable(text: string): boolean {
  const body = text.trim();
  return ENDS_SENTENCE.test(body) && !BLANK_LINE.test(body);
}

/**
 * Packs texts into TranslateText calls of at most `maxBytes` (with their separators), in order:
 * texts that may share a call go together, any other text gets a call of its own.
 */
export function packGroups<T extends { text: string }>(
  items: readonly T[],
  maxBytes = TRANSLATE_MAX_BYTES,
): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = utf8Length(item.text.trim());
    if (!groupable(item.text) || size > maxBytes) {
      groups.push([item]);
      continue;
    }
    const added = current.length === 0 ? size : size + GROUP_SEPARATOR.length;
    if (current.length > 0 && bytes + added > maxBytes) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    bytes += current.length === 0 ? size : added;
    current.push(item);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** The parts of a grouped call's answer, or undefined when it does not split into one per text. */
export function splitGroup(translated: string, count: number): string[] | undefined {
  const parts = translated.split(BLANK_LINE).map((part) => part.trim());
  return parts.length === count && parts.every((part) => part.length > 0) ? parts : undefined;
}

/** One text to translate into one language, named by its translationHash. */
interface Need {
  hash: string;
  text: string;
  source: string;
  target: string;
}

type Outcome = { ok: true; text: string } | { ok: false; error: unknown };

/**
 * Step 3 (one Map iteration): translate a batch of units into every target language.
 * - A text the article's previous run translated comes from its manifest (in the batch's units
 *   file), and one this batch's failed attempt paid for comes from that attempt: never billed twice.
 * - Identical texts are translated once; sentences of a paragraph are cut from its translation.
 * - The rest is packed into as few TranslateText calls as the size limit allows.
 */
export async function translateBatch(input: TranslateInput, deps: TranslateDeps): Promise<TranslateOutput> {
  const { config, store, translator, logger } = deps;
  const started = deps.now().getTime();
  const { run, batch } = input;
  const bucket = config.OUTPUT_BUCKET;
  const work = workKeys(config.WORK_PREFIX, run.articleId, run.runId);
  const [file, earlier] = await Promise.all([
    readJson(store, bucket, work.batchUnits(batch.index), (v) => BatchUnitsFile.parse(v)),
    store.getText(bucket, work.batch(batch.index)).then(parseJsonOrUndefined),
  ]);
  const slice = file.units;
  if (slice.length !== batch.end - batch.start) {
    throw new Error(`Batch ${batch.index} has ${slice.length} units, expected ${batch.end - batch.start}`);
  }
  // An attempt that wrote its file and then failed (a timeout in the progress update): done already.
  const done = BatchFileSchema.safeParse(earlier);
  if (done.success && done.data.index === batch.index && done.data.start === batch.start) {
    return {
      index: batch.index,
      characters: done.data.characters,
      cachedCharacters: done.data.cachedCharacters,
      requests: done.data.requests,
      ms: deps.now().getTime() - started,
    };
  }
  const known = new Map<string, string>();
  if (file.cache?.engine === translator.name) {
    for (const [hash, text] of Object.entries(file.cache.entries)) known.set(hash, text);
  }
  const partial = PartialBatchFile.safeParse(earlier);
  if (partial.success && partial.data.index === batch.index) {
    for (const [hash, text] of Object.entries(partial.data.entries)) known.set(hash, text);
  }

  const limit = pLimit(config.TRANSLATE_CONCURRENCY);
  const pace = pacer(config.TRANSLATE_REQUESTS_PER_SECOND);
  // alignedCharacters: sentences cut from their paragraph's translation instead of sent again.
  const totals = {
    characters: 0,
    cachedCharacters: 0,
    requests: 0,
    alignedCharacters: 0,
    unalignedSentences: 0,
    groupedRequests: 0,
    regroupedTexts: 0,
  };
  // Every translation used (cached or new), and the ones paid for by this attempt.
  const entries: Record<string, string> = {};
  const paid: Record<string, string> = {};
  const outcomes = new Map<string, Outcome>();
  // Language pairs whose grouped answers did not split back: their texts go one per call from then on.
  const ungrouped = new Set<string>();

  const unsupported = (err: unknown, source: string, target: string): unknown =>
    err instanceof Error && err.name === 'UnsupportedLanguagePairException'
      ? new TranslationError(
          'UNSUPPORTED_LANGUAGE_PAIR',
          `${translator.name} cannot translate from ${source} to ${target}: ${err.message.slice(0, 300)}`,
          { cause: err },
        )
      : err;
  const settle = (need: Need, outcome: Outcome, fresh: boolean) => {
    outcomes.set(need.hash, outcome);
    if (!outcome.ok) return;
    entries[need.hash] = outcome.text;
    if (fresh) paid[need.hash] = outcome.text;
  };
  const request = (need: Need) => ({
    source: need.source,
    target: need.target,
    terminologyNames: config.TERMINOLOGY_NAMES,
  });
  const alone = async (need: Need) => {
    try {
      const result = await translateText(translator, need.text, request(need), limit, pace);
      totals.characters += result.characters;
      totals.requests += result.requests;
      settle(need, { ok: true, text: result.text }, true);
    } catch (err) {
      settle(need, { ok: false, error: unsupported(err, need.source, need.target) }, false);
    }
  };
  const together = async (group: Need[], pair: string) => {
    const [first] = group;
    if (!first || group.length === 1 || ungrouped.has(pair)) {
      await Promise.all(group.map(alone));
      return;
    }
    const text = group.map((need) => need.text.trim()).join(GROUP_SEPARATOR);
    let translated: string;
    try {
      translated = await limit(async () => {
        await pace();
        return translator.translate({ ...request(first), text });
      });
    } catch (err) {
      const error = unsupported(err, first.source, first.target);
      for (const need of group) settle(need, { ok: false, error }, false);
      return;
    }
    totals.characters += text.length;
    totals.requests++;
    totals.groupedRequests++;
    const parts = splitGroup(translated, group.length);
    if (parts) {
      for (const [i, need] of group.entries()) settle(need, { ok: true, text: parts[i] ?? '' }, true);
      return;
    }
    // Paid once already: the texts go again one per call, and this pair is not grouped again.
    ungrouped.add(pair);
    totals.regroupedTexts += group.length;
    await Promise.all(group.map(alone));
  };
  /** Settles every need: from what is known, else translated in as few calls as fit. */
  const resolve = async (needs: readonly Need[]) => {
    const byPair = new Map<string, Need[]>();
    for (const need of needs) {
      if (outcomes.has(need.hash)) continue;
      const hit = known.get(need.hash);
      if (hit !== undefined) {
        totals.cachedCharacters += need.text.length;
        settle(need, { ok: true, text: hit }, false);
        continue;
      }
      outcomes.set(need.hash, { ok: false, error: new Error('pending') });
      const pair = `${need.source}\n${need.target}`;
      byPair.set(pair, [...(byPair.get(pair) ?? []), need]);
    }
    await Promise.all(
      [...byPair].flatMap(([pair, group]) => packGroups(group).map((g) => together(g, pair))),
    );
  };
  const needOf = (unit: Unit, source: string, target: string): Need => ({
    hash: translationHash({ source, target, terminologyNames: config.TERMINOLOGY_NAMES, text: unit.text }),
    text: unit.text,
    source,
    target,
  });

  // What each unit becomes in each language: a copy, a translation to fetch, or a sentence to cut.
  type Plan =
    | { kind: 'copy'; note?: TranslationNote }
    | { kind: 'need'; need: Need }
    | { kind: 'cut'; home: number; sentence: number; source: string };
  const offsetOf = new Map(slice.map((unit, offset) => [unit.id, offset]));
  const plans = run.targetLanguages.map((target) =>
    slice.map((unit): Plan => {
      if (!unit.translate) return { kind: 'copy' };
      const source = unit.language ?? run.sourceLanguage;
      // Already in the target language (a quote in the language it is translated into): copied, not billed.
      if (source !== 'auto' && sameLanguage(source, target)) return { kind: 'copy', note: 'same-language' };
      const home = unit.of ? offsetOf.get(unit.of.unit) : undefined;
      if (unit.of && home !== undefined) return { kind: 'cut', home, sentence: unit.of.sentence, source };
      return { kind: 'need', need: needOf(unit, source, target) };
    }),
  );
  await resolve(plans.flatMap((forTarget) => forTarget.flatMap((p) => (p.kind === 'need' ? [p.need] : []))));

  // A sentence of a paragraph in this batch: cut from the paragraph's translation when that has as
  // many sentences as the source (split once per paragraph and language); else translated alone.
  const cuts = new Map<string, string[] | undefined>();
  const cutFrom = (home: number, target: string, plan: Plan | undefined): string[] | undefined => {
    const key = `${home}\n${target}`;
    if (cuts.has(key)) return cuts.get(key);
    const paragraph = slice[home];
    const outcome = plan?.kind === 'need' ? outcomes.get(plan.need.hash) : undefined;
    let sentences: string[] | undefined;
    if (paragraph && outcome?.ok) {
      const cut = splitSentences(outcome.text);
      sentences = cut.length === splitSentences(paragraph.text).length ? cut : undefined;
    }
    cuts.set(key, sentences);
    return sentences;
  };
  const cutText = new Map<string, string>();
  for (const [t, target] of run.targetLanguages.entries()) {
    const forTarget = plans[t] ?? [];
    forTarget.forEach((plan, offset) => {
      if (plan.kind !== 'cut') return;
      const unit = slice[offset];
      if (!unit) return;
      const homePlan = forTarget[plan.home];
      const homeOutcome = homePlan?.kind === 'need' ? outcomes.get(homePlan.need.hash) : undefined;
      // The paragraph failed in this attempt: the sentence waits for it (the retry cuts it), unpaid.
      if (homeOutcome && !homeOutcome.ok) {
        forTarget[offset] = homePlan?.kind === 'need' ? homePlan : { kind: 'copy' };
        return;
      }
      const cut = cutFrom(plan.home, target, homePlan)?.[plan.sentence]?.trim();
      if (cut) {
        totals.alignedCharacters += unit.text.length;
        cutText.set(`${t}\n${offset}`, cut);
        return;
      }
      totals.unalignedSentences++;
      forTarget[offset] = { kind: 'need', need: needOf(unit, plan.source, target) };
    });
  }
  await resolve(plans.flatMap((forTarget) => forTarget.flatMap((p) => (p.kind === 'need' ? [p.need] : []))));

  const notes: Record<string, Record<string, TranslationNote>> = {};
  const note = (target: string, offset: number, value: TranslationNote) => {
    const forTarget = notes[target] ?? {};
    forTarget[String(offset)] = value;
    notes[target] = forTarget;
  };
  const translations: Record<string, string[]> = {};
  const failed: Record<string, { code: string; message: string }> = {};
  const errors: unknown[] = [];
  for (const [t, target] of run.targetLanguages.entries()) {
    const texts: string[] = [];
    const rejected: unknown[] = [];
    for (const [offset, plan] of (plans[t] ?? []).entries()) {
      const unit = slice[offset];
      if (!unit) continue;
      if (plan.kind === 'copy') {
        if (plan.note) note(target, offset, plan.note);
        texts.push(unit.text);
      } else if (plan.kind === 'cut') {
        texts.push(cutText.get(`${t}\n${offset}`) ?? '');
      } else {
        const outcome = outcomes.get(plan.need.hash);
        if (outcome?.ok) texts.push(outcome.text);
        else if (unit.language && classifyError(outcome?.error).code === 'UNSUPPORTED_LANGUAGE_PAIR') {
          // A paragraph in a third language the engine lacks a pair for is kept as written, flagged.
          note(target, offset, 'no-engine-pair');
          texts.push(unit.text);
        } else {
          rejected.push(outcome?.error);
          texts.push('');
        }
      }
    }
    const pairMissing = rejected.find((e) => classifyError(e).code === 'UNSUPPORTED_LANGUAGE_PAIR');
    if (pairMissing) {
      // One missing pair does not sink the other languages: this one is recorded as failed.
      const { code, message } = classifyError(pairMissing);
      failed[target] = { code, message };
      continue;
    }
    errors.push(...rejected);
    translations[target] = texts;
  }
  if (errors.length > 0) {
    // What this attempt paid for stays at the batch file's key, for the retry to take.
    if (Object.keys(paid).length > 0) {
      const kept: PartialBatchFile = {
        index: batch.index,
        start: batch.start,
        partial: true,
        entries: { ...(partial.success ? partial.data.entries : {}), ...paid },
      };
      await writeJson(store, bucket, work.batch(batch.index), kept);
    }
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
  const result: BatchFile = {
    index: batch.index,
    start: batch.start,
    translations,
    ...totals,
    translator: translator.name,
    notes,
    failed,
    entries,
  };
  await writeJson(store, bucket, work.batch(batch.index), result);
  // A single batch goes from "running" to done in the next step: a progress write would say nothing.
  if (file.batches > 1) {
    const paragraphs = slice.filter((u) => u.id.startsWith('p')).length;
    await addProgress(store, bucket, outputKeys.status(run.articleId), run.runId, paragraphs);
  }
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
