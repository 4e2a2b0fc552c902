import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepCall } from '../../infra/local/state-machine.ts';
import { CATCH, STEPS, WORKFLOW } from '../../shared/workflow.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';
import { definitionOf, synthTemplate } from './synth.ts';

type State = Record<string, unknown> & { Type: string; Next?: string; Resource?: string };

const definition = definitionOf(synthTemplate().template) as {
  StartAt: string;
  States: Record<string, State>;
};

/** The states a successful execution passes through, in order, read off the synthesized ASL. */
function mainLine(): State[] {
  const out: State[] = [];
  let name: string | undefined = definition.StartAt;
  while (name) {
    const state: State | undefined = definition.States[name];
    if (!state) throw new Error(`dangling Next: ${name}`);
    out.push({ ...state, name });
    name = state.Type === 'Choice' ? String(state.Default) : state.Next;
  }
  return out;
}

const functionFor = (step: string) => `${step[0]?.toUpperCase()}${step.slice(1)}StepFunction`;

describe('the synthesized state machine is WORKFLOW', () => {
  it('has the same states in the same order, each invoking its step’s function', () => {
    const states = mainLine();
    expect(states.map((s) => s.name)).toEqual([...WORKFLOW.map((w) => w.name), 'ArticleSucceeded']);
    WORKFLOW.forEach((w, i) => {
      const state = states[i];
      if (w.kind === 'task') {
        expect(state?.Type).toBe('Task');
        expect(state?.Resource).toContain(functionFor(w.step));
        if (w.withExecutionId)
          expect(state?.Parameters).toEqual({ 'event.$': '$', 'executionId.$': '$$.Execution.Id' });
        else expect(state?.Parameters).toBeUndefined();
      } else if (w.kind === 'skip-if') {
        expect(state?.Type).toBe('Choice');
        expect(state?.Choices).toEqual([{ Variable: `$.${w.field}`, BooleanEquals: true, Next: w.end }]);
        expect(definition.States[w.end]?.Type).toBe('Succeed');
        return;
      } else {
        expect(state?.Type).toBe('Map');
        expect(state?.ItemsPath).toBe(`$.${w.itemsPath}`);
        expect(state?.ResultPath).toBe(`$.${w.resultPath}`);
        expect(state?.ItemSelector).toEqual({
          [`${w.carry}.$`]: `$.${w.carry}`,
          [`${w.itemField}.$`]: '$$.Map.Item.Value',
        });
        const processor = state?.ItemProcessor as { StartAt: string; States: Record<string, State> };
        expect(processor.States[processor.StartAt]?.Resource).toContain(functionFor(w.step));
        // What the local machine passes on each attempt: the item, and how many attempts came before.
        expect(processor.States[processor.StartAt]?.Parameters).toEqual({
          [`${w.carry}.$`]: `$.${w.carry}`,
          [`${w.itemField}.$`]: `$.${w.itemField}`,
          'retryCount.$': '$$.State.RetryCount',
          'redriveCount.$': '$$.Execution.RedriveCount',
        });
      }
      expect(state?.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: `$.${CATCH.resultPath}`, Next: CATCH.name },
      ]);
    });
    expect(definition.States[CATCH.name]?.Resource).toContain(functionFor(CATCH.step));
  });
});

describe('the local orchestrator runs the same steps with the same payloads', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud({ env: { BATCH_UNITS: '2' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  function checkPayloads(calls: readonly StepCall[]): void {
    for (const call of calls) {
      const schemas = STEPS[call.step];
      expect(schemas.input.safeParse(call.input).success, `${call.state} input`).toBe(true);
      if (call.error === undefined)
        expect(schemas.output.safeParse(call.output).success, `${call.state} output`).toBe(true);
    }
  }

  it('on success: the ASL order, every payload valid for its step', async () => {
    const text =
      'Tram approved\n\nThe council approved the tram line.\n\nWork starts in March.\n\nThe cost is 412 million euros.';
    const result = await t.upload('incoming/parity.txt', text);
    expect(result.status).toBe('SUCCEEDED');
    const order = result.calls.map((c) => c.state).filter((s, i, all) => s !== all[i - 1]);
    // Choice states decide without calling a step, so they leave no call behind.
    expect(order).toEqual(
      mainLine()
        .filter((s) => s.Type === 'Task' || s.Type === 'Map')
        .map((s) => s.name),
    );
    expect(result.calls.filter((c) => c.state === 'TranslateBatches').length).toBeGreaterThan(1);
    checkPayloads(result.calls);
    for (const call of result.calls.filter((c) => c.step === 'translate'))
      expect(call.input).toMatchObject({ retryCount: call.attempt - 1, redriveCount: 0 });
  });

  it('on failure: the Catch target gets the state plus the error, as Step Functions passes it', async () => {
    const result = await t.upload('incoming/parity-empty.txt', new Uint8Array());
    expect(result.status).toBe('FAILED');
    expect(result.calls.map((c) => c.state)).toEqual(['Split', CATCH.name]);
    checkPayloads(result.calls);
  });
});
