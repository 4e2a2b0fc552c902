import type { ObjectStore } from '../ports.ts';
import type { StatusDocument } from '../schemas/document.ts';
import { StatusDocument as StatusSchema } from '../schemas/document.ts';
import { updateIfMatchOrGiveUp } from './conditional.ts';
import { parseJsonOrUndefined, readableJson } from './deps.ts';

/**
 * Compares two S3 sequencers of the same key: right-pad the shorter with zeros, then compare as
 * strings (S3's documented rule). Positive when `a` is the later event.
 */
export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const left = a.toUpperCase().padEnd(width, '0');
  const right = b.toUpperCase().padEnd(width, '0');
  return left < right ? -1 : left > right ? 1 : 0;
}

/** True when the status was written for a later upload of the same key than this run's. */
export function isSuperseded(
  status: StatusDocument | undefined,
  run: { runId: string; sequencer?: string | undefined },
): boolean {
  if (!status?.sequencer || !run.sequencer || status.runId === run.runId) return false;
  return compareSequencers(status.sequencer, run.sequencer) > 0;
}

/** status.json's text as a status document; undefined when absent or unreadable. */
export function parseStatus(text: string | undefined): StatusDocument | undefined {
  if (text === undefined) return undefined;
  const parsed = StatusSchema.safeParse(parseJsonOrUndefined(text));
  return parsed.success ? parsed.data : undefined;
}

export async function readStatus(
  store: ObjectStore,
  bucket: string,
  key: string,
): Promise<StatusDocument | undefined> {
  return parseStatus(await store.getText(bucket, key));
}

/**
 * Adds translated paragraphs to status.json's progress. Map iterations run in parallel, so the
 * update is a read and a conditional write (If-Match), retried when another batch got there first.
 * Progress is advisory: after a few lost races it gives up rather than fail the batch.
 */
export async function addProgress(
  store: ObjectStore,
  bucket: string,
  key: string,
  runId: string,
  paragraphs: number,
): Promise<void> {
  if (paragraphs === 0) return;
  await updateIfMatchOrGiveUp({
    store,
    bucket,
    key,
    decide: (current) => {
      if (!current) return { stop: undefined };
      const parsed = StatusSchema.safeParse(parseJsonOrUndefined(current.text));
      // Caught mid-write by another batch: read again.
      if (!parsed.success) return { again: true };
      const status = parsed.data;
      if (status.runId !== runId || status.state !== 'running') return { stop: undefined };
      const total = status.progress?.total ?? status.paragraphs ?? paragraphs;
      const next: StatusDocument = {
        ...status,
        progress: { done: Math.min(total, (status.progress?.done ?? 0) + paragraphs), total },
      };
      return { write: readableJson(next), result: undefined };
    },
  });
}
