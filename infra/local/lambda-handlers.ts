import { makeHandler as makeAssemble } from '../../lambdas/assemble/handler.ts';
import { makeHandler as makeCorrect } from '../../lambdas/correct/handler.ts';
import { makeHandler as makeFail } from '../../lambdas/fail/handler.ts';
import { makeHandler as makeSplit } from '../../lambdas/split/handler.ts';
import { makeHandler as makeSummarize } from '../../lambdas/summarize/handler.ts';
import { makeHandler as makeTranslate } from '../../lambdas/translate/handler.ts';
import type { PipelineDeps } from '../../shared/pipeline/deps.ts';
import type { StepHandlers } from './state-machine.ts';

/*
 * Apart from lambdas.ts so that only the thread that runs the Lambdas loads them (and the
 * pipeline code they import): the main thread of `paragraf run` never does.
 */

/** The Lambdas' handlers: the pipeline's steps, and the corrections rule's target. */
export type FunctionHandlers = StepHandlers & { correct: (input: unknown) => Promise<unknown> };

/** The six Lambdas' handlers, as their index.ts files build them on AWS. */
export function stepHandlers(deps: PipelineDeps): FunctionHandlers {
  return {
    split: makeSplit(deps),
    summarize: makeSummarize(deps),
    translate: makeTranslate(deps),
    assemble: makeAssemble(deps),
    fail: makeFail(deps),
    correct: makeCorrect(deps),
  };
}
