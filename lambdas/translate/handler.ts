import { type TranslateDeps, translateBatch } from '../../shared/pipeline/translate.ts';
import { STEPS } from '../../shared/workflow.ts';
import { makeStepHandler } from '../runtime.ts';

export const makeHandler = (deps: TranslateDeps) =>
  makeStepHandler('translate', STEPS.translate.input, deps, (input) => translateBatch(input, deps));
