import { PERMANENT_ERROR_NAME, parseStepMessage, RETRYABLE_ERROR_NAME } from '../errors.ts';
import { articleIdFor, outputKeys, runIdFor } from '../keys.ts';
import { ARTICLE_FAILED, type ErrorDocument, type StatusDocument } from '../schemas/document.ts';
import { ObjectCreatedEvent } from '../schemas/events.ts';
import type { FailEvent, FailInput, FailOutput } from '../schemas/steps.ts';
import { type PipelineDeps, parseJsonOrUndefined, writeJson } from './deps.ts';
import { isSuperseded, readStatus } from './ordering.ts';
import { resolveEventKey } from './source-key.ts';

export type FailDeps = Pick<PipelineDeps, 'config' | 'store' | 'events' | 'logger' | 'metrics' | 'now'>;

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
  // Recorded from an execution status change (handleFailEvent): the code is in the name.
  if (error.Error.startsWith('Paragraf.EXECUTION_') && errorMessage)
    return { ...parseStepMessage(errorMessage), retryable: true };
  if (error.Error === 'States.DataLimitExceeded')
    return {
      code: 'STATE_TOO_LARGE',
      message: 'A step produced more than Step Functions carries between states (256 KB).',
      retryable: false,
    };
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

/** The Fail state's error: an execution that ends there had its failure recorded by the Catch. */
export const ARTICLE_FAILED_ERROR = 'Paragraf.ArticleFailed';

const UNCAUGHT: Record<string, { code: string; message: string }> = {
  TIMED_OUT: { code: 'EXECUTION_TIMED_OUT', message: 'The run took longer than the state machine allows.' },
  ABORTED: { code: 'EXECUTION_ABORTED', message: 'The run was stopped (StopExecution or a redeploy).' },
};

/**
 * The fail step for either caller. A status-change event becomes a failure of the upload in its
 * input, recorded only while that run is still "running": the Catch path, or a success, wins.
 */
export async function handleFailEvent(event: FailEvent, deps: FailDeps): Promise<FailOutput> {
  if (!('detail-type' in event)) return recordFailure(event, deps);
  const { detail } = event;
  const parsed = ObjectCreatedEvent.safeParse(parseJsonOrUndefined(detail.input ?? undefined));
  if (!parsed.success || detail.error === ARTICLE_FAILED_ERROR) {
    deps.logger.info('fail.status_change_skipped', {
      status: detail.status,
      reason: parsed.success ? 'caught' : 'no-object-event',
    });
    return { articleId: '', status: 'already-ended', code: detail.error ?? detail.status };
  }
  const uncaught = UNCAUGHT[detail.status];
  const error = uncaught
    ? {
        Error: `Paragraf.${uncaught.code}`,
        Cause: JSON.stringify({ errorMessage: `${uncaught.code}: ${uncaught.message}` }),
      }
    : { Error: detail.error ?? 'States.Runtime', ...(detail.cause ? { Cause: detail.cause } : {}) };
  return recordFailure({ error, detail: parsed.data.detail }, deps, { onlyWhileRunning: true });
}

/** The Catch target: records why a run failed. The uploaded object is never touched. */
export async function recordFailure(
  input: FailInput,
  deps: FailDeps,
  options: { onlyWhileRunning?: boolean } = {},
): Promise<FailOutput> {
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
  const etag = input.run?.source.etag || object?.etag;
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
  if (options.onlyWhileRunning) {
    const current = await readStatus(store, config.OUTPUT_BUCKET, outputKeys.status(articleId));
    if (current && current.runId === runId && current.state !== 'running') {
      logger.info('fail.already_ended', { articleId, runId, state: current.state, code: described.code });
      return { articleId, status: 'already-ended', code: described.code };
    }
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
    ...(etag ? { etag } : {}),
    state: 'failed',
    sourceKey,
    updatedAt: failedAt,
    error: { code: described.code, message: described.message },
  };
  await writeJson(store, config.OUTPUT_BUCKET, outputKeys.status(articleId), status);
  await deps.events.publish(ARTICLE_FAILED, {
    articleId,
    status: 'failed',
    sourceKey,
    outputBucket: config.OUTPUT_BUCKET,
    outputs: [],
    ...(input.run ? { sourceLanguage: input.run.sourceLanguage } : {}),
    targetLanguages: input.run?.targetLanguages ?? [],
    failedLanguages: [],
    error: { code: described.code, message: described.message },
  });
  logger.error('run.failed', { articleId, code: described.code, retryable: described.retryable });
  deps.metrics.count('ArticlesFailed', 1);
  return { articleId, status: 'failed', code: described.code };
}
