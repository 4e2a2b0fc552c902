import { S3Client } from '@aws-sdk/client-s3';
import { TranslateClient } from '@aws-sdk/client-translate';
import type { z } from 'zod';
import { AwsTranslator } from '../shared/adapters/aws-translator.ts';
import { ExtractiveSummarizer } from '../shared/adapters/extractive-summarizer.ts';
import { FrancDetector } from '../shared/adapters/franc-detector.ts';
import { JsonLogger } from '../shared/adapters/json-logger.ts';
import { S3ObjectStore } from '../shared/adapters/s3-store.ts';
import { loadConfig } from '../shared/config.ts';
import { classifyError, StepError, toStepError } from '../shared/errors.ts';
import type { PipelineDeps } from '../shared/pipeline/deps.ts';
import type { Logger } from '../shared/ports.ts';

let cached: PipelineDeps | undefined;

/** Built once per cold start: config parsed (a missing variable throws here), clients reused across invocations. */
export function defaultDeps(): PipelineDeps {
  cached ??= {
    config: loadConfig(process.env),
    store: new S3ObjectStore(new S3Client({})),
    translator: new AwsTranslator(new TranslateClient({})),
    detector: new FrancDetector(),
    summarizer: new ExtractiveSummarizer(),
    logger: new JsonLogger(),
    now: () => new Date(),
  };
  return cached;
}

export function enginesOf(deps: Pick<PipelineDeps, 'translator' | 'summarizer' | 'detector'>) {
  return {
    translation: deps.translator.name,
    summarization: deps.summarizer.name,
    languageDetection: deps.detector.name,
  };
}

/**
 * The shape of every handler: parse the event, call the domain, map errors to the two names the
 * state machine's Retry policy understands.
 */
export function makeStepHandler<S extends z.ZodType, O>(
  stepName: string,
  schema: S,
  logger: Logger,
  run: (input: z.infer<S>) => Promise<O>,
): (event: unknown) => Promise<O> {
  return async (event: unknown) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      const paths = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
      logger.error('step.invalid_event', { step: stepName, paths });
      throw new StepError({
        code: 'INVALID_EVENT',
        retryable: false,
        message: `The ${stepName} step got an event it cannot read (at ${paths}).`,
      });
    }
    try {
      return await run(parsed.data);
    } catch (err) {
      const classified = classifyError(err);
      logger.error('step.failed', {
        step: stepName,
        code: classified.code,
        retryable: classified.retryable,
        error: err instanceof Error ? err.name : typeof err,
      });
      throw toStepError(err);
    }
  };
}
