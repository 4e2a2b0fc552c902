import { type FailDeps, recordFailure } from '../../shared/pipeline/fail.ts';
import { STEPS } from '../../shared/workflow.ts';
import { makeStepHandler } from '../runtime.ts';

export const makeHandler = (deps: FailDeps) =>
  makeStepHandler('fail', STEPS.fail.input, deps.logger, (input) => recordFailure(input, deps));
