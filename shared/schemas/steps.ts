import * as z from 'zod';
import { ArticleFormat, Block, SourceMetadata } from '../article/model.ts';
import { ExecutionStatusChangeEvent, ObjectCreatedEvent } from './events.ts';
import { LanguageCode } from './language.ts';
import { Edit, MemoryHit } from './memory.ts';

export { LanguageCode };
/** A source language: a code, or "auto" when Amazon Translate detects it per request. */
export const SourceLanguage = z.union([LanguageCode, z.literal('auto')]);

/** The uploaded object a run is about. */
export const SourceRef = z.object({
  bucket: z.string().min(1),
  key: z.string().min(1),
  etag: z.string(),
  bytes: z.number().int().nonnegative(),
  format: ArticleFormat,
  versionId: z.string().optional(),
});

/** Everything later steps need to know about one run: references and settings, never article text. */
export const RunRef = z.object({
  articleId: z.string().min(1),
  runId: z.string().regex(/^[0-9a-f]{16}$/),
  source: SourceRef,
  sourceLanguage: SourceLanguage,
  targetLanguages: z.array(LanguageCode).min(1),
  /** Where the source language came from: the detector's name, or the metadata or config that set it. */
  languageSource: z.string(),
  /** S3's sequencer for this PUT: orders runs of the same key. */
  sequencer: z.string().optional(),
  startedAt: z.string(),
  /**
   * False when the article had no status.json as this run began: no earlier run of it got far
   * enough to leave translations to reuse, so Summarize does not look for them.
   */
  seenBefore: z.boolean().optional(),
  /** The custom terminology the upload chose (its `terminology` metadata); else the configured one. */
  terminologyNames: z.array(z.string()).max(1).optional(),
});
export type RunRef = z.infer<typeof RunRef>;

/** The terminology a run's TranslateText calls apply: the upload's choice, else the configuration's. */
export const terminologyOf = (run: Pick<RunRef, 'terminologyNames'>, configured: readonly string[]) =>
  run.terminologyNames ?? configured;

/**
 * Work files, in the output bucket under the work prefix. While one is small (INLINE_WORK_BYTES),
 * its content rides in the Step Functions state instead (the optional fields of the step payloads
 * named after it), and the next step reads it from there: no PUT and GET for it.
 */
export const ParagraphsFile = z.object({
  title: z.string().optional(),
  /** What the source page says about itself: article.json's sourceMetadata. */
  metadata: SourceMetadata.optional(),
  /** The wire dateline the story opened with: article.json's dateline. */
  dateline: z.string().min(1).optional(),
  /** `language`: a paragraph written in another language than the article's (a quote). */
  blocks: z.array(Block.extend({ language: LanguageCode.optional() })),
});
export type ParagraphsFile = z.infer<typeof ParagraphsFile>;

/** A translation unit: one string that goes to the translator (or is kept as is). */
export const Unit = z.object({
  id: z.string(),
  text: z.string(),
  translate: z.boolean(),
  /** The unit's own source language, when it is not the article's. */
  language: LanguageCode.optional(),
  /**
   * The unit is sentence `sentence` of unit `unit` (its paragraph, earlier in the same batch): its
   * translation is cut from the paragraph's, so the sentence is billed once.
   */
  of: z.object({ unit: z.string(), sentence: z.number().int().nonnegative() }).optional(),
  /**
   * The unit repeats unit `same`'s text in the same language (a paragraph printed twice, a
   * boilerplate line): it is sent nowhere, and Assemble gives it that unit's translation.
   */
  same: z.string().optional(),
  /**
   * A paragraph with inline markup: what the engine gets instead of `text`, HTML with placeholder
   * tags and no URL (shared/markup/engine.ts). Its translation comes back as HTML.
   */
  markup: z.string().optional(),
  /**
   * An editor's translation of this text from the translation memory, per target language:
   * Translate uses it instead of the engine (zero characters), and the output says `editor`.
   */
  memory: z.record(z.string(), MemoryHit).optional(),
});
export type Unit = z.infer<typeof Unit>;

/** What the engine is sent for a unit, and what its cache entry is keyed by. */
export const engineText = (unit: Pick<Unit, 'text' | 'markup'>) => unit.markup ?? unit.text;

/** Unit ids (Summarize's buildUnits): t (title), s<i> (summary sentence), p<i> (paragraph), g<i> (gist). */
export const isParagraphUnit = (unit: Pick<Unit, 'id'>) => unit.id.startsWith('p');
export const isGistUnit = (unit: Pick<Unit, 'id'>) => unit.id.startsWith('g');
/** The unit of string k of the table that is block `block`. */
export const tableUnitId = (block: number, k: number) => `c${block}.${k}`;

export const UnitsFile = z.object({
  gists: z.array(z.string()),
  summary: z.array(z.string()),
  summarizer: z.string(),
  units: z.array(Unit),
});
export type UnitsFile = z.infer<typeof UnitsFile>;

/**
 * The translations of one article's previous run, by translationHash, and the engine that made
 * them (used only by the same engine).
 */
export const TranslationManifest = z.object({
  engine: z.string(),
  entries: z.record(z.string(), z.string()),
});
export type TranslationManifest = z.infer<typeof TranslationManifest>;

/** The units one batch translates, with the entries of the article's manifest that they may reuse. */
export const BatchUnitsFile = z.object({
  units: z.array(Unit),
  /** How many batches the article has: with one, status.json gets no progress between start and end. */
  batches: z.number().int().positive(),
  cache: TranslationManifest.optional(),
});
export type BatchUnitsFile = z.infer<typeof BatchUnitsFile>;

/** markup-lost: the engine broke the paragraph's markup, so its translation is published as plain text. */
export const TranslationNote = z.enum(['same-language', 'no-engine-pair', 'markup-lost']);
export type TranslationNote = z.infer<typeof TranslationNote>;

export const BatchFile = z.object({
  index: z.number().int(),
  start: z.number().int(),
  /** translations[lang][i] is the translation of units[start + i] ('' for a unit marked `same`). */
  translations: z.record(z.string(), z.array(z.string())),
  characters: z.number().int(),
  cachedCharacters: z.number().int(),
  /** Characters of sentences cut from their paragraph's translation (not sent again). */
  alignedCharacters: z.number().int().default(0),
  /** Such sentences whose paragraph translation did not split into as many sentences: sent on their own. */
  unalignedSentences: z.number().int().default(0),
  requests: z.number().int(),
  translator: z.string(),
  /** notes[lang][i]: units[start + i] was copied (already in lang) or kept as written (no engine pair). */
  notes: z.record(z.string(), z.record(z.string(), TranslationNote)).default({}),
  /** Target languages this batch could not translate into; the others go on. */
  failed: z.record(z.string(), z.object({ code: z.string(), message: z.string() })).default({}),
  /** TranslateText calls that carried several texts, and texts sent again because a call's answer did not split back. */
  groupedRequests: z.number().int().default(0),
  regroupedTexts: z.number().int().default(0),
  /** Every translation this batch used, by translationHash: what the article's manifest is made of. */
  entries: z.record(z.string(), z.string()).default({}),
  /**
   * edits[lang][i]: units[start + i]'s translation is an editor's, from the translation memory
   * (its own entry, or cut from its paragraph's).
   */
  edits: z.record(z.string(), z.record(z.string(), Edit)).default({}),
});
export type BatchFile = z.infer<typeof BatchFile>;

/**
 * The Split task's payload: the state (the S3 event) plus the execution's id, which tells a retry
 * of this execution apart from a duplicate delivery of the same event.
 */
export const SplitInput = z.object({ event: ObjectCreatedEvent, executionId: z.string().min(1) });
export type SplitInput = z.infer<typeof SplitInput>;

export const ProceedOutput = z.object({
  skip: z.literal(false),
  run: RunRef,
  paragraphs: z.number().int().positive(),
  /** paragraphs.json's content, when it rides in the state. */
  paragraphsFile: ParagraphsFile.optional(),
});
export type ProceedOutput = z.infer<typeof ProceedOutput>;

/** A run that must not write anything: a duplicate event, or an older version than one already seen. */
export const SkipOutput = z.object({
  skip: z.literal(true),
  reason: z.enum(['duplicate', 'superseded']),
  articleId: z.string(),
});
export type SkipOutput = z.infer<typeof SkipOutput>;

export const SplitOutput = z.discriminatedUnion('skip', [ProceedOutput, SkipOutput]);
export type SplitOutput = z.infer<typeof SplitOutput>;

export const Batch = z.object({
  index: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  /** The batch's units file's content, when it rides in the state. */
  batchUnitsFile: BatchUnitsFile.optional(),
});
export type Batch = z.infer<typeof Batch>;

export const SummarizeOutput = ProceedOutput.extend({
  batches: z.array(Batch).min(1),
  /** units.json's content, when it rides in the state. */
  unitsFile: UnitsFile.optional(),
});
export type SummarizeOutput = z.infer<typeof SummarizeOutput>;

/**
 * One Map iteration's input (the state machine's ItemSelector builds it), and how many attempts
 * came before this one: Step Functions' $$.State.RetryCount and $$.Execution.RedriveCount.
 */
export const TranslateInput = z.object({
  run: RunRef,
  batch: Batch,
  retryCount: z.number().int().nonnegative().optional(),
  redriveCount: z.number().int().nonnegative().optional(),
});
export type TranslateInput = z.infer<typeof TranslateInput>;

export const TranslateOutput = z.object({
  index: z.number().int().nonnegative(),
  characters: z.number().int().nonnegative(),
  cachedCharacters: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  ms: z.number().nonnegative(),
  /** The batch file's content, when it rides in the state. */
  batchFile: BatchFile.optional(),
});
export type TranslateOutput = z.infer<typeof TranslateOutput>;

export const AssembleInput = SummarizeOutput.extend({ translated: z.array(TranslateOutput) });
export type AssembleInput = z.infer<typeof AssembleInput>;

export const AssembleOutput = z.object({
  articleId: z.string(),
  status: z.enum(['succeeded', 'superseded']),
  outputs: z.array(z.string()),
});
export type AssembleOutput = z.infer<typeof AssembleOutput>;

/** The error object Step Functions adds at a Catch's ResultPath. */
export const CaughtError = z.object({ Error: z.string(), Cause: z.string().optional() });
export type CaughtError = z.infer<typeof CaughtError>;

/** The failure step gets whatever state the failing step had, plus the caught error. */
export const FailInput = z.object({
  error: CaughtError,
  run: RunRef.optional(),
  detail: z
    .object({
      bucket: z.object({ name: z.string() }),
      object: z.object({
        key: z.string(),
        etag: z.string().optional(),
        sequencer: z.string().optional(),
        'version-id': z.string().optional(),
      }),
    })
    .optional(),
});
export type FailInput = z.infer<typeof FailInput>;

/** The fail step's two callers: the state machine's Catch, and the execution status-change rule. */
export const FailEvent = z.union([FailInput, ExecutionStatusChangeEvent]);
export type FailEvent = z.infer<typeof FailEvent>;

export const FailOutput = z.object({
  articleId: z.string(),
  /** already-ended: a status-change event for a run whose outcome was already recorded. */
  status: z.enum(['failed', 'superseded', 'already-ended']),
  code: z.string(),
});
export type FailOutput = z.infer<typeof FailOutput>;

/**
 * What a failed attempt of a batch leaves at the batch file's key: the translations it paid for,
 * so the retry does not pay for them again.
 */
export const PartialBatchFile = z.object({
  index: z.number().int(),
  start: z.number().int(),
  partial: z.literal(true),
  entries: z.record(z.string(), z.string()),
  /** What those translations cost, so the batch's totals still count them once. */
  characters: z.number().int().default(0),
  requests: z.number().int().default(0),
});
export type PartialBatchFile = z.infer<typeof PartialBatchFile>;

/** Proof that one execution handles this object version; a second execution finds it and stops. */
export const ClaimFile = z.object({
  executionId: z.string(),
  sequencer: z.string().optional(),
  claimedAt: z.string(),
});
export type ClaimFile = z.infer<typeof ClaimFile>;
