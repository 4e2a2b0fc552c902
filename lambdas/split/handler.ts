import { type SplitDeps, splitArticle } from '../../shared/pipeline/split.ts';
import { STEPS } from '../../shared/workflow.ts';
import { makeStepHandler } from '../runtime.ts';

export const makeHandler = (deps: SplitDeps) =>
  makeStepHandler('split', STEPS.split.input, deps, (event) => splitArticle(event, deps));
