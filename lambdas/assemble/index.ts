import { defaultDeps, enginesOf } from '../runtime.ts';
import { makeHandler } from './handler.ts';

export { makeHandler };

const deps = defaultDeps();
export const handler = makeHandler({ ...deps, engines: enginesOf(deps) });
