import { baseDeps } from '../defaults/base.ts';
import { eventPublisher } from '../defaults/events.ts';
import { withPowertools } from '../defaults/powertools.ts';
import { s3Store } from '../defaults/store.ts';
import { makeHandler } from './handler.ts';

export { makeHandler };

const base = baseDeps();
export const handler = withPowertools(
  makeHandler({
    ...base,
    store: s3Store(),
    events: eventPublisher(base.config.EVENT_BUS_NAME),
  }),
);
