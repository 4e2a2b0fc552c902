import { type CorrectDeps, correctArticle } from '../../shared/pipeline/correct.ts';
import { ObjectCreatedEvent } from '../../shared/schemas/events.ts';
import { makeStepHandler } from '../runtime.ts';

/** The target of the corrections rule: an editor's `<lang>.md` uploaded under the corrections prefix. */
export const makeHandler = (deps: CorrectDeps) =>
  makeStepHandler('correct', ObjectCreatedEvent, deps, (event) => correctArticle(event, deps));
