import * as z from 'zod';
import { ArticleFormat, Block } from '../article/model.ts';

export const LanguageCode = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z]{2}|-[A-Z][a-z]{3})?$/, 'a language code such as en, es or pt-PT');

/** Everything later steps need to know about one run. Small: state carries references, never text. */
export const RunRef = z.object({
  articleId: z.string().min(1),
  runId: z.string().regex(/^[0-9a-f]{16}$/),
  source: z.object({
    bucket: z.string().min(1),
    key: z.string().min(1),
    etag: z.string(),
    bytes: z.number().int().nonnegative(),
    format: ArticleFormat,
    versionId: z.string().optional(),
  }),
  sourceLanguage: LanguageCode,
  targetLanguages: z.array(LanguageCode).min(1),
  /** Where the source language came from: the detector's name, or the metadata or config that set it. */
  languageSource: z.string(),
  startedAt: z.string(),
});
export type RunRef = z.infer<typeof RunRef>;

export const SplitOutput = z.object({ run: RunRef, paragraphs: z.number().int().positive() });
export type SplitOutput = z.infer<typeof SplitOutput>;

export const Batch = z.object({
  index: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
});
export type Batch = z.infer<typeof Batch>;

export const SummarizeOutput = SplitOutput.extend({ batches: z.array(Batch).min(1) });
export type SummarizeOutput = z.infer<typeof SummarizeOutput>;

/** One Map iteration's input (the state machine's ItemSelector builds it). */
export const TranslateInput = z.object({ run: RunRef, batch: Batch });
export type TranslateInput = z.infer<typeof TranslateInput>;

export const TranslateOutput = z.object({
  index: z.number().int().nonnegative(),
  characters: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  ms: z.number().nonnegative(),
});
export type TranslateOutput = z.infer<typeof TranslateOutput>;

export const AssembleInput = SummarizeOutput.extend({ translated: z.array(TranslateOutput) });
export type AssembleInput = z.infer<typeof AssembleInput>;

export const AssembleOutput = z.object({
  articleId: z.string(),
  status: z.literal('succeeded'),
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
      object: z.object({ key: z.string(), etag: z.string().optional() }),
    })
    .optional(),
});
export type FailInput = z.infer<typeof FailInput>;

export const FailOutput = z.object({ articleId: z.string(), status: z.literal('failed'), code: z.string() });
export type FailOutput = z.infer<typeof FailOutput>;

/** Work files, in the output bucket under the work prefix. */
export const ParagraphsFile = z.object({
  title: z.string().optional(),
  blocks: z.array(Block),
});
export type ParagraphsFile = z.infer<typeof ParagraphsFile>;

/** A translation unit: one string that goes to the translator (or is kept as is). */
export const Unit = z.object({
  id: z.string(),
  text: z.string(),
  translate: z.boolean(),
});
export type Unit = z.infer<typeof Unit>;

export const UnitsFile = z.object({
  gists: z.array(z.string()),
  summary: z.array(z.string()),
  summarizer: z.string(),
  units: z.array(Unit),
});
export type UnitsFile = z.infer<typeof UnitsFile>;

export const BatchFile = z.object({
  index: z.number().int(),
  start: z.number().int(),
  /** translations[lang][i] is the translation of units[start + i]. */
  translations: z.record(z.string(), z.array(z.string())),
  characters: z.number().int(),
  requests: z.number().int(),
  translator: z.string(),
});
export type BatchFile = z.infer<typeof BatchFile>;
