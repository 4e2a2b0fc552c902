import { baseDeps } from '../defaults/base.ts';
import { withPowertools } from '../defaults/powertools.ts';
import { s3Store } from '../defaults/store.ts';
import { makeHandler } from './handler.ts';

export { makeHandler };
export const handler = withPowertools(makeHandler({ ...baseDeps(), store: s3Store() }));
