import { type FailDeps, handleFailEvent } from '../../shared/pipeline/fail.ts';
import { FailEvent } from '../../shared/schemas/steps.ts';
import { makeStepHandler } from '../runtime.ts';

/** Called by the state machine's Catch, and by the rule on executions that end outside it. */
export const makeHandler = (deps: FailDeps) =>
  makeStepHandler('fail', FailEvent, deps, (input) => handleFailEvent(input, deps));
