import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PIPELINE_CLIENT_OPTIONS } from '../../shared/adapters/client-options.ts';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge-publisher.ts';
import { baseDeps } from './base.ts';
import { powertools } from './powertools.ts';
import { s3Store } from './store.ts';

/** One client per container; the bus is the configured EVENT_BUS_NAME. */
export const eventPublisher = (busName: string) =>
  new EventBridgePublisher(
    powertools.tracer.captureAWSv3Client(new EventBridgeClient({ ...PIPELINE_CLIENT_OPTIONS })),
    busName,
  );

/** What the steps that end a run (assemble, fail) use: the base, the store and the event bus. */
export function publishingDeps() {
  const base = baseDeps();
  return { ...base, store: s3Store(), events: eventPublisher(base.config.EVENT_BUS_NAME) };
}
