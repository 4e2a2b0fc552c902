import { type SummarizeDeps, summarizeArticle } from '../../shared/pipeline/summarize.ts';
import { STEPS } from '../../shared/workflow.ts';
import { makeStepHandler } from '../runtime.ts';

export const makeHandler = (deps: SummarizeDeps) =>
  makeStepHandler('summarize', STEPS.summarize.input, deps, (input) => summarizeArticle(input, deps));
