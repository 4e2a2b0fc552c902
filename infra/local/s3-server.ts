import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { encodeEventKey, S3NotificationRecord } from '../../shared/schemas/events.ts';
import { localS3Client } from './endpoints.ts';
import { patchS3rver } from './s3rver-patches/index.ts';

export interface LocalS3 {
  endpoint: string;
  /**
   * Receives every ObjectCreated record, converted to the real S3 event shape (URL-encoded key);
   * the first listener also gets those that came before it subscribed.
   */
  onObjectCreated(listener: (record: S3NotificationRecord) => void): void;
  /** The next S3 sequencer of this server (strictly increasing), for an event made up at recovery. */
  nextSequencer(): string;
  /**
   * An object's text read straight from the store, for local tooling that only copies finished
   * outputs (`paragraf run`'s --out): no HTTP round trip. Undefined when there is no such object.
   * The pipeline never uses this; it goes through the SDK as on AWS.
   */
  readText(bucket: string, key: string): Promise<string | undefined>;
  client(): S3Client;
  stop(): Promise<void>;
}

export { localS3Client };

/** A throwaway bucket store lives in memory-backed /dev/shm when there is one: s3rver writes three files per PUT. */
function scratchRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/** Strictly increasing hex sequencers: milliseconds, then a counter. */
function sequencerClock(): () => string {
  let last = 0;
  let counter = 0;
  return () => {
    const now = Date.now();
    counter = now === last ? counter + 1 : 0;
    last = now;
    return `${now.toString(16).toUpperCase().padStart(12, '0')}${counter.toString(16).toUpperCase().padStart(6, '0')}`;
  };
}

export async function startLocalS3(options: {
  buckets: string[];
  port?: number;
  directory?: string;
}): Promise<LocalS3> {
  const ownDirectory = options.directory === undefined;
  const directory = options.directory ?? mkdtempSync(join(scratchRoot(), 'paragraf-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const hooks = patchS3rver(server, directory);
  const listeners: Array<(record: S3NotificationRecord) => void> = [];
  // S3 answers as soon as it listens; what it accepts before the pipeline subscribes waits here,
  // and reaches the first subscriber in order: an upload in the first second is never dropped.
  const early: S3NotificationRecord[] = [];
  const nextSequencer = sequencerClock();
  server.on('event', (event: unknown) => {
    const records =
      event && typeof event === 'object' && 'Records' in event && Array.isArray(event.Records)
        ? event.Records
        : [];
    for (const candidate of records) {
      const parsed = S3NotificationRecord.safeParse(candidate);
      if (!parsed.success || !parsed.data.eventName.startsWith('ObjectCreated:')) continue;
      const rawKey = parsed.data.s3.object.key;
      const completed = hooks.completing.has(`${parsed.data.s3.bucket.name}/${rawKey}`);
      // s3rver hands out the raw key; S3 URL-encodes it in events.
      const record: S3NotificationRecord = {
        ...parsed.data,
        ...(completed ? { eventName: 'ObjectCreated:CompleteMultipartUpload' } : {}),
        s3: {
          ...parsed.data.s3,
          // s3rver's sequencer is Date.now() in hex, equal for two PUTs in one millisecond; S3's grows per key.
          object: {
            ...parsed.data.s3.object,
            key: encodeEventKey(parsed.data.s3.object.key),
            sequencer: nextSequencer(),
          },
        },
      };
      if (listeners.length === 0) early.push(record);
      for (const listener of listeners) listener(record);
    }
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const clients: S3Client[] = [];
  return {
    endpoint,
    onObjectCreated(listener) {
      listeners.push(listener);
      for (const record of early.splice(0)) listener(record);
    },
    nextSequencer,
    async readText(bucket, key) {
      try {
        // Objects are written aside and renamed into place, so this never reads half of one.
        // Read synchronously: outputs are small, and an async read is four thread-pool hand-offs.
        return readFileSync(server.store.getResourcePath(bucket, key, 'object'), 'utf8');
      } catch (error) {
        if (error instanceof Error && 'code' in error && ['ENOENT', 'ENOTDIR'].includes(String(error.code)))
          return undefined;
        throw error;
      }
    },
    client: () => {
      const c = localS3Client(endpoint);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.destroy();
      await server.close();
      if (ownDirectory) rmSync(directory, { recursive: true, force: true });
    },
  };
}
