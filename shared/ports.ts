import type { Block } from './article/model.ts';
import type { ArticleEventDetail, ArticleEventType } from './schemas/document.ts';
import type { SummaryLength, SummaryResult } from './summarize/extractive.ts';

export interface StoredObject {
  bytes: Uint8Array;
  etag: string;
  contentType?: string;
  versionId?: string;
  /** User metadata, keys lower-cased without the x-amz-meta- prefix. */
  metadata: Record<string, string>;
}

/** The object store (S3 in both worlds). */
export interface ObjectStore {
  get(bucket: string, key: string, versionId?: string): Promise<StoredObject>;
  put(bucket: string, key: string, body: string, contentType: string): Promise<void>;
  /** The text and its ETag, for a later putIfMatch; undefined when the object does not exist. */
  getTextWithEtag(bucket: string, key: string): Promise<{ text: string; etag: string } | undefined>;
  /** Writes only if the object still has this ETag (S3 conditional write); false when it changed. */
  putIfMatch(bucket: string, key: string, body: string, contentType: string, etag: string): Promise<boolean>;
  /** Writes only if the key does not exist yet (S3 conditional write); false when it did. */
  putIfAbsent(bucket: string, key: string, body: string, contentType: string): Promise<boolean>;
  /** Undefined when the object does not exist. */
  getText(bucket: string, key: string): Promise<string | undefined>;
  /** Whether an object exists (HEAD): false on 404. */
  exists(bucket: string, key: string): Promise<boolean>;
}

export interface TranslateRequest {
  text: string;
  source: string;
  target: string;
  terminologyNames: readonly string[];
}

export interface Translator {
  readonly name: string;
  translate(request: TranslateRequest): Promise<string>;
}

export interface LanguageDetector {
  readonly name: string;
  /** An ISO 639-1 code (Amazon Translate's), or undefined when unsure. */
  detect(text: string): string | undefined;
}

export interface Summarizer {
  readonly name: string;
  /** `language` is the article's (ISO 639-1): it picks the gist compression rules. */
  summarize(blocks: readonly Block[], length: SummaryLength, language: string): SummaryResult;
}

/** The event bus (EventBridge in both worlds): completion events for downstream systems. */
export interface EventPublisher {
  publish(detailType: ArticleEventType, detail: ArticleEventDetail): Promise<void>;
}

/** Structured logs: keys, sizes, counts, durations and codes only, never article text. */
/** The business metrics the pipeline reports (CloudWatch EMF on AWS, in memory locally). */
export type MetricName =
  | 'ArticlesSucceeded'
  | 'ArticlesFailed'
  | 'Paragraphs'
  | 'CharactersTranslated'
  | 'CharactersFromCache';

export interface Metrics {
  count(name: MetricName, value: number): void;
  /** How long a step took, per step. */
  stepDuration(step: string, ms: number): void;
}

export type LogFields = Record<string, string | number | boolean | undefined>;
export interface Logger {
  info(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}
