import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import * as z from 'zod';
import { readRequest, sendError, sendJson } from './aws-json.ts';

export const PUT_EVENTS_TARGET = 'AWSEvents.PutEvents';
const MAX_BODY_BYTES = 256 * 1024; // EventBridge's PutEvents request limit

const PutEventsRequest = z.object({
  Entries: z
    .array(
      z.object({
        Source: z.string().min(1),
        DetailType: z.string().min(1),
        Detail: z.string(),
        EventBusName: z.string().optional(),
        Resources: z.array(z.string()).optional(),
      }),
    )
    .min(1)
    .max(10),
});

/** One event as EventBridge delivers it to a rule's target (the fields a consumer reads). */
export const LocalEvent = z.object({
  id: z.string(),
  time: z.string(),
  bus: z.string(),
  source: z.string(),
  'detail-type': z.string(),
  detail: z.unknown(),
});
export type LocalEvent = z.infer<typeof LocalEvent>;

export interface EventsEndpoint {
  url: string;
  server: Server;
  /** Every event put, in order. */
  events: LocalEvent[];
  stop(): Promise<void>;
}

/**
 * An EventBridge-compatible PutEvents endpoint on 127.0.0.1: the pipeline's EventBridgeClient
 * talks to it exactly as to AWS. Events are kept in memory and, with `file`, appended to it as
 * JSON lines (`paragraf events` reads them).
 */
export async function startEventsEndpoint(
  options: { port?: number; file?: string } = {},
): Promise<EventsEndpoint> {
  const events: LocalEvent[] = [];
  if (options.file) mkdirSync(dirname(options.file), { recursive: true });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.headers['x-amz-target'] !== PUT_EVENTS_TARGET)
      return sendError(
        res,
        400,
        'UnknownOperationException',
        `This endpoint serves ${PUT_EVENTS_TARGET} only.`,
      );
    const request = await readRequest(req, res, {
      schema: PutEventsRequest,
      operation: 'PutEvents',
      maxBytes: MAX_BODY_BYTES,
      tooLarge: 'ValidationException',
    });
    if (!request) return;
    const entries = request.Entries.map((entry) => {
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail);
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON.' };
      }
      const event: LocalEvent = {
        id: crypto.randomUUID(),
        time: new Date().toISOString(),
        bus: entry.EventBusName ?? 'default',
        source: entry.Source,
        'detail-type': entry.DetailType,
        detail,
      };
      events.push(event);
      if (options.file) appendFileSync(options.file, `${JSON.stringify(event)}\n`);
      return { EventId: event.id };
    });
    const failed = entries.filter((e) => 'ErrorCode' in e).length;
    sendJson(res, 200, { FailedEntryCount: failed, Entries: entries });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, 'InternalException', 'Internal error.');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    events,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
