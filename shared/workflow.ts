import type { z } from 'zod';
import { PERMANENT_ERROR_NAME, RETRYABLE_ERROR_NAME } from './errors.ts';
import {
  AssembleInput,
  AssembleOutput,
  FailInput,
  FailOutput,
  ProceedOutput,
  SplitInput,
  SplitOutput,
  SummarizeOutput,
  TranslateInput,
  TranslateOutput,
} from './schemas/steps.ts';

/** How long an execution may run before Step Functions times it out (the stack's setting). */
export const EXECUTION_TIMEOUT_MS = 2 * 60 * 60 * 1000;

/**
 * The one definition of the pipeline. The CDK stack builds the Step Functions state machine from
 * it, and the local orchestrator interprets it, so both run the same steps in the same order
 * with the same payloads (test/infra/parity.test.ts holds them to it).
 */
export const STEPS = {
  split: { input: SplitInput, output: SplitOutput },
  summarize: { input: ProceedOutput, output: SummarizeOutput },
  translate: { input: TranslateInput, output: TranslateOutput },
  assemble: { input: AssembleInput, output: AssembleOutput },
  fail: { input: FailInput, output: FailOutput },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type StepName = keyof typeof STEPS;
export const STEP_NAMES: readonly StepName[] = ['split', 'summarize', 'translate', 'assemble', 'fail'];
export type StepInput<S extends StepName> = z.infer<(typeof STEPS)[S]['input']>;
export type StepOutput<S extends StepName> = z.infer<(typeof STEPS)[S]['output']>;

export type WorkflowState =
  /** Invokes `step` with the state; with `withExecutionId`, with {event: state, executionId} instead. */
  | { kind: 'task'; name: string; step: StepName; withExecutionId?: true }
  /** Ends the execution successfully, at `end`, when state[field] is true. */
  | { kind: 'skip-if'; name: string; field: 'skip'; end: string }
  /**
   * Runs `step` once per element of state[itemsPath], with {run, batch} as input, plus the task's
   * retryCount and the execution's redriveCount (a first attempt knows no earlier one left work
   * behind); results land at resultPath.
   */
  | {
      kind: 'map';
      name: string;
      step: StepName;
      itemsPath: 'batches';
      itemField: 'batch';
      carry: 'run';
      resultPath: 'translated';
    };

export const WORKFLOW: readonly WorkflowState[] = [
  { kind: 'task', name: 'Split', step: 'split', withExecutionId: true },
  { kind: 'skip-if', name: 'AlreadyHandled?', field: 'skip', end: 'AlreadyHandled' },
  { kind: 'task', name: 'Summarize', step: 'summarize' },
  {
    kind: 'map',
    name: 'TranslateBatches',
    step: 'translate',
    itemsPath: 'batches',
    itemField: 'batch',
    carry: 'run',
    resultPath: 'translated',
  },
  { kind: 'task', name: 'Assemble', step: 'assemble' },
];

export const SUCCEEDED_STATE = 'ArticleSucceeded';
export const FAILED_STATE = 'ArticleFailed';

/** Every state catches everything into this step, with the error at `resultPath`. */
export const CATCH = { name: 'RecordFailure', step: 'fail', resultPath: 'error' } as const satisfies {
  name: string;
  step: StepName;
  resultPath: string;
};

/**
 * Retried: our transient errors, the Lambda service's own (including an unknown failure and a
 * function or client timeout: every step is idempotent). Never retried: Paragraf.Permanent.
 */
export const RETRY = {
  errors: [
    RETRYABLE_ERROR_NAME,
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
    'Lambda.Unknown',
    'Lambda.ClientExecutionTimeoutException',
    'Sandbox.Timedout',
    'States.Timeout',
  ],
  intervalSeconds: 2,
  /** Retries after the first attempt (Step Functions' MaxAttempts). */
  maxAttempts: 14,
  backoffRate: 2,
  maxDelaySeconds: 60,
  jitter: 'FULL',
} as const;

/**
 * How long a step keeps retrying before it gives up: the sum of the capped delays (full jitter
 * waits a random share of each, half on average). Kept at 10 minutes or more, so that throttling
 * outlasts a burst of Amazon Translate's per-second quota with 5 minutes on average.
 */
export function retryWindowSeconds(retry: {
  intervalSeconds: number;
  backoffRate: number;
  maxAttempts: number;
  maxDelaySeconds: number;
}): number {
  let total = 0;
  for (let i = 0; i < retry.maxAttempts; i++)
    total += Math.min(retry.intervalSeconds * retry.backoffRate ** i, retry.maxDelaySeconds);
  return total;
}

export const NEVER_RETRIED = [PERMANENT_ERROR_NAME] as const;

/**
 * Step Functions' per-execution limits (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html):
 * a state's input or output is at most 256 KiB, and an execution's history at most 25,000 events.
 */
export const STEP_FUNCTIONS_LIMITS = { stateBytes: 256 * 1024, historyEvents: 25_000 } as const;

/**
 * The most INLINE_WORK_BYTES may be. At most four work files ride in the state at once (Assemble's
 * input holds the paragraphs, the units, the one batch's units and its result), so four of this
 * size and the rest of the state stay inside the 256 KiB limit.
 */
export const INLINE_WORK_BYTES_MAX = 48 * 1024;
/** INLINE_WORK_BYTES (and paragraf:inlineWorkBytes) when unset: a typical article's work files all fit. */
export const INLINE_WORK_BYTES_DEFAULT = 32 * 1024;

/**
 * The most translation batches one article is cut into, whatever its size. The Map's input holds
 * one batch descriptor each and Assemble's input one result each (about 150 bytes together), and
 * each Map iteration writes about 7 history events plus 3 per retry: 1,000 batches stay well
 * inside both limits (test/infra/state-machine.test.ts checks the arithmetic). Larger articles
 * get larger batches instead of more of them.
 */
export const MAX_BATCHES = 1000;

/** Where the Lambdas' EMF metrics land: the Powertools namespace and service dimension the dashboard reads. */
export const PARAGRAF_METRICS = { namespace: 'Paragraf', service: 'paragraf' } as const;
