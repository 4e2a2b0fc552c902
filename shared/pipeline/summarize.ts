import pLimit from 'p-limit';
import { type TableData, tableStrings } from '../article/model.ts';
import { translationHash, translationManifestKey, workKeys } from '../keys.ts';
import { toEngineHtml } from '../markup/engine.ts';
import type { MemoryFile } from '../schemas/memory.ts';
import {
  type Batch,
  type BatchUnitsFile,
  engineText,
  isGistUnit,
  ParagraphsFile,
  type ProceedOutput,
  type RunRef,
  type SummarizeOutput,
  TranslationManifest,
  tableUnitId,
  terminologyOf,
  type Unit,
  type UnitsFile,
} from '../schemas/steps.ts';
import { sentenceHome, splitSentences } from '../text/segmenter.ts';
import { MAX_BATCHES } from '../workflow.ts';
import { keepWorkFile, type PipelineDeps, parseJsonOrUndefined, readJson } from './deps.ts';
import { translationSource } from './languages.ts';
import { memoryPairs, pairKey, readMemory, withMemory } from './memory.ts';

export type SummarizeDeps = Pick<
  PipelineDeps,
  'config' | 'store' | 'summarizer' | 'logger' | 'metrics' | 'now'
>;

/**
 * A table's units, c<block>.<k> for its k-th string (caption, then cells row by row): each cell
 * is translated on its own, and a cell without letters (a number, a date) is kept as it is.
 */
function tableUnits(
  block: number,
  table: TableData,
  translate: boolean,
  language: { language?: string },
): Unit[] {
  return tableStrings(table).flatMap((text, k) =>
    text
      ? [{ id: tableUnitId(block, k), text, translate: translate && /\p{L}/u.test(text), ...language }]
      : [],
  );
}

/**
 * Unit ids: t (title), s<i> (summary sentence), p<i> (paragraph), g<i> (a gist that is not its
 * paragraph), c<i>.<k> (a table's strings). A summary sentence or gist that is a whole sentence of its paragraph follows the
 * paragraph and points at it (`of`): its translation is cut from the paragraph's.
 */
export function buildUnits(
  paragraphs: ParagraphsFile,
  gists: readonly string[],
  summary: readonly string[],
): Unit[] {
  const units: Unit[] = [];
  if (paragraphs.title) units.push({ id: 't', text: paragraphs.title, translate: true });
  const sentences = paragraphs.blocks.map((b) => splitSentences(b.text).map((s) => s.trim()));
  const derived = new Map<number, Unit[]>();
  const derive = (i: number, unit: Unit) => derived.set(i, [...(derived.get(i) ?? []), unit]);
  const texts = paragraphs.blocks.map((b) => b.text);
  for (const [k, text] of summary.entries()) {
    // A summary sentence is translated from the language of the paragraph it comes from.
    const found = sentenceHome(texts, text);
    const home = found?.paragraph ?? -1;
    const block = paragraphs.blocks[home];
    const sentence = found?.sentence ?? -1;
    const language = block?.language ? { language: block.language } : {};
    if (block && sentence >= 0) {
      derive(home, {
        id: `s${k}`,
        text,
        translate: block.translate,
        ...language,
        of: { unit: `p${home}`, sentence },
      });
    } else units.push({ id: `s${k}`, text, translate: true, ...language });
  }
  paragraphs.blocks.forEach((block, i) => {
    const language = block.language ? { language: block.language } : {};
    if (block.table) {
      units.push(...tableUnits(i, block.table, block.translate, language));
      return;
    }
    const markup = block.html && block.translate ? { markup: toEngineHtml(block.html) } : {};
    units.push({ id: `p${i}`, text: block.text, translate: block.translate, ...language, ...markup });
    const gist = gists[i] ?? '';
    // A gist that is its whole paragraph takes the paragraph's translation: no unit, no second bill.
    if (gist && gist !== block.text) {
      const sentence = sentences[i]?.indexOf(gist.trim()) ?? -1;
      units.push({
        id: `g${i}`,
        text: gist,
        translate: block.translate,
        ...language,
        ...(sentence >= 0 ? { of: { unit: `p${i}`, sentence } } : {}),
      });
    }
    for (const unit of derived.get(i) ?? []) units.push(unit);
  });
  return units;
}

/**
 * Marks each unit that repeats an earlier one's text in the same language with `same`, so the text
 * is translated once for the whole article, in the first one's batch, wherever the repeats fall.
 * A unit whose sentences another unit cuts from its translation keeps its own (the cut happens in
 * its batch).
 */
export function markRepeats(units: readonly Unit[]): Unit[] {
  const first = new Map<string, string>();
  const marked = units.map((unit): Unit => {
    if (!unit.translate) return unit;
    const key = `${unit.language ?? ''}\n${engineText(unit)}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, unit.id);
      return unit;
    }
    return { ...unit, same: earlier };
  });
  const homes = new Set(marked.flatMap((u) => (u.of && !u.same ? [u.of.unit] : [])));
  // A home marked as a repeat goes back to the unit as built.
  return marked.map((unit, i) => (unit.same && homes.has(unit.id) ? (units[i] ?? unit) : unit));
}

/**
 * Batches of consecutive units, bounded by the count and the characters of the units sent to the
 * engine (at least one unit each; a paragraph keeps its gist and the sentences cut from it; copies
 * and repeats ride along, up to five times the count in all), and never more than `maxBatches`:
 * past that the bounds grow together, so a 10 MiB article of three-word paragraphs still fits
 * Step Functions' state and history limits.
 */
export function planBatches(
  units: readonly Unit[],
  maxUnits: number,
  maxCharacters: number,
  maxBatches = MAX_BATCHES,
): Batch[] {
  let scale = 1;
  for (;;) {
    const batches = planWithin(units, maxUnits * scale, maxCharacters * scale);
    if (batches.length <= maxBatches) return batches;
    scale = Math.max(scale + 1, Math.ceil((scale * batches.length) / maxBatches));
  }
}

/** How many units a batch may hold in all, per unit it sends to the engine (the rest are free). */
const UNITS_PER_ENGINE_UNIT = 5;

/** A gist, or a sentence cut from its paragraph, goes in its paragraph's batch: never split before it. */
const ridesWithParagraph = (unit: Unit) => unit.of !== undefined || isGistUnit(unit);

/** What a unit costs the engine: nothing when it is copied, cut from its paragraph or a repeat. */
const engineCharacters = (unit: Unit) =>
  unit.translate && !unit.same && !unit.of ? engineText(unit).length : 0;

function planWithin(units: readonly Unit[], maxUnits: number, maxCharacters: number): Batch[] {
  const batches: Batch[] = [];
  let start = 0;
  let characters = 0;
  let sent = 0;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i];
    if (!unit) continue;
    const size = engineCharacters(unit);
    const full =
      (size > 0 && (sent >= maxUnits || characters + size > maxCharacters)) ||
      i - start >= UNITS_PER_ENGINE_UNIT * maxUnits;
    if (i > start && !ridesWithParagraph(unit) && full) {
      batches.push({ index: batches.length, start, end: i });
      start = i;
      characters = 0;
      sent = 0;
    }
    characters += size;
    if (size > 0) sent++;
  }
  if (units.length > start) batches.push({ index: batches.length, start, end: units.length });
  return batches;
}

/**
 * The entries of the article's previous translations that a batch's units may reuse: a batch
 * file carries only its own, so no Map iteration reads the whole manifest.
 */
export function reusableEntries(
  units: readonly Unit[],
  manifest: TranslationManifest | undefined,
  run: Pick<RunRef, 'sourceLanguage' | 'targetLanguages'>,
  terminologyNames: readonly string[],
): TranslationManifest | undefined {
  if (!manifest) return undefined;
  const entries: Record<string, string> = {};
  for (const unit of units) {
    if (unit.same) continue;
    for (const target of run.targetLanguages) {
      const source = translationSource(unit, run.sourceLanguage, target);
      if (source === undefined) continue;
      const hash = translationHash({ source, target, terminologyNames, text: engineText(unit) });
      const hit = manifest.entries[hash];
      if (hit !== undefined) entries[hash] = hit;
    }
  }
  return Object.keys(entries).length > 0 ? { engine: manifest.engine, entries } : undefined;
}

/** Step 2: gists and the article summary, and the plan of translation batches. */
export async function summarizeArticle(input: ProceedOutput, deps: SummarizeDeps): Promise<SummarizeOutput> {
  const { config, store, summarizer, logger } = deps;
  const started = deps.now().getTime();
  const { run } = input;
  const work = workKeys(config.WORK_PREFIX, run.articleId, run.runId);
  const paragraphs =
    input.paragraphsFile ??
    (await readJson(store, config.OUTPUT_BUCKET, work.paragraphs, (v) => ParagraphsFile.parse(v)));
  const length = config.SUMMARY_WORDS
    ? { words: config.SUMMARY_WORDS }
    : { sentences: config.SUMMARY_SENTENCES };
  const { gists, summary } = summarizer.summarize(paragraphs.blocks, length, run.sourceLanguage);
  const built = markRepeats(buildUnits(paragraphs, gists, summary));
  // The editors' corrections come first: one read per language pair, whatever the article's length.
  const memories = new Map<string, MemoryFile>();
  await Promise.all(
    memoryPairs(built, run).map(async ({ source, target }) => {
      const memory = await readMemory(store, config.OUTPUT_BUCKET, config.MEMORY_PREFIX, source, target);
      if (memory) memories.set(pairKey(source, target), memory);
    }),
  );
  const units = withMemory(built, run, memories);
  const file: UnitsFile = { gists, summary, summarizer: summarizer.name, units };
  const planned = planBatches(units, config.BATCH_UNITS, config.BATCH_CHARACTERS);
  // The article's previous run (an edit, a re-upload, a language added): an unreadable manifest is no cache.
  const previous = TranslationManifest.safeParse(
    parseJsonOrUndefined(
      run.seenBefore === false
        ? undefined
        : await store.getText(
            config.OUTPUT_BUCKET,
            translationManifestKey(config.CACHE_PREFIX, run.articleId),
          ),
    ),
  );
  const manifest = previous.success ? previous.data : undefined;
  const unitsFile = await keepWorkFile(
    store,
    config.OUTPUT_BUCKET,
    work.units,
    file,
    config.INLINE_WORK_BYTES,
  );
  // Only a lone batch rides in the state: the Map's items stay small descriptors otherwise.
  const batchInlineLimit = planned.length === 1 ? config.INLINE_WORK_BYTES : 0;
  const writes = pLimit(16);
  const batches = await Promise.all(
    planned.map(async (b): Promise<Batch> => {
      const slice = units.slice(b.start, b.end);
      const cache = reusableEntries(slice, manifest, run, terminologyOf(run, config.TERMINOLOGY_NAMES));
      const content: BatchUnitsFile = { units: slice, batches: planned.length, ...(cache ? { cache } : {}) };
      const batchUnitsFile = await writes(() =>
        keepWorkFile(store, config.OUTPUT_BUCKET, work.batchUnits(b.index), content, batchInlineLimit),
      );
      return batchUnitsFile ? { ...b, batchUnitsFile } : b;
    }),
  );
  logger.info('summarize.done', {
    articleId: run.articleId,
    runId: run.runId,
    units: units.length,
    batches: batches.length,
    inline: unitsFile !== undefined,
    summarySentences: summary.length,
    fromMemory: units.filter((u) => u.memory).length,
    ms: deps.now().getTime() - started,
  });
  return { ...input, batches, ...(unitsFile ? { unitsFile } : {}) };
}
