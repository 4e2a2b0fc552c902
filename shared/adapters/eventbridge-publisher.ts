import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishError } from '../errors.ts';
import type { EventPublisher } from '../ports.ts';
import { type ArticleEventDetail, type ArticleEventType, EVENT_SOURCE } from '../schemas/document.ts';

/** Completion events through EventBridge's PutEvents (the local cloud serves a compatible endpoint). */
export class EventBridgePublisher implements EventPublisher {
  private readonly client: EventBridgeClient;
  private readonly busName: string;
  constructor(client: EventBridgeClient, busName: string) {
    this.client = client;
    this.busName = busName;
  }

  async publish(detailType: ArticleEventType, detail: ArticleEventDetail): Promise<void> {
    const result = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: EVENT_SOURCE,
            DetailType: detailType,
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    // PutEvents answers 200 with per-entry failures (throttling, an internal error): retry the step.
    const failed = result.Entries?.find((e) => e.ErrorCode);
    if ((result.FailedEntryCount ?? 0) > 0 || failed) {
      throw new PublishError(
        'UPSTREAM_UNAVAILABLE',
        `EventBridge did not take the ${detailType} event (${failed?.ErrorCode ?? 'FailedEntryCount'}).`,
      );
    }
  }
}
