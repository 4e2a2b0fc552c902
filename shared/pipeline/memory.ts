import { StorageError } from '../errors.ts';
import { emptyMemory, lookup, memoryKey, withEntries } from '../memory/memory.ts';
import type { ObjectStore } from '../ports.ts';
import { type MemoryEntry, MemoryFile } from '../schemas/memory.ts';
import type { RunRef, Unit } from '../schemas/steps.ts';
import { updateIfMatch } from './conditional.ts';
import { parseJsonOrUndefined } from './deps.ts';
import { translationSource } from './languages.ts';

/** How the memories a run read are keyed: by language pair. */
export function pairKey(source: string, target: string): string {
  return `${source}\n${target}`;
}

/** A language pair's memory, or undefined when it has none yet (or it cannot be read: no memory then). */
export async function readMemory(
  store: ObjectStore,
  bucket: string,
  prefix: string,
  source: string,
  target: string,
): Promise<MemoryFile | undefined> {
  const parsed = MemoryFile.safeParse(
    parseJsonOrUndefined(await store.getText(bucket, memoryKey(prefix, source, target))),
  );
  return parsed.success ? parsed.data : undefined;
}

/** How many times a memory write is tried again after another writer got in first. */
/**
 * Adds entries to a language pair's memory with conditional writes (If-None-Match for a new
 * memory, If-Match after): two corrections at once both land, each re-reading what the other
 * wrote. A memory that stays contended fails retryable, and the correction runs again.
 */
export async function remember(
  store: ObjectStore,
  bucket: string,
  prefix: string,
  pair: { source: string; target: string },
  entries: readonly MemoryEntry[],
  now: () => Date,
): Promise<void> {
  if (entries.length === 0) return;
  const key = memoryKey(prefix, pair.source, pair.target);
  await updateIfMatch({
    store,
    bucket,
    key,
    decide: (found) => {
      const parsed = found ? MemoryFile.safeParse(parseJsonOrUndefined(found.text)) : undefined;
      if (parsed && !parsed.success)
        throw new StorageError(
          'INTERNAL',
          `The translation memory ${key} cannot be read; it was left as it is.`,
        );
      const base = parsed?.data ?? emptyMemory(pair.source, pair.target, now());
      return { write: `${JSON.stringify(withEntries(base, entries, now()))}\n`, result: undefined };
    },
    contended: `The translation memory ${key} kept changing under this correction.`,
  });
}

/** The language pairs a run's units translate (a quote in another language adds its own). */
export function memoryPairs(
  units: readonly Unit[],
  run: Pick<RunRef, 'sourceLanguage' | 'targetLanguages'>,
): Array<{ source: string; target: string }> {
  const pairs = new Map<string, { source: string; target: string }>();
  for (const unit of units) {
    if (!unit.translate || unit.same) continue;
    for (const target of run.targetLanguages) {
      const source = translationSource(unit, run.sourceLanguage, target);
      // "auto": Amazon Translate detects the language per request; no pair is known to look in.
      if (source === undefined || source === 'auto') continue;
      pairs.set(pairKey(source, target), { source, target });
    }
  }
  return [...pairs.values()];
}

/** Each unit with the editor's translations the memories hold for it, per target language. */
export function withMemory(
  units: readonly Unit[],
  run: Pick<RunRef, 'sourceLanguage' | 'targetLanguages'>,
  memories: ReadonlyMap<string, MemoryFile>,
): Unit[] {
  if (memories.size === 0) return [...units];
  return units.map((unit) => {
    if (!unit.translate || unit.same) return unit;
    const memory: NonNullable<Unit['memory']> = {};
    for (const target of run.targetLanguages) {
      const source = translationSource(unit, run.sourceLanguage, target);
      if (source === undefined) continue;
      const hit = lookup(memories.get(pairKey(source, target)), unit.text);
      if (hit) memory[target] = hit;
    }
    return Object.keys(memory).length > 0 ? { ...unit, memory } : unit;
  });
}
