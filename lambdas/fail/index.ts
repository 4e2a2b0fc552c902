import { defaultDeps } from '../runtime.ts';
import { makeHandler } from './handler.ts';

export { makeHandler };
export const handler = makeHandler(defaultDeps());
