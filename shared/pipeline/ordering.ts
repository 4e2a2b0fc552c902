import type { ObjectStore } from '../ports.ts';
import type { StatusDocument } from '../schemas/document.ts';
import { StatusDocument as StatusSchema } from '../schemas/document.ts';

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

export async function readStatus(
  store: ObjectStore,
  bucket: string,
  key: string,
): Promise<StatusDocument | undefined> {
  const text = await store.getText(bucket, key);
  if (text === undefined) return undefined;
  const parsed = StatusSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}
