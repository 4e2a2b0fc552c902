import { PERMANENT_ERROR_NAME, parseStepMessage, RETRYABLE_ERROR_NAME } from '../errors.ts';
import { articleIdFor, outputKeys, runIdFor } from '../keys.ts';
import type { ErrorDocument, StatusDocument } from '../schemas/document.ts';
import type { FailInput, FailOutput } from '../schemas/steps.ts';
import { type PipelineDeps, writeJson } from './deps.ts';
import { isSuperseded, readStatus } from './ordering.ts';
import { resolveEventKey } from './source-key.ts';

export type FailDeps = Pick<PipelineDeps, 'config' | 'store' | 'logger' | 'now'>;

const UNKNOWN = { code: 'INTERNAL', message: 'The pipeline failed for a reason it did not record.' };

/** Reads the code and message out of the Cause that Step Functions (or the local runner) caught. */
export function describeCaughtError(error: FailInput['error']): {
  code: string;
  message: string;
  retryable: boolean;
} {
  let errorMessage: string | undefined;
  if (error.Cause) {
    try {
      const cause: unknown = JSON.parse(error.Cause);
      if (
        cause &&
        typeof cause === 'object' &&
        'errorMessage' in cause &&
        typeof cause.errorMessage === 'string'
      ) {
        errorMessage = cause.errorMessage;
      }
    } catch {
      errorMessage = error.Cause;
    }
  }
  const ours = error.Error === PERMANENT_ERROR_NAME || error.Error === RETRYABLE_ERROR_NAME;
  if (ours && errorMessage)
    return { ...parseStepMessage(errorMessage), retryable: error.Error === RETRYABLE_ERROR_NAME };
  if (error.Error === 'States.Timeout')
    return { code: 'TIMEOUT', message: 'A step ran out of time.', retryable: true };
  if (error.Error.startsWith('Lambda.') || error.Error.startsWith('States.')) {
    return {
      code: 'PLATFORM_ERROR',
      message: `${error.Error}: the platform failed the step after its retries.`,
      retryable: true,
    };
  }
  return { ...UNKNOWN, retryable: false };
}

/** The Catch target: records why a run failed. The uploaded object is never touched. */
export async function recordFailure(input: FailInput, deps: FailDeps): Promise<FailOutput> {
  const { config, store, logger } = deps;
  const sourceKey =
    input.run?.source.key ??
    (input.detail
      ? await resolveEventKey(store, input.detail.bucket.name, input.detail.object.key)
      : 'unknown');
  const articleId = input.run?.articleId ?? articleIdFor(sourceKey, config.INPUT_PREFIX);
  const described = describeCaughtError(input.error);
  const failedAt = deps.now().toISOString();
  const object = input.detail?.object;
  const runId =
    input.run?.runId ??
    (input.detail && object
      ? runIdFor(input.detail.bucket.name, sourceKey, {
          versionId: object['version-id'],
          sequencer: object.sequencer,
          etag: object.etag,
        })
      : undefined);
  const sequencer = input.run?.sequencer ?? object?.sequencer;
  if (
    runId &&
    isSuperseded(await readStatus(store, config.OUTPUT_BUCKET, outputKeys.status(articleId)), {
      runId,
      sequencer,
    })
  ) {
    logger.info('fail.superseded', { articleId, runId, code: described.code });
    return { articleId, status: 'superseded', code: described.code };
  }
  const errorDoc: ErrorDocument = {
    articleId,
    sourceKey,
    code: described.code,
    message: described.message,
    retryable: described.retryable,
    failedAt,
  };
  await writeJson(store, config.OUTPUT_BUCKET, outputKeys.error(articleId), errorDoc);
  const status: StatusDocument = {
    articleId,
    ...(runId ? { runId } : {}),
    ...(sequencer ? { sequencer } : {}),
    state: 'failed',
    sourceKey,
    updatedAt: failedAt,
    error: { code: described.code, message: described.message },
  };
  await writeJson(store, config.OUTPUT_BUCKET, outputKeys.status(articleId), status);
  logger.error('run.failed', { articleId, code: described.code, retryable: described.retryable });
  return { articleId, status: 'failed', code: described.code };
}
