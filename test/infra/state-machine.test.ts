import { describe, expect, it } from 'vitest';
import { LocalStateMachine, type StepHandlers } from '../../infra/local/state-machine.ts';
import { PERMANENT_ERROR_NAME, RETRYABLE_ERROR_NAME } from '../../shared/errors.ts';
import { INLINE_WORK_BYTES_MAX, MAX_BATCHES, RETRY, STEP_FUNCTIONS_LIMITS } from '../../shared/workflow.ts';

function named(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

function handlers(overrides: Partial<StepHandlers> = {}): StepHandlers {
  return {
    split: async () => ({ run: { articleId: 'a' }, paragraphs: 3 }),
    summarize: async (input) => ({
      ...(input as object),
      batches: [{ index: 0 }, { index: 1 }, { index: 2 }],
    }),
    translate: async (input) => ({ index: (input as { batch: { index: number } }).batch.index }),
    assemble: async () => ({ status: 'succeeded' }),
    fail: async (input) => ({ status: 'failed', got: input }),
    ...overrides,
  };
}

describe('LocalStateMachine', () => {
  it('runs the workflow in order, mapping batches with {run, batch} and the attempt counts, and collecting results at translated', async () => {
    let assembleInput: unknown;
    const machine = new LocalStateMachine(
      handlers({
        assemble: async (i) => {
          assembleInput = i;
          return { ok: true };
        },
      }),
      { maxConcurrency: 2 },
    );
    const result = await machine.execute({ event: true });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.calls.map((c) => c.state)).toEqual([
      'Split',
      'Summarize',
      'TranslateBatches',
      'TranslateBatches',
      'TranslateBatches',
      'Assemble',
    ]);
    expect(result.calls[2]?.input).toEqual({
      run: { articleId: 'a' },
      batch: { index: 0 },
      retryCount: 0,
      redriveCount: 0,
    });
    expect(assembleInput).toMatchObject({
      run: { articleId: 'a' },
      translated: [{ index: 0 }, { index: 1 }, { index: 2 }],
    });
  });

  it('honours the Map concurrency bound', async () => {
    let active = 0;
    let peak = 0;
    const translate = async (input: unknown) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      return input;
    };
    const many = async (input: unknown) => ({
      ...(input as object),
      batches: Array.from({ length: 10 }, (_, index) => ({ index })),
    });
    await new LocalStateMachine(handlers({ translate, summarize: many }), { maxConcurrency: 3 }).execute({});
    expect(peak).toBe(3);
  });

  it('counts a Map iteration’s earlier attempts in retryCount, as $$.State.RetryCount does', async () => {
    const seen: unknown[] = [];
    const flaky = async (input: unknown) => {
      seen.push((input as { retryCount: unknown }).retryCount);
      if (seen.length < 3) throw named(RETRYABLE_ERROR_NAME, 'THROTTLED: slow down');
      return { index: 0 };
    };
    const one = async (input: unknown) => ({ ...(input as object), batches: [{ index: 0 }] });
    const result = await new LocalStateMachine(handlers({ summarize: one, translate: flaky }), {
      maxConcurrency: 1,
      retryTimeScale: 0.001,
    }).execute({});
    expect(result.status).toBe('SUCCEEDED');
    expect(seen).toEqual([0, 1, 2]);
  });

  it('retries retryable errors with backoff, up to the policy', async () => {
    let attempts = 0;
    const flaky = async (input: unknown) => {
      attempts++;
      if (attempts < 3) throw named(RETRYABLE_ERROR_NAME, 'THROTTLED: slow down');
      return input;
    };
    const result = await new LocalStateMachine(handlers({ split: flaky }), {
      maxConcurrency: 1,
      retryTimeScale: 0.001,
    }).execute({});
    expect(result.status).toBe('SUCCEEDED');
    expect(attempts).toBe(3);

    let always = 0;
    const down = async () => {
      always++;
      throw named(RETRYABLE_ERROR_NAME, 'UPSTREAM_UNAVAILABLE: down');
    };
    const failed = await new LocalStateMachine(handlers({ summarize: down }), {
      maxConcurrency: 1,
      retryTimeScale: 0.001,
    }).execute({});
    expect(failed.status).toBe('FAILED');
    // MaxAttempts counts retries, as in Step Functions: one try plus that many more.
    expect(always).toBe(RETRY.maxAttempts + 1);
  });

  it('never retries permanent errors and hands the failure step the state plus the caught error', async () => {
    let attempts = 0;
    const broken = async () => {
      attempts++;
      throw named(PERMANENT_ERROR_NAME, 'EMPTY_INPUT: The file is empty.');
    };
    const result = await new LocalStateMachine(handlers({ split: broken }), { maxConcurrency: 1 }).execute({
      detail: { x: 1 },
    });
    expect(attempts).toBe(1);
    expect(result.status).toBe('FAILED');
    const failInput = result.calls.at(-1)?.input as {
      detail: unknown;
      error: { Error: string; Cause: string };
    };
    expect(failInput.detail).toEqual({ x: 1 });
    expect(failInput.error.Error).toBe(PERMANENT_ERROR_NAME);
    expect(JSON.parse(failInput.error.Cause)).toMatchObject({
      errorType: PERMANENT_ERROR_NAME,
      errorMessage: 'EMPTY_INPUT: The file is empty.',
    });
  });
});

describe('a failure step that fails too', () => {
  it('ends the execution FAILED at RecordFailure, with its error, instead of leaving it unsettled', async () => {
    let recorded = 0;
    const result = await new LocalStateMachine(
      handlers({
        split: async () => {
          throw named(PERMANENT_ERROR_NAME, 'EMPTY_INPUT: The file is empty.');
        },
        fail: async () => {
          recorded++;
          throw named(PERMANENT_ERROR_NAME, 'ACCESS_DENIED: status.json cannot be written.');
        },
      }),
      { maxConcurrency: 1 },
    ).execute({});
    expect(result.status).toBe('FAILED');
    expect(result.end).toBe('RecordFailure');
    expect(recorded).toBe(1);
    expect(result.output).toMatchObject({ Error: PERMANENT_ERROR_NAME });
    expect(JSON.stringify(result.output)).toContain('ACCESS_DENIED');
  });
});

describe('a state over 256 KiB', () => {
  const big = 'x'.repeat(STEP_FUNCTIONS_LIMITS.stateBytes);
  it('fails the execution with States.DataLimitExceeded, from a task or from the Map results', async () => {
    let summarized = 0;
    const fromTask = await new LocalStateMachine(
      handlers({
        summarize: async () => {
          summarized++;
          return { big };
        },
        fail: async () => ({ status: 'failed' }),
      }),
      { maxConcurrency: 1 },
    ).execute({});
    expect(fromTask.status).toBe('FAILED');
    expect(summarized).toBe(1);
    expect(fromTask.calls.at(-1)?.input).toMatchObject({ error: { Error: 'States.DataLimitExceeded' } });

    // Three results of a third of the limit each: every one fits, together they do not.
    const third = 'x'.repeat(STEP_FUNCTIONS_LIMITS.stateBytes / 3);
    const fromMap = await new LocalStateMachine(handlers({ translate: async () => ({ third }) }), {
      maxConcurrency: 1,
    }).execute({});
    expect(fromMap.status).toBe('FAILED');
    expect(fromMap.calls.map((c) => c.step)).not.toContain('assemble');
    expect(fromMap.calls.at(-1)?.input).toMatchObject({ error: { Error: 'States.DataLimitExceeded' } });
  });
});

describe('Step Functions limits at MAX_BATCHES', () => {
  it('the Map input and Assemble input stay under 256 KiB with every batch at its largest numbers', () => {
    const batches = Array.from({ length: MAX_BATCHES }, (_, i) => ({
      index: i,
      start: 9_999_999,
      end: 10_000_000,
    }));
    const translated = batches.map((b) => ({
      index: b.index,
      characters: 10_485_760,
      cachedCharacters: 10_485_760,
      requests: 99_999,
      ms: 899_999.123,
    }));
    // The rest of the state: the run reference with a 1,024-byte key, and room to spare.
    const run = { articleId: 'a'.repeat(1024), source: { key: 'k'.repeat(1024) }, other: 'x'.repeat(4096) };
    const assembleInput = JSON.stringify({ run, batches, translated });
    expect(Buffer.byteLength(assembleInput)).toBeLessThan(STEP_FUNCTIONS_LIMITS.stateBytes);
  });

  it('four work files of INLINE_WORK_BYTES_MAX each fit beside the rest of a one-batch state', () => {
    // Only a lone batch carries its units and result: each of the four is at most this size.
    const piece = 'x'.repeat(INLINE_WORK_BYTES_MAX);
    const run = { articleId: 'a'.repeat(1024), source: { key: 'k'.repeat(1024) }, other: 'x'.repeat(4096) };
    const assembleInput = JSON.stringify({
      run,
      paragraphsFile: piece,
      unitsFile: piece,
      batches: [{ index: 0, start: 0, end: 10_000_000, batchUnitsFile: piece }],
      translated: [{ index: 0, characters: 10_485_760, requests: 99_999, ms: 899_999.123, batchFile: piece }],
    });
    expect(Buffer.byteLength(assembleInput)).toBeLessThan(STEP_FUNCTIONS_LIMITS.stateBytes);
  });

  it('the history holds every Map iteration with room for at least one retry of each batch', () => {
    const perIteration = 7; // MapIterationStarted, TaskStateEntered, Scheduled, Started, Succeeded, TaskStateExited, MapIterationSucceeded
    const perRetry = 3; // TaskScheduled, TaskStarted, TaskFailed
    const rest = 100; // the other states, generously
    const spare = STEP_FUNCTIONS_LIMITS.historyEvents - rest - MAX_BATCHES * perIteration;
    expect(spare / perRetry).toBeGreaterThanOrEqual(MAX_BATCHES);
  });
});
