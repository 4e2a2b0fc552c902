import { CopyObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  ExecutionAlreadyExists,
  RedriveExecutionCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { articleIdFor, outputKeys, runIdFor, workKeys } from '../../shared/keys.ts';
import { parseJsonOrUndefined } from '../../shared/pipeline/deps.ts';
import { parseStatus } from '../../shared/pipeline/ordering.ts';
import { type InputObject, reconcile } from '../../shared/pipeline/reconcile.ts';
import type { ObjectCreatedEvent } from '../../shared/schemas/events.ts';
import { ClaimFile } from '../../shared/schemas/steps.ts';
import { EXECUTION_TIMEOUT_MS } from '../../shared/workflow.ts';
import { listObjectsUnder } from '../local/recover.ts';
import { readText } from './remote.ts';
import type { Target } from './target.ts';

/** One input object that has no outcome: what reconcile found, and, with --start, what it did. */
export interface Unreconciled {
  key: string;
  articleId: string;
  etag: string;
  /** no-outcome: never ran for this ETag (its event was lost); stuck: "running" past the timeout. */
  reason: 'no-outcome' | 'stuck';
  /** The run: the stuck one's, or (after --start on AWS) the one started. */
  runId?: string;
  /** With --start: started, already-started (the same run key ran before), redriven, or why not. */
  started?: 'started' | 'already-started' | 'redriven' | 'copied' | `failed: ${string}`;
  /** The execution started or redriven (AWS). */
  executionArn?: string;
}

/**
 * The input objects that have no outcome for their current ETag, and the articles left "running"
 * longer than the state machine's timeout (on AWS the UncaughtExecutionEnd rule records those;
 * one still running means it did not).
 */
export async function findUnreconciled(
  target: Target,
  options: { now?: Date; stuckAfterMs?: number } = {},
): Promise<Unreconciled[]> {
  const now = options.now ?? new Date();
  const stuckAfterMs = options.stuckAfterMs ?? EXECUTION_TIMEOUT_MS;
  const found: Unreconciled[] = [];
  const objects: InputObject[] = await listObjectsUnder(target.s3, target.inputBucket, target.inputPrefix);
  for (const object of objects) {
    const articleId = articleIdFor(object.key, target.inputPrefix);
    const status = parseStatus(await readText(target, outputKeys.status(articleId)));
    const plan = reconcile(object, status, { now, stuckAfterMs });
    if (plan.action === 'none') continue;
    found.push({
      key: object.key,
      articleId,
      etag: object.etag,
      reason: plan.reason,
      ...(plan.action === 'redrive' ? { runId: plan.runId } : {}),
    });
  }
  return found;
}

/** What `--start` needs on AWS: the state machine the EventBridge rule starts. */
export interface StepFunctionsTarget {
  sfn: SFNClient;
  stateMachineArn: string;
  workPrefix: string;
}

/** The event the EventBridge rule would have sent for the object as it is now. */
async function objectCreatedEvent(s3: S3Client, bucket: string, key: string): Promise<ObjectCreatedEvent> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return {
    'detail-type': 'Object Created',
    source: 'aws.s3',
    time: (head.LastModified ?? new Date()).toISOString(),
    detail: {
      bucket: { name: bucket },
      object: {
        key,
        ...(head.ContentLength === undefined ? {} : { size: head.ContentLength }),
        ...(head.ETag ? { etag: head.ETag.replace(/"/g, '') } : {}),
        ...(head.VersionId ? { 'version-id': head.VersionId } : {}),
      },
      reason: 'PutObject',
    },
  };
}

/**
 * Starts what findUnreconciled found, at most once each:
 * - no outcome: StartExecution with the event the rule would have sent, named by the run key
 *   (the object's version), so a second reconcile, or the late original event, is the same run
 *   (Step Functions refuses a second execution of that name; Split's claim stops a duplicate);
 * - stuck: RedriveExecution of the execution that claimed the run (its claim names it), which
 *   picks up where it stopped instead of starting a run the claim would refuse.
 * Locally (`--local`), a lost event is sent again by copying the object onto itself, as any S3
 * client can; a stuck run is resumed by restarting `paragraf serve`.
 */
export async function startUnreconciled(
  target: Target,
  rows: readonly Unreconciled[],
  stepFunctions: StepFunctionsTarget | undefined,
): Promise<Unreconciled[]> {
  const done: Unreconciled[] = [];
  for (const row of rows) {
    try {
      if (!stepFunctions) {
        if (row.reason === 'stuck') {
          done.push({ ...row, started: 'failed: restart paragraf serve: it resumes runs left running' });
          continue;
        }
        // S3 refuses a copy onto itself that changes nothing: the same metadata and a marker.
        const head = await target.s3.send(
          new HeadObjectCommand({ Bucket: target.inputBucket, Key: row.key }),
        );
        await target.s3.send(
          new CopyObjectCommand({
            Bucket: target.inputBucket,
            Key: row.key,
            CopySource: `${target.inputBucket}/${row.key.split('/').map(encodeURIComponent).join('/')}`,
            MetadataDirective: 'REPLACE',
            Metadata: { ...(head.Metadata ?? {}), 'paragraf-reconciled': new Date().toISOString() },
            ...(head.ContentType ? { ContentType: head.ContentType } : {}),
          }),
        );
        done.push({ ...row, started: 'copied' });
        continue;
      }
      if (row.reason === 'stuck' && row.runId) {
        const claim = ClaimFile.safeParse(
          parseJsonOrUndefined(
            await readText(target, workKeys(stepFunctions.workPrefix, row.articleId, row.runId).claim),
          ),
        );
        if (!claim.success) {
          done.push({ ...row, started: 'failed: no claim names the execution to redrive' });
          continue;
        }
        await stepFunctions.sfn.send(new RedriveExecutionCommand({ executionArn: claim.data.executionId }));
        done.push({ ...row, started: 'redriven', executionArn: claim.data.executionId });
        continue;
      }
      const event = await objectCreatedEvent(target.s3, target.inputBucket, row.key);
      const runId = runIdFor(target.inputBucket, row.key, {
        versionId: event.detail.object['version-id'],
        etag: event.detail.object.etag,
      });
      try {
        const started = await stepFunctions.sfn.send(
          new StartExecutionCommand({
            stateMachineArn: stepFunctions.stateMachineArn,
            name: `reconcile-${runId}`,
            input: JSON.stringify(event),
          }),
        );
        done.push({
          ...row,
          runId,
          started: 'started',
          ...(started.executionArn ? { executionArn: started.executionArn } : {}),
        });
      } catch (error) {
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
        done.push({ ...row, runId, started: 'already-started' });
      }
    } catch (error) {
      done.push({ ...row, started: `failed: ${error instanceof Error ? error.name : 'error'}` });
    }
  }
  return done;
}
