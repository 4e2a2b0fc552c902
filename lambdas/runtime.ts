import type { z } from 'zod';
import { classifyError, StepError, toStepError } from '../shared/errors.ts';
import type { Logger, Metrics } from '../shared/ports.ts';

/**
 * The shape of every handler: parse the event, call the domain, map errors to the two names the
 * state machine's Retry policy understands.
 */
export function makeStepHandler<S extends z.ZodType, O>(
  stepName: string,
  schema: S,
  { logger, metrics, now }: { logger: Logger; metrics: Metrics; now: () => Date },
  run: (input: z.infer<S>) => Promise<O>,
): (event: unknown) => Promise<O> {
  return async (event: unknown) => {
    const started = now().getTime();
    try {
      return await parseAndRun(event);
    } finally {
      metrics.stepDuration(stepName, now().getTime() - started);
    }
  };

  async function parseAndRun(event: unknown): Promise<O> {
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
  }
}
