import * as z from 'zod';
import { LanguageCode } from './language.ts';

/**
 * Where an editor's text came from: the correction object that brought it, and when it was
 * applied. A translation memory entry keeps it, so a later run of any article can say the same.
 */
export const Edit = z.object({
  /** When the correction was applied (ISO 8601). */
  at: z.string(),
  /** The correction object's key in the input bucket, and its ETag. */
  correction: z.string(),
  etag: z.string(),
  /** The article the editor corrected. */
  articleId: z.string(),
});
export type Edit = z.infer<typeof Edit>;

export const Origin = z.enum(['machine', 'editor']);
export type Origin = z.infer<typeof Origin>;

/** Who wrote a translation: the engine, or an editor (with the correction that brought it). */
export const Provenance = z.object({ origin: Origin, edit: Edit.optional() });
export type Provenance = z.infer<typeof Provenance>;

/** One source text and the editor's translation of it, in one language pair. */
export const MemoryEntry = z.object({
  source: z.string().min(1),
  /** The source paragraph's markup when the editor corrected it (its links may have changed since). */
  sourceHtml: z.string().optional(),
  target: z.string().min(1),
  targetHtml: z.string().optional(),
  edit: Edit,
});
export type MemoryEntry = z.infer<typeof MemoryEntry>;

export const MEMORY_FORMAT = 'paragraf-memory/1';

/**
 * One language pair's translation memory, one object in the output bucket
 * (`<MEMORY_PREFIX><source>/<target>.json`), entries by memoryHash of the source text. Written
 * with conditional writes only, so two corrections at once both land.
 */
export const MemoryFile = z.object({
  format: z.literal(MEMORY_FORMAT),
  source: LanguageCode,
  target: LanguageCode,
  entries: z.record(z.string(), MemoryEntry),
  updatedAt: z.string(),
});
export type MemoryFile = z.infer<typeof MemoryFile>;

/** What a unit carries from the memory into its batch: the editor's translation for one language. */
export const MemoryHit = z.object({
  text: z.string().min(1),
  html: z.string().optional(),
  sourceHtml: z.string().optional(),
  edit: Edit,
});
export type MemoryHit = z.infer<typeof MemoryHit>;
