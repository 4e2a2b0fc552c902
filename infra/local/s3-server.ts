import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver, { type S3rverMiddleware } from 's3rver';
import { encodeEventKey, S3NotificationRecord } from '../../shared/schemas/events.ts';

export interface LocalS3 {
  endpoint: string;
  /** Receives every ObjectCreated record, converted to the real S3 event shape (URL-encoded key). */
  onObjectCreated(listener: (record: S3NotificationRecord) => void): void;
  client(): S3Client;
  stop(): Promise<void>;
}

/**
 * Settings without which s3rver silently corrupts objects: the SDK's default aws-chunked
 * uploads end up inside the stored bytes. Path style, because `bucket.127.0.0.1` does not resolve.
 */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A throwaway bucket store lives in memory-backed /dev/shm when there is one: s3rver writes two files per PUT. */
function scratchRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/**
 * s3rver truncates an object's file and rewrites it in place, so a GET racing a PUT of the same
 * key can read a torn object whose size disagrees with its Content-Length (the client then waits
 * for bytes that never come). S3 PUTs are atomic: write to a temporary file and rename it over.
 */
function atomicObjectWrites(server: S3rver): void {
  const store = server.store;
  store.putObject = async (object) => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const temporary = `${objectPath}.${randomUUID()}.tmp`;
    const hash = createHash('md5');
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    await pipeline(source, count, createWriteStream(temporary));
    const md5 = hash.digest('hex');
    await store.putMetadata(object.bucket, object.key, object.metadata, md5);
    await rename(temporary, objectPath);
    return { size, md5 };
  };
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

const PRECONDITION_FAILED = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition></Error>`;

/**
 * S3's conditional writes (PUT with If-None-Match: * or If-Match: etag), which s3rver ignores.
 * Conditional PUTs of one key are serialised, so of two racing writers exactly one wins, as on S3.
 */
function conditionalWrites(server: S3rver): S3rverMiddleware {
  const locks = new Map<string, Promise<void>>();
  return async (ctx, next) => {
    const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    // The SDK adds ?x-id=PutObject; part uploads, tagging and ACL PUTs are not object writes.
    const subresource = /(^|&)(partNumber|uploadId|tagging|acl)=/.test(ctx.querystring);
    const ifNoneMatch = ctx.headers['if-none-match'];
    const ifMatch = ctx.headers['if-match'];
    const conditional = ifNoneMatch === '*' || typeof ifMatch === 'string';
    if (ctx.method !== 'PUT' || !conditional || !match?.[1] || !match[2] || subresource) return next();
    const bucket = match[1];
    const key = decodeURIComponent(match[2]);
    const lockKey = `${bucket}/${key}`;
    const previous = locks.get(lockKey) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chained = previous.then(() => mine);
    locks.set(lockKey, chained);
    await previous;
    try {
      const exists = await server.store.existsObject(bucket, key);
      const current =
        exists && typeof ifMatch === 'string'
          ? (await server.store.getMetadata(bucket, key)).etag
          : undefined;
      const unquote = (etag: string | undefined) => etag?.replace(/"/g, '');
      const failed = ifNoneMatch === '*' ? exists : !exists || unquote(current) !== unquote(String(ifMatch));
      if (failed) {
        ctx.status = 412;
        ctx.type = 'application/xml';
        ctx.body = PRECONDITION_FAILED;
        return;
      }
      await next();
    } finally {
      release();
      if (locks.get(lockKey) === chained) locks.delete(lockKey);
    }
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
  atomicObjectWrites(server);
  server.middleware.unshift(conditionalWrites(server));
  const listeners: Array<(record: S3NotificationRecord) => void> = [];
  const nextSequencer = sequencerClock();
  server.on('event', (event: unknown) => {
    const records =
      event && typeof event === 'object' && 'Records' in event && Array.isArray(event.Records)
        ? event.Records
        : [];
    for (const candidate of records) {
      const parsed = S3NotificationRecord.safeParse(candidate);
      if (!parsed.success || !parsed.data.eventName.startsWith('ObjectCreated:')) continue;
      // s3rver hands out the raw key; S3 URL-encodes it in events.
      const record: S3NotificationRecord = {
        ...parsed.data,
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
      for (const listener of listeners) listener(record);
    }
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const clients: S3Client[] = [];
  return {
    endpoint,
    onObjectCreated: (listener) => listeners.push(listener),
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
