import { ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { articleIdFor, outputKeys, workKeys } from '../../shared/keys.ts';
import { correctionRecordKey } from '../../shared/pipeline/correct.ts';
import { parseJsonOrUndefined } from '../../shared/pipeline/deps.ts';
import { parseStatus } from '../../shared/pipeline/ordering.ts';
import { type InputObject, reconcile } from '../../shared/pipeline/reconcile.ts';
import type { ObjectStore } from '../../shared/ports.ts';
import { CorrectionRecord } from '../../shared/schemas/document.ts';
import { encodeEventKey, type S3NotificationRecord } from '../../shared/schemas/events.ts';
import { ClaimFile } from '../../shared/schemas/steps.ts';

/** Every object under the prefix. ListObjects with markers: s3rver's V2 tokens need DES. */
export async function listObjectsUnder(s3: S3Client, bucket: string, prefix: string): Promise<InputObject[]> {
  const objects: InputObject[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, ...(marker ? { Marker: marker } : {}) }),
    );
    for (const o of page.Contents ?? []) {
      if (!o.Key || o.Key.endsWith('/')) continue;
      objects.push({
        key: o.Key,
        etag: (o.ETag ?? '').replace(/"/g, ''),
        ...(o.Size === undefined ? {} : { size: o.Size }),
        ...(o.LastModified ? { lastModified: o.LastModified } : {}),
      });
    }
    const last = page.Contents?.at(-1)?.Key;
    if (!page.IsTruncated || !last) break;
    marker = last;
  }
  return objects;
}

export interface Recovered {
  key: string;
  reason: 'no-outcome' | 'stuck';
}

/**
 * At the local cloud's start, with a kept data folder: the uploads that have no outcome for their
 * current ETag (their event was lost: the process died, or stopped, before it ran them) and the
 * runs a killed process left "running". Each is started once, as S3 would have: a new upload with
 * a fresh sequencer, a stuck run as its own execution again (its claim names it), so the
 * pipeline's duplicate protection holds. `live` keys already have an execution in this process.
 */
export async function recoverUploads(options: {
  s3: S3Client;
  /** Where status and records are read: one read per upload ever kept, so the cheapest at hand. */
  store: Pick<ObjectStore, 'getText'>;
  inputBucket: string;
  outputBucket: string;
  inputPrefix: string;
  workPrefix: string;
  /** Corrections with no record for their ETag are applied too (their event was lost the same way). */
  correctionsPrefix?: string;
  live: ReadonlySet<string>;
  nextSequencer: () => string;
  start: (record: S3NotificationRecord, executionId?: string) => void;
}): Promise<Recovered[]> {
  const recovered: Recovered[] = [];
  const now = new Date();
  const recordOf = (object: InputObject, sequencer: string): S3NotificationRecord => ({
    eventName: 'ObjectCreated:Put',
    eventTime: (object.lastModified ?? now).toISOString(),
    s3: {
      bucket: { name: options.inputBucket },
      object: {
        key: encodeEventKey(object.key),
        ...(object.size === undefined ? {} : { size: object.size }),
        eTag: object.etag,
        sequencer,
      },
    },
  });
  for (const object of await listObjectsUnder(options.s3, options.inputBucket, options.inputPrefix)) {
    if (options.live.has(object.key)) continue;
    const articleId = articleIdFor(object.key, options.inputPrefix);
    const status = parseStatus(
      await options.store.getText(options.outputBucket, outputKeys.status(articleId)),
    );
    const plan = reconcile(object, status, { now, stuckAfterMs: 0 });
    if (plan.action === 'none') continue;
    const sequencer = plan.action === 'redrive' && plan.sequencer ? plan.sequencer : options.nextSequencer();
    const record = recordOf(object, sequencer);
    let executionId: string | undefined;
    if (plan.action === 'redrive') {
      const claim = ClaimFile.safeParse(
        parseJsonOrUndefined(
          await options.store.getText(
            options.outputBucket,
            workKeys(options.workPrefix, articleId, plan.runId).claim,
          ),
        ),
      );
      if (claim.success) executionId = claim.data.executionId;
    }
    options.start(record, executionId);
    recovered.push({ key: object.key, reason: plan.reason });
  }
  const corrections = options.correctionsPrefix;
  if (corrections) {
    for (const object of await listObjectsUnder(options.s3, options.inputBucket, corrections)) {
      const outcome = CorrectionRecord.safeParse(
        parseJsonOrUndefined(
          await options.store.getText(options.outputBucket, correctionRecordKey(object.key, corrections)),
        ),
      );
      if (outcome.success && outcome.data.etag.replace(/"/g, '') === object.etag) continue;
      options.start(recordOf(object, options.nextSequencer()));
      recovered.push({ key: object.key, reason: 'no-outcome' });
    }
  }
  return recovered;
}
