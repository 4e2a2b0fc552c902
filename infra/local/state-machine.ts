import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import {
  CATCH,
  FAILED_STATE,
  RETRY,
  STEP_FUNCTIONS_LIMITS,
  type StepName,
  SUCCEEDED_STATE,
  WORKFLOW,
} from '../../shared/workflow.ts';

export type StepHandlers = Record<StepName, (input: unknown) => Promise<unknown>>;

export interface StepCall {
  state: string;
  step: StepName;
  input: unknown;
  output?: unknown;
  error?: string;
  attempt: number;
  /** Wall time of the handler call, the local stand-in for billed Lambda duration. */
  ms?: number;
}

export interface ExecutionResult {
  status: 'SUCCEEDED' | 'FAILED';
  /** The terminal state: ArticleSucceeded, AlreadyHandled or ArticleFailed (RecordFailure when recording the failure failed too). */
  end: string;
  executionId: string;
  output: unknown;
  calls: StepCall[];
}

export interface LocalStateMachineOptions {
  /** Map concurrency, as the state machine's MaxConcurrency. */
  maxConcurrency: number;
  /** Scales RETRY's wait times; tests use a small value so retries do not wait seconds. */
  retryTimeScale?: number;
  random?: () => number;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {};
}

/** The error object a Step Functions Catch places in the state (Error plus a JSON Cause). */
function caught(err: unknown): { Error: string; Cause: string } {
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  return { Error: name, Cause: JSON.stringify({ errorType: name, errorMessage: message }) };
}

/** Step Functions fails a state whose output is over 256 KiB: so does the local interpreter. */
function checkedState(value: unknown, state: string): string {
  const json = JSON.stringify(value ?? null);
  const bytes = Buffer.byteLength(json);
  if (bytes > STEP_FUNCTIONS_LIMITS.stateBytes) {
    const error = new Error(
      `${state}: the state output is ${bytes} bytes, over Step Functions' ${STEP_FUNCTIONS_LIMITS.stateBytes}-byte limit.`,
    );
    error.name = 'States.DataLimitExceeded';
    throw error;
  }
  return json;
}

/**
 * Runs WORKFLOW the way Step Functions runs the state machine built from it: task output
 * becomes the state, the Map builds {run, batch} per item and puts results at `translated`,
 * RETRY applies with exponential backoff and full jitter, and any failure goes to CATCH with
 * the error at `error`.
 */
export class LocalStateMachine {
  private readonly handlers: StepHandlers;
  private readonly options: LocalStateMachineOptions;
  constructor(handlers: StepHandlers, options: LocalStateMachineOptions) {
    this.handlers = handlers;
    this.options = options;
  }

  /** With `counted`, the input also gets the attempt counts a Map iteration's task receives. */
  private async invoke(
    state: string,
    step: StepName,
    payload: unknown,
    calls: StepCall[],
    counted = false,
  ): Promise<unknown> {
    const retryable = new Set<string>(RETRY.errors);
    for (let attempt = 1; ; attempt++) {
      // $$.State.RetryCount and $$.Execution.RedriveCount (the local machine does not redrive).
      const input = counted ? { ...asRecord(payload), retryCount: attempt - 1, redriveCount: 0 } : payload;
      const call: StepCall = { state, step, input, attempt };
      calls.push(call);
      const started = performance.now();
      try {
        // A round trip through JSON, as the real service serialises every payload.
        const output: unknown = JSON.parse(
          checkedState(await this.handlers[step](JSON.parse(JSON.stringify(input))), state),
        );
        call.output = output;
        call.ms = performance.now() - started;
        return output;
      } catch (err) {
        call.error = err instanceof Error ? err.name : 'Error';
        call.ms = performance.now() - started;
        if (!retryable.has(call.error) || attempt > RETRY.maxAttempts) throw err;
        const base = Math.min(
          RETRY.intervalSeconds * RETRY.backoffRate ** (attempt - 1),
          RETRY.maxDelaySeconds,
        );
        const wait =
          base * (this.options.random ?? Math.random)() * 1000 * (this.options.retryTimeScale ?? 1);
        await sleep(wait);
      }
    }
  }

  async execute(input: unknown, executionId = `local:${randomUUID()}`): Promise<ExecutionResult> {
    const calls: StepCall[] = [];
    let state: unknown = input;
    try {
      for (const definition of WORKFLOW) {
        if (definition.kind === 'task') {
          const payload = definition.withExecutionId ? { event: state, executionId } : state;
          state = await this.invoke(definition.name, definition.step, payload, calls);
          continue;
        }
        if (definition.kind === 'skip-if') {
          if (asRecord(state)[definition.field] === true)
            return { status: 'SUCCEEDED', end: definition.end, executionId, output: state, calls };
          continue;
        }
        const current = asRecord(state);
        const items = current[definition.itemsPath];
        if (!Array.isArray(items))
          throw new Error(`${definition.name}: ${definition.itemsPath} is not an array`);
        const limit = pLimit(this.options.maxConcurrency);
        const results = await Promise.all(
          items.map((item) =>
            limit(() =>
              this.invoke(
                definition.name,
                definition.step,
                { [definition.carry]: current[definition.carry], [definition.itemField]: item },
                calls,
                true,
              ),
            ),
          ),
        );
        const combined = { ...current, [definition.resultPath]: results };
        checkedState(combined, definition.name);
        state = combined;
      }
      return { status: 'SUCCEEDED', end: SUCCEEDED_STATE, executionId, output: state, calls };
    } catch (err) {
      const failureInput = { ...asRecord(state), [CATCH.resultPath]: caught(err) };
      try {
        const output = await this.invoke(CATCH.name, CATCH.step, failureInput, calls);
        return { status: 'FAILED', end: FAILED_STATE, executionId, output, calls };
      } catch (recordErr) {
        // The Catch target failed too (after its retries): Step Functions fails the execution there.
        return { status: 'FAILED', end: CATCH.name, executionId, output: caught(recordErr), calls };
      }
    }
  }
}
