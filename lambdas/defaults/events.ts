import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge-publisher.ts';
import { powertools } from './powertools.ts';

/** One client per container; the bus is the configured EVENT_BUS_NAME. */
export const eventPublisher = (busName: string) =>
  new EventBridgePublisher(powertools.tracer.captureAWSv3Client(new EventBridgeClient({})), busName);
