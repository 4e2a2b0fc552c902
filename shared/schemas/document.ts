import * as z from 'zod';
import { BlockKind, SourceMetadata, TableData } from '../article/model.ts';
import { Edit, Origin, Provenance } from './memory.ts';
import { LanguageCode, SourceLanguage, SourceRef, TranslationNote } from './steps.ts';

/**
 * 1.1: paragraphs[].summary is a gist, the paragraph's news sentence compressed (a subsequence of
 * its words ending with sentence punctuation); it equals the paragraph only when there is nothing
 * to compress, and is empty for code. Before, it was a sentence cut at 30 words with "…".
 * 1.2: paragraphs[].language (the language it is written in), translations[lang].note (copied
 * because already in that language, or kept because the engine has no pair for it), and
 * failedLanguages (targets that could not be produced; targetLanguages lists those that were).
 * 1.3: paragraphs[].html and translations[lang].html, the paragraph's inline markup (links,
 * emphasis, code, superscripts, line breaks; sanitized), present only where the source has markup;
 * note "markup-lost" and stats.markupLost where the engine broke it and plain text was kept.
 * 1.4: who wrote each translation: translations[lang].origin ("machine" or "editor") with `edit`
 * (when, and which correction object) for an editor's; summaryNote "paragraph-edited" on a gist
 * the engine made of a paragraph an editor has since corrected; titleOrigins and summaryOrigins
 * the same for the title and the summary sentences.
 * 1.5: sourceMetadata, what the source page says about itself (canonical URL, site name, byline,
 * publication time, relative links that could not be resolved); never translated or summarized.
 * `dateline`, the wire dateline the story opened with (optional: a 1.5 document without it reads).
 * Paragraphs of kind "table" with `table` (caption, rows of cells) in the source and each
 * translation; a table has no gist and gives no summary sentence.
 */
export const SCHEMA_VERSION = '1.5';

/** A QA check that flagged a translation (shared/checks): what to look at, and where. */
export const TranslationCheck = z.object({
  check: z.enum(['number', 'name', 'untranslated', 'missing', 'term', 'markup']),
  detail: z.string(),
});
export type TranslationCheck = z.infer<typeof TranslationCheck>;

const Translated = z.object({
  text: z.string(),
  /** The translation with the source's inline markup around the translated words (1.3). */
  html: z.string().optional(),
  /** A table's translated caption and cells, numbers as in the source (1.5). */
  table: TableData.optional(),
  summary: z.string(),
  /**
   * same-language: copied, not billed; no-engine-pair: kept as written, untranslated;
   * markup-lost: the engine broke the markup, so only `text` is given.
   */
  note: TranslationNote.optional(),
  /** machine: the engine's (or a copy); editor: an editor's correction, see `edit` (1.4). */
  origin: Origin,
  edit: Edit.optional(),
  /** paragraph-edited: `summary` is the engine's gist, and an editor has corrected the paragraph since. */
  summaryNote: z.literal('paragraph-edited').optional(),
  /** The QA checks that flagged this translation; empty when clean, absent where none apply. */
  checks: z.array(TranslationCheck).optional(),
});

/** A summary sentence's provenance; `paragraphEdited`: the engine's, of a paragraph an editor corrected. */
export const SummaryProvenance = Provenance.extend({ paragraphEdited: z.literal(true).optional() });

export const FailedLanguage = z.object({ language: z.string(), code: z.string(), message: z.string() });

/** article.json: the structured, paragraph-aligned result. */
export const ArticleDocument = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  articleId: z.string(),
  source: SourceRef,
  /** What the source page says about itself (1.5): absent when it says nothing. */
  sourceMetadata: SourceMetadata.optional(),
  /**
   * The wire dateline the story opened with ("VALPARAÍSO, Chile (AP)"), as the source printed it:
   * at the head of the first paragraph in every language, never translated or summarized.
   */
  dateline: z.string().min(1).optional(),
  sourceLanguage: SourceLanguage,
  targetLanguages: z.array(LanguageCode).min(1),
  failedLanguages: z.array(FailedLanguage),
  title: z.string().nullable(),
  titleTranslations: z.record(z.string(), z.string()),
  summary: z.array(z.string()),
  summaryTranslations: z.record(z.string(), z.array(z.string())),
  /** The QA checks that flagged each language's title, and each of its summary sentences. */
  titleChecks: z.record(z.string(), z.array(TranslationCheck)).optional(),
  summaryChecks: z.record(z.string(), z.array(z.array(TranslationCheck))).optional(),
  /** Who wrote each language's title and summary sentences (1.4). */
  titleOrigins: z.record(z.string(), Provenance),
  summaryOrigins: z.record(z.string(), z.array(SummaryProvenance)),
  paragraphs: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      kind: BlockKind,
      /** The language the paragraph is written in (the article's, unless it quotes another). */
      language: SourceLanguage,
      text: z.string().min(1),
      /** The paragraph's inline markup, sanitized; absent when it has none (1.3). */
      html: z.string().optional(),
      /** A table's caption and cells (kind "table", 1.5); `text` joins them. */
      table: TableData.optional(),
      /** The paragraph's gist (see SCHEMA_VERSION). */
      summary: z.string(),
      translations: z.record(z.string(), Translated),
    }),
  ),
  stats: z.object({
    paragraphs: z.number().int(),
    characters: z.number().int(),
    charactersSentToTranslate: z.number().int(),
    /** Characters whose translation came from the cache instead of the engine. */
    charactersFromCache: z.number().int(),
    translateRequests: z.number().int(),
    batches: z.number().int(),
    /** Translations whose markup the engine broke, published as plain text (note markup-lost). */
    markupLost: z.number().int().nonnegative(),
    /** Paragraphs the QA checks flagged, per language. */
    flagged: z.record(z.string(), z.number().int().nonnegative()).optional(),
    durationsMs: z.object({ translate: z.number(), total: z.number() }),
  }),
  engines: z.object({ translation: z.string(), summarization: z.string(), languageDetection: z.string() }),
  createdAt: z.string(),
});
export type ArticleDocument = z.infer<typeof ArticleDocument>;

export const RunState = z.enum(['running', 'succeeded', 'failed']);

/** status.json: the one file to poll. */
export const StatusDocument = z.object({
  articleId: z.string(),
  runId: z.string().optional(),
  /** The S3 sequencer of the upload this status is about; a run for an older upload never overwrites it. */
  sequencer: z.string().optional(),
  /**
   * The ETag of the upload it is about: a restart (paragraf serve) or `paragraf reconcile` runs an
   * input object whose ETag has no outcome yet.
   */
  etag: z.string().optional(),
  state: RunState,
  sourceKey: z.string(),
  updatedAt: z.string(),
  paragraphs: z.number().int().optional(),
  /** Paragraphs translated so far, kept current by the translate step. */
  progress: z
    .object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() })
    .optional(),
  outputs: z.array(z.string()).optional(),
  /** Target languages that could not be produced while the others succeeded. */
  failedLanguages: z.array(FailedLanguage).optional(),
  /** Paragraphs the QA checks flagged, per language (article.json says why). */
  flagged: z.record(z.string(), z.number().int().nonnegative()).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type StatusDocument = z.infer<typeof StatusDocument>;

/** error.json: why a run failed, for a human and a machine. */
export const ErrorDocument = z.object({
  articleId: z.string(),
  sourceKey: z.string(),
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  failedAt: z.string(),
});
export type ErrorDocument = z.infer<typeof ErrorDocument>;

/** The completion events' source and detail types on the event bus. */
export const EVENT_SOURCE = 'paragraf';
export const ARTICLE_COMPLETED = 'Paragraf Article Completed';
export const ARTICLE_FAILED = 'Paragraf Article Failed';
export const ArticleEventType = z.enum([ARTICLE_COMPLETED, ARTICLE_FAILED]);
export type ArticleEventType = z.infer<typeof ArticleEventType>;

/** The detail of a completion event: what a downstream system (a CMS) needs to pick the article up. */
export const ArticleEventDetail = z.object({
  articleId: z.string(),
  status: z.enum(['succeeded', 'failed']),
  sourceKey: z.string(),
  outputBucket: z.string(),
  /** Output keys in outputBucket (article.json, <lang>.md, index.html); none for a failure. */
  outputs: z.array(z.string()),
  sourceLanguage: z.string().optional(),
  targetLanguages: z.array(z.string()),
  failedLanguages: z.array(FailedLanguage),
  stats: z
    .object({
      paragraphs: z.number().int(),
      charactersSentToTranslate: z.number().int(),
      charactersFromCache: z.number().int(),
      durationMs: z.number(),
      /** Paragraphs the QA checks flagged, per language. */
      flagged: z.record(z.string(), z.number().int().nonnegative()).optional(),
    })
    .optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type ArticleEventDetail = z.infer<typeof ArticleEventDetail>;

/** article.json as 1.4 wrote it: no source metadata, otherwise the same. */
const ArticleDocument14 = ArticleDocument.omit({ sourceMetadata: true }).extend({
  schemaVersion: z.literal('1.4'),
});

/** article.json as 1.3 wrote it: no origins. */
const ArticleDocument13 = ArticleDocument14.omit({ titleOrigins: true, summaryOrigins: true }).extend({
  schemaVersion: z.literal('1.3'),
  paragraphs: z.array(
    ArticleDocument.shape.paragraphs.element.extend({
      translations: z.record(z.string(), Translated.omit({ origin: true })),
    }),
  ),
});

/**
 * An article.json as Paragraf 1.3 or 1.4 wrote it, brought to the current schema (every
 * translation in 1.3 was the engine's; 1.4 had no source metadata), so that a correction of an
 * article translated before still applies.
 */
export function upgradeArticleDocument(value: unknown): ArticleDocument | undefined {
  const current = ArticleDocument.safeParse(value);
  if (current.success) return current.data;
  const v14 = ArticleDocument14.safeParse(value);
  if (v14.success) return ArticleDocument.parse({ ...v14.data, schemaVersion: SCHEMA_VERSION });
  const previous = ArticleDocument13.safeParse(value);
  if (!previous.success) return undefined;
  const doc = previous.data;
  const machine = { origin: 'machine' as const };
  return ArticleDocument.parse({
    ...doc,
    schemaVersion: SCHEMA_VERSION,
    titleOrigins: Object.fromEntries(Object.keys(doc.titleTranslations).map((lang) => [lang, machine])),
    summaryOrigins: Object.fromEntries(
      Object.entries(doc.summaryTranslations).map(([lang, sentences]) => [
        lang,
        sentences.map(() => machine),
      ]),
    ),
    paragraphs: doc.paragraphs.map((p) => ({
      ...p,
      translations: Object.fromEntries(
        Object.entries(p.translations).map(([lang, t]) => [lang, { ...t, ...machine }]),
      ),
    })),
  });
}

/**
 * `<articleId>/corrections/<lang>.json`'s sibling in the output bucket for each correction
 * upload: whether it was applied, what it changed, or why it was refused (nothing changed then).
 */
export const CorrectionRecord = z.object({
  correctionKey: z.string(),
  etag: z.string(),
  sequencer: z.string().optional(),
  articleId: z.string().optional(),
  language: z.string().optional(),
  state: z.enum(['applied', 'refused']),
  at: z.string(),
  /** What the editor changed: the title, summary sentences and paragraphs by index (from 0). */
  changed: z
    .object({
      title: z.boolean(),
      summary: z.array(z.number().int().nonnegative()),
      paragraphs: z.array(z.number().int().nonnegative()),
    })
    .optional(),
  /** Pairs written to the translation memory, and why some were not (a source language Amazon Translate detected). */
  remembered: z.number().int().nonnegative().optional(),
  notRemembered: z.string().optional(),
  /** Outputs rewritten. */
  outputs: z.array(z.string()).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type CorrectionRecord = z.infer<typeof CorrectionRecord>;
