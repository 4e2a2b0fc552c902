import { sha256 } from '../keys.ts';
import { MEMORY_FORMAT, type MemoryEntry, type MemoryFile, type MemoryHit } from '../schemas/memory.ts';

/**
 * The translation memory's matching rule: exact, after whitespace normalisation (runs of spaces,
 * tabs and line breaks are one space; Unicode NFC; no space at either end).
 */
export function normalizeSegment(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

export function memoryHash(text: string): string {
  return sha256(normalizeSegment(text)).slice(0, 32);
}

/** One object per language pair: `<prefix><source>/<target>.json`. */
export function memoryKey(prefix: string, source: string, target: string): string {
  return `${prefix}${source}/${target}.json`;
}

export function emptyMemory(source: string, target: string, now: Date): MemoryFile {
  return { format: MEMORY_FORMAT, source, target, entries: {}, updatedAt: now.toISOString() };
}

/** The memory with these entries added; a later correction of the same source text replaces the earlier. */
export function withEntries(file: MemoryFile, entries: readonly MemoryEntry[], now: Date): MemoryFile {
  const next = { ...file.entries };
  for (const entry of entries) next[memoryHash(entry.source)] = entry;
  return { ...file, entries: next, updatedAt: now.toISOString() };
}

export function lookup(file: MemoryFile | undefined, text: string): MemoryHit | undefined {
  const entry = file?.entries[memoryHash(text)];
  // The hash names the normalised text; the text itself is compared too.
  if (!entry || normalizeSegment(entry.source) !== normalizeSegment(text)) return undefined;
  return {
    text: entry.target,
    ...(entry.targetHtml ? { html: entry.targetHtml } : {}),
    ...(entry.sourceHtml ? { sourceHtml: entry.sourceHtml } : {}),
    edit: entry.edit,
  };
}
