import { type AssembleDeps, assembleArticle } from '../../shared/pipeline/assemble.ts';
import { STEPS } from '../../shared/workflow.ts';
import { makeStepHandler } from '../runtime.ts';

export const makeHandler = (deps: AssembleDeps) =>
  makeStepHandler('assemble', STEPS.assemble.input, deps, (input) => assembleArticle(input, deps));
