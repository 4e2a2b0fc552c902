import { publishingDeps } from '../defaults/events.ts';
import { withPowertools } from '../defaults/powertools.ts';
import { makeHandler } from './handler.ts';

export { makeHandler };
export const handler = withPowertools(makeHandler(publishingDeps()));
