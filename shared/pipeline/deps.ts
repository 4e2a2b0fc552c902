import type { Config } from '../config.ts';
import type {
  EventPublisher,
  LanguageDetector,
  Logger,
  Metrics,
  ObjectStore,
  Summarizer,
  Translator,
} from '../ports.ts';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** How outputs people read (article.json, status.json, error.json) are written: indented. */
export const readableJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Everything a pipeline step may use. Each step asks only for the part it needs. */
export interface PipelineDeps {
  config: Config;
  store: ObjectStore;
  translator: Translator;
  detector: LanguageDetector;
  summarizer: Summarizer;
  events: EventPublisher;
  logger: Logger;
  metrics: Metrics;
  now: () => Date;
}

/**
 * JSON.parse that answers undefined for text that is not JSON. For objects several writers race
 * on (status, claims, cache entries): an unreadable one is treated as absent or taken, never as
 * a reason to fail the article.
 */
export function parseJsonOrUndefined(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function readJson<T>(
  store: ObjectStore,
  bucket: string,
  key: string,
  parse: (value: unknown) => T,
): Promise<T> {
  const text = await store.getText(bucket, key);
  if (text === undefined) throw new Error(`Missing work file ${key}`);
  return parse(JSON.parse(text));
}

/**
 * A work file, or its content riding in the Step Functions state instead: the value comes back to
 * go in the step's output when its JSON is at most `inlineLimit` bytes (config.INLINE_WORK_BYTES;
 * 0 never), else it is written to `key` and undefined comes back. The JSON is made once either way.
 */
export async function keepWorkFile<T>(
  store: ObjectStore,
  bucket: string,
  key: string,
  value: T,
  inlineLimit: number,
): Promise<T | undefined> {
  const json = JSON.stringify(value);
  // Never fewer bytes than UTF-16 units: a long string needs no byte count.
  if (inlineLimit > 0 && json.length <= inlineLimit && Buffer.byteLength(json) <= inlineLimit) return value;
  await store.put(bucket, key, json, JSON_CONTENT_TYPE);
  return undefined;
}

/** An output people read (article.json, status.json, error.json): indented. */
export async function writeJson(
  store: ObjectStore,
  bucket: string,
  key: string,
  value: unknown,
): Promise<void> {
  await store.put(bucket, key, readableJson(value), JSON_CONTENT_TYPE);
}

/** A work file only the next step reads: compact, a third fewer bytes to write and parse. */
export async function writeWorkFile(
  store: ObjectStore,
  bucket: string,
  key: string,
  value: unknown,
): Promise<void> {
  await store.put(bucket, key, JSON.stringify(value), JSON_CONTENT_TYPE);
}
