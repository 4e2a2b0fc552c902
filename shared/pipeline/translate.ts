import pLimit from 'p-limit';
import { classifyError, TranslationError } from '../errors.ts';
import { outputKeys, translationHash, workKeys } from '../keys.ts';
import { engineHtmlText } from '../markup/engine.ts';
import type { Edit, MemoryHit } from '../schemas/memory.ts';
import {
  type BatchFile,
  BatchFile as BatchFileSchema,
  BatchUnitsFile,
  engineText,
  isParagraphUnit,
  PartialBatchFile,
  type RunRef,
  type TranslateInput,
  type TranslateOutput,
  type TranslationNote,
  terminologyOf,
  type Unit,
} from '../schemas/steps.ts';
import { alignedSentences } from '../text/segmenter.ts';
import { keepWorkFile, type PipelineDeps, parseJsonOrUndefined, readJson, writeWorkFile } from './deps.ts';
import { EngineCalls, type Need } from './engine-calls.ts';
import { translationSource } from './languages.ts';
import { addProgress } from './ordering.ts';
import { pacer } from './pace.ts';

export type TranslateDeps = Pick<
  PipelineDeps,
  'config' | 'store' | 'translator' | 'logger' | 'metrics' | 'now'
>;

/**
 * What a unit becomes in one language: a copy, a repeat (Assemble fills it), a translation to get,
 * a sentence to cut from its paragraph's, or an editor's translation from the memory.
 */
export type Plan =
  | { kind: 'copy'; note?: TranslationNote }
  | { kind: 'repeat' }
  | { kind: 'need'; need: Need }
  | { kind: 'cut'; home: number; sentence: number; source: string }
  | { kind: 'memory'; hit: MemoryHit };

type NeedOf = (unit: Unit, source: string, target: string) => Need;

/** Plans[t][offset]: what units[offset] becomes in targetLanguages[t]. */
export function planUnits(
  units: readonly Unit[],
  run: Pick<RunRef, 'sourceLanguage' | 'targetLanguages'>,
  needOf: NeedOf,
): Plan[][] {
  const offsetOf = new Map(units.map((unit, offset) => [unit.id, offset]));
  return run.targetLanguages.map((target) =>
    units.map((unit): Plan => {
      if (unit.same) return { kind: 'repeat' };
      const source = translationSource(unit, run.sourceLanguage, target);
      if (source === undefined)
        return unit.translate ? { kind: 'copy', note: 'same-language' } : { kind: 'copy' };
      // An editor's translation of this very text comes before the engine and before a cut.
      const hit = unit.memory?.[target];
      if (hit) return { kind: 'memory', hit };
      const home = unit.of ? offsetOf.get(unit.of.unit) : undefined;
      if (unit.of && home !== undefined) return { kind: 'cut', home, sentence: unit.of.sentence, source };
      return { kind: 'need', need: needOf(unit, source, target) };
    }),
  );
}

const needsOf = (plans: readonly Plan[][]): Need[] =>
  plans.flatMap((forTarget) => forTarget.flatMap((p) => (p.kind === 'need' ? [p.need] : [])));

/**
 * Cuts each planned sentence from its paragraph's translation, when that translation has as many
 * sentences as the source (split once per paragraph and language). A sentence that does not align
 * becomes a need of its own; one whose paragraph failed in this attempt waits for the retry, unpaid.
 */
function cutSentences(
  plans: Plan[][],
  units: readonly Unit[],
  targets: readonly string[],
  calls: EngineCalls,
  needOf: NeedOf,
) {
  const cut = new Map<string, string>();
  /** Sentences cut from an editor's paragraph are the editor's words. */
  const edited = new Map<string, Edit>();
  let alignedCharacters = 0;
  let unalignedSentences = 0;
  const split = new Map<string, string[] | undefined>();
  const sentencesOf = (
    home: number,
    target: string,
    translation: string,
    html: boolean,
  ): string[] | undefined => {
    const key = `${home}\n${target}`;
    if (!split.has(key)) {
      // A paragraph with markup came back as HTML: its sentences are cut from its words.
      split.set(
        key,
        alignedSentences(units[home]?.text ?? '', html ? engineHtmlText(translation) : translation),
      );
    }
    return split.get(key);
  };
  for (const [t, target] of targets.entries()) {
    const forTarget = plans[t] ?? [];
    for (const [offset, plan] of forTarget.entries()) {
      const unit = units[offset];
      if (plan.kind !== 'cut' || !unit) continue;
      const key = `${t}\n${offset}`;
      const homePlan = forTarget[plan.home];
      const outcome = homePlan?.kind === 'need' ? calls.outcome(homePlan.need.hash) : undefined;
      // The paragraph failed in this attempt: its sentence waits for the retry with it, unpaid.
      if (homePlan?.kind === 'need' && outcome && !outcome.ok) {
        forTarget[offset] = homePlan;
        continue;
      }
      // The paragraph's translation: an editor's from the memory, else the engine's (HTML with markup).
      const home =
        homePlan?.kind === 'memory'
          ? { text: homePlan.hit.text, html: false, edit: homePlan.hit.edit }
          : outcome?.ok
            ? { text: outcome.text, html: Boolean(units[plan.home]?.markup), edit: undefined }
            : undefined;
      const sentence = home && sentencesOf(plan.home, target, home.text, home.html)?.[plan.sentence]?.trim();
      if (home && sentence) {
        cut.set(key, sentence);
        if (home.edit) edited.set(key, home.edit);
        else alignedCharacters += unit.text.length;
        continue;
      }
      unalignedSentences++;
      forTarget[offset] = { kind: 'need', need: needOf(unit, plan.source, target) };
    }
  }
  return { cut, edited, alignedCharacters, unalignedSentences };
}

/** The batch's translations, notes and failed languages from the settled plans, and the errors to throw. */
function collect(
  plans: readonly Plan[][],
  units: readonly Unit[],
  targets: readonly string[],
  calls: EngineCalls,
  cut: ReadonlyMap<string, string>,
  cutEdits: ReadonlyMap<string, Edit>,
) {
  const notes: Record<string, Record<string, TranslationNote>> = {};
  const edits: Record<string, Record<string, Edit>> = {};
  const edit = (target: string, offset: number, value: Edit) => {
    const forTarget = edits[target] ?? {};
    forTarget[String(offset)] = value;
    edits[target] = forTarget;
  };
  const note = (target: string, offset: number, value: TranslationNote) => {
    const forTarget = notes[target] ?? {};
    forTarget[String(offset)] = value;
    notes[target] = forTarget;
  };
  const translations: Record<string, string[]> = {};
  const failed: Record<string, { code: string; message: string }> = {};
  const errors: unknown[] = [];
  for (const [t, target] of targets.entries()) {
    const texts: string[] = [];
    const rejected: unknown[] = [];
    for (const [offset, plan] of (plans[t] ?? []).entries()) {
      const unit = units[offset];
      if (!unit) continue;
      if (plan.kind === 'copy') {
        if (plan.note) note(target, offset, plan.note);
        texts.push(unit.text);
      } else if (plan.kind === 'repeat') {
        texts.push('');
      } else if (plan.kind === 'cut') {
        texts.push(cut.get(`${t}\n${offset}`) ?? '');
        const from = cutEdits.get(`${t}\n${offset}`);
        if (from) edit(target, offset, from);
      } else if (plan.kind === 'memory') {
        texts.push(plan.hit.text);
        edit(target, offset, plan.hit.edit);
      } else {
        const outcome = calls.outcome(plan.need.hash);
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
  return { translations, notes, edits, failed, errors };
}

/**
 * Step 3 (one Map iteration): translate a batch of units into every target language.
 * - A text the article's previous run translated comes from its manifest (in the batch's units
 *   file), and one this batch's failed attempt paid for comes from that attempt: never billed twice.
 * - Identical texts are translated once (a repeat in another batch is left to Assemble); sentences
 *   of a paragraph are cut from its translation.
 * - The rest is packed into as few TranslateText calls as the size limit allows.
 */
export async function translateBatch(input: TranslateInput, deps: TranslateDeps): Promise<TranslateOutput> {
  const { config, store, translator, logger } = deps;
  const started = deps.now().getTime();
  const { run, batch } = input;
  const bucket = config.OUTPUT_BUCKET;
  const work = workKeys(config.WORK_PREFIX, run.articleId, run.runId);
  // Only a retry or a redrive can find what an earlier attempt left: its paid translations, or its
  // finished file. A first attempt does not look (without the counts, every attempt looks).
  const firstAttempt = input.retryCount === 0 && input.redriveCount === 0;
  const [file, earlier] = await Promise.all([
    batch.batchUnitsFile ??
      readJson(store, bucket, work.batchUnits(batch.index), (v) => BatchUnitsFile.parse(v)),
    firstAttempt ? undefined : store.getText(bucket, work.batch(batch.index)).then(parseJsonOrUndefined),
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
  const terminology = terminologyOf(run, config.TERMINOLOGY_NAMES);
  const known = new Map<string, string>();
  if (file.cache?.engine === translator.name) {
    for (const [hash, text] of Object.entries(file.cache.entries)) known.set(hash, text);
  }
  const partial = PartialBatchFile.safeParse(earlier);
  const before = partial.success && partial.data.index === batch.index ? partial.data : undefined;
  const carried = new Map(Object.entries(before?.entries ?? {}));

  const calls = new EngineCalls(
    translator,
    known,
    carried,
    terminology,
    pLimit(config.TRANSLATE_CONCURRENCY),
    pacer(config.TRANSLATE_REQUESTS_PER_SECOND),
  );
  const needOf: NeedOf = (unit, source, target) => ({
    hash: translationHash({
      source,
      target,
      terminologyNames: terminology,
      text: engineText(unit),
    }),
    text: engineText(unit),
    // HTML shares no call: a line break between two fragments means nothing in HTML.
    ...(unit.markup ? { alone: true } : {}),
    source,
    target,
  });
  const plans = planUnits(slice, run, needOf);
  await calls.resolve(needsOf(plans));
  const sentences = cutSentences(plans, slice, run.targetLanguages, calls, needOf);
  await calls.resolve(needsOf(plans));
  const { translations, notes, edits, failed, errors } = collect(
    plans,
    slice,
    run.targetLanguages,
    calls,
    sentences.cut,
    sentences.edited,
  );
  // alignedCharacters: sentences cut from their paragraph's translation instead of sent again.
  // A failed attempt's characters and calls count here once: they were paid for.
  const totals = {
    ...calls.totals,
    characters: calls.totals.characters + (before?.characters ?? 0),
    requests: calls.totals.requests + (before?.requests ?? 0),
    alignedCharacters: sentences.alignedCharacters,
    unalignedSentences: sentences.unalignedSentences,
  };
  if (errors.length > 0) {
    // What this attempt (and any before it) paid for stays at the batch file's key, for the retry.
    if (Object.keys(calls.paid).length > 0) {
      const kept: PartialBatchFile = {
        index: batch.index,
        start: batch.start,
        partial: true,
        entries: calls.paid,
        characters: totals.characters,
        requests: totals.requests,
      };
      await writeWorkFile(store, bucket, work.batch(batch.index), kept);
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
    entries: calls.entries,
    edits,
  };
  // A lone batch's result rides in the state to Assemble: nothing can fail after it, so a retry
  // never has to find it. A batch among several writes its file first, then the progress.
  const batchFile = await keepWorkFile(
    store,
    bucket,
    work.batch(batch.index),
    result,
    file.batches === 1 ? config.INLINE_WORK_BYTES : 0,
  );
  if (file.batches > 1) {
    const paragraphs = slice.filter(isParagraphUnit).length;
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
    ...(batchFile ? { batchFile } : {}),
  };
}
