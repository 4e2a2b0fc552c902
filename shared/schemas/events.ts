import * as z from 'zod';

/**
 * The "Object Created" event S3 sends to EventBridge, which becomes the state machine's input.
 * Like S3's notification records, the key arrives URL-encoded with `+` for space.
 */
export const ObjectCreatedEvent = z.object({
  'detail-type': z.literal('Object Created'),
  source: z.literal('aws.s3'),
  time: z.string().optional(),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().int().nonnegative().optional(),
      etag: z.string().optional(),
      'version-id': z.string().optional(),
      sequencer: z.string().optional(),
    }),
    reason: z.string().optional(),
  }),
});
export type ObjectCreatedEvent = z.infer<typeof ObjectCreatedEvent>;

/** One record of an S3 event notification (the shape s3rver's events are converted to). */
export const S3NotificationRecord = z.object({
  eventName: z.string(),
  eventTime: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({
      key: z.string(),
      size: z.number().optional(),
      eTag: z.string().optional(),
      versionId: z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});
export type S3NotificationRecord = z.infer<typeof S3NotificationRecord>;

/** S3's key encoding in events: form encoding that keeps `/`. */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

/** The URL-decoded form of a key, or undefined when it is not valid URL encoding (a raw "%"). */
export function decodeEventKey(key: string): string | undefined {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * How an event names the key. EventBridge's "Object Created" carries it raw (what was uploaded);
 * an S3 notification record carries it URL-encoded. The pipeline accepts either.
 */
export type EventKeyForm = 'raw' | 'url-encoded';

/** What S3 puts on EventBridge for an object notification record. */
export function toObjectCreatedEvent(
  record: S3NotificationRecord,
  keyForm: EventKeyForm = 'raw',
): ObjectCreatedEvent {
  const { object } = record.s3;
  return {
    'detail-type': 'Object Created',
    source: 'aws.s3',
    time: record.eventTime,
    detail: {
      bucket: { name: record.s3.bucket.name },
      object: {
        key: keyForm === 'raw' ? (decodeEventKey(object.key) ?? object.key) : object.key,
        ...(object.size === undefined ? {} : { size: object.size }),
        ...(object.eTag === undefined ? {} : { etag: object.eTag }),
        ...(object.versionId === undefined ? {} : { 'version-id': object.versionId }),
        ...(object.sequencer === undefined ? {} : { sequencer: object.sequencer }),
      },
      reason: EVENTBRIDGE_REASONS[record.eventName.replace(/^ObjectCreated:/, '')] ?? 'PutObject',
    },
  };
}

/** S3 notification event names and the `reason` EventBridge's Object Created events carry instead. */
const EVENTBRIDGE_REASONS: Record<string, string> = {
  Put: 'PutObject',
  Post: 'POST Object',
  Copy: 'CopyObject',
  CompleteMultipartUpload: 'CompleteMultipartUpload',
};

/** Statuses after which an execution will never run its Catch: the status-change rule records them. */
export const UNCAUGHT_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

/** What Step Functions puts on EventBridge when an execution ends ("Execution Status Change"). */
export const ExecutionStatusChangeEvent = z.object({
  'detail-type': z.literal('Step Functions Execution Status Change'),
  source: z.literal('aws.states'),
  detail: z.object({
    executionArn: z.string(),
    stateMachineArn: z.string(),
    status: z.enum(UNCAUGHT_STATUSES),
    /** The execution's input, as a JSON string (here: the S3 "Object Created" event). */
    input: z.string().nullable().optional(),
    error: z.string().nullable().optional(),
    cause: z.string().nullable().optional(),
  }),
});
export type ExecutionStatusChangeEvent = z.infer<typeof ExecutionStatusChangeEvent>;
