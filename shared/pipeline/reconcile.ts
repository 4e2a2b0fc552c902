import type { StatusDocument } from '../schemas/document.ts';

/** An input object as a listing shows it. */
export interface InputObject {
  key: string;
  etag: string;
  size?: number;
  lastModified?: Date;
}

/**
 * What an input object needs: nothing (its outcome is recorded, or its run is under way), a run
 * (no outcome for its current ETag: an upload whose event was lost), or a redrive (a run left
 * "running" by a process that died: same run id, same execution, so Split's claim lets it on).
 */
export type Reconciliation =
  | { action: 'none'; reason: 'done' | 'running' | 'other-key' }
  | { action: 'start'; reason: 'no-outcome' }
  | { action: 'redrive'; reason: 'stuck'; runId: string; sequencer?: string };

const bare = (etag: string | undefined) => (etag ?? '').replace(/"/g, '');

/**
 * `stuckAfterMs`: how long a run may stay "running" before it counts as stuck (the state machine's
 * timeout on AWS; 0 at a local restart, where no run can still be live).
 */
export function reconcile(
  object: InputObject,
  status: StatusDocument | undefined,
  options: { now: Date; stuckAfterMs: number },
): Reconciliation {
  if (!status) return { action: 'start', reason: 'no-outcome' };
  // Two input keys can name one article (a.txt, a.md): the article's status speaks of the other.
  if (status.sourceKey !== object.key) return { action: 'none', reason: 'other-key' };
  if (status.state === 'running') {
    const age = options.now.getTime() - Date.parse(status.updatedAt);
    if (!(age >= options.stuckAfterMs) || !status.runId) return { action: 'none', reason: 'running' };
    return {
      action: 'redrive',
      reason: 'stuck',
      runId: status.runId,
      ...(status.sequencer ? { sequencer: status.sequencer } : {}),
    };
  }
  // An outcome for an older upload of the key (a status from before ETags were recorded counts).
  if (status.etag && bare(status.etag) !== bare(object.etag))
    return { action: 'start', reason: 'no-outcome' };
  return { action: 'none', reason: 'done' };
}
