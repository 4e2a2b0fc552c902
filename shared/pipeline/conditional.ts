import { setTimeout as sleep } from 'node:timers/promises';
import { StorageError } from '../errors.ts';
import type { ObjectStore } from '../ports.ts';
import { JSON_CONTENT_TYPE } from './deps.ts';

/**
 * One policy for every read-modify-write of a shared object (status.json's progress, a
 * translation memory, article.json under a correction): read with its ETag, decide, write only
 * if nobody wrote in between (If-Match, or If-None-Match for an object not there yet), and on a
 * lost race wait a jittered, growing moment and read again.
 */
export const CONDITIONAL_WRITE_ATTEMPTS = 12;
const BACKOFF_STEP_MS = 25;

/** What to do with what was read: write this body and return `result`, stop with a value, or read again. */
export type Decision<R> = { write: string; result: R } | { stop: R } | { again: true };

export interface ConditionalUpdate<R> {
  store: ObjectStore;
  bucket: string;
  key: string;
  decide: (found: { text: string; etag: string } | undefined) => Promise<Decision<R>> | Decision<R>;
}

const LOST = Symbol('contended');

async function attempt<R>(update: ConditionalUpdate<R>): Promise<R | typeof LOST> {
  const { store, bucket, key, decide } = update;
  for (let attempt = 0; attempt < CONDITIONAL_WRITE_ATTEMPTS; attempt++) {
    if (attempt > 0) await sleep(Math.random() * BACKOFF_STEP_MS * attempt);
    const found = await store.getTextWithEtag(bucket, key);
    const decision = await decide(found);
    if ('stop' in decision) return decision.stop;
    if ('again' in decision) continue;
    const written = found
      ? await store.putIfMatch(bucket, key, decision.write, JSON_CONTENT_TYPE, found.etag)
      : await store.putIfAbsent(bucket, key, decision.write, JSON_CONTENT_TYPE);
    if (written) return decision.result;
  }
  return LOST;
}

/** The update, or CONTENDED (retryable) with `contended` as its message when every attempt lost. */
export async function updateIfMatch<R>(update: ConditionalUpdate<R> & { contended: string }): Promise<R> {
  const result = await attempt(update);
  if (result === LOST) throw new StorageError('CONTENDED', update.contended);
  return result;
}

/** An advisory update (progress): undefined when every attempt lost, and nothing fails. */
export async function updateIfMatchOrGiveUp<R>(update: ConditionalUpdate<R>): Promise<R | undefined> {
  const result = await attempt(update);
  return result === LOST ? undefined : result;
}
