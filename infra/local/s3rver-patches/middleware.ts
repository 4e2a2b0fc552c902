import { createRequire } from 'node:module';
import type { S3rverContext, S3rverMiddleware } from 's3rver';
import { encodeEventKey } from '../../../shared/schemas/events.ts';
import { CHECKSUM_ALGORITHMS, header, storedHeaders, verifiedBody } from './integrity.ts';
import { compareKeys } from './keys.ts';
import { s3Error } from './s3-error.ts';
import { type LiteralKeyStore, servedMetadata } from './store.ts';

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const OWNER = { ID: '123456789000', DisplayName: 'S3rver' };
const MAX_KEY_BYTES = 1024;

/** The bucket and literal key a path-style request names. */
export interface Target {
  bucket: string;
  key: string | undefined;
}

type Metadata = Record<string, unknown>;

interface ObjectTarget {
  bucket: string;
  key: string;
}

function has(ctx: S3rverContext, name: string): boolean {
  return Object.hasOwn(ctx.query, name);
}

/**
 * Reads the key from the raw path exactly as sent (`a//b`, `x/../y`, `%2B`), then hands s3rver's
 * router a path it can match: the key as one encoded segment, which the router decodes back to
 * the literal key. https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
 */
export function targetOf(ctx: S3rverContext): Target | undefined {
  const match = /^\/([^/]+)(?:\/(.*))?$/s.exec(ctx.path);
  if (!match?.[1]) return undefined;
  const bucket = match[1];
  if (match[2] === undefined || match[2] === '') return { bucket, key: undefined };
  let key: string;
  try {
    key = decodeURIComponent(match[2]);
  } catch {
    throw s3Error('InvalidURI', "Couldn't parse the specified URI.", { URI: ctx.path });
  }
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw s3Error('KeyTooLongError', 'Your key is too long', {
      MaxSizeAllowed: MAX_KEY_BYTES,
      Size: Buffer.byteLength(key),
    });
  }
  ctx.path = `/${bucket}/${encodeURIComponent(key)}`;
  return { bucket, key };
}

/** CopySource names the source as `bucket/key` URL-encoded; s3rver decodes it with decodeURI. */
function normaliseCopySource(ctx: S3rverContext): void {
  const source = header(ctx.headers, 'x-amz-copy-source');
  if (source === undefined) return;
  const [path = ''] = source.replace(/^\//, '').split('?versionId=');
  const slash = path.indexOf('/');
  if (slash < 0) return;
  let key: string;
  try {
    key = decodeURIComponent(path.slice(slash + 1));
  } catch {
    throw s3Error('InvalidArgument', 'Invalid copy source encoding.', { ArgumentName: 'x-amz-copy-source' });
  }
  // encodeURI is decodeURI's inverse for every string: the source key reaches the store unchanged.
  ctx.headers['x-amz-copy-source'] = `/${path.slice(0, slash)}/${encodeURI(key)}`;
}

function token(last: string, isPrefix: boolean): string {
  return Buffer.from(JSON.stringify({ last, isPrefix })).toString('base64url');
}

function readToken(text: string): { last: string; isPrefix: boolean } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      parsed &&
      typeof parsed === 'object' &&
      'last' in parsed &&
      typeof parsed.last === 'string' &&
      'isPrefix' in parsed &&
      typeof parsed.isPrefix === 'boolean'
    ) {
      return { last: parsed.last, isPrefix: parsed.isPrefix };
    }
  } catch {
    // falls through to S3's error
  }
  throw s3Error('InvalidArgument', 'The continuation token provided is incorrect', {
    ArgumentName: 'continuation-token',
  });
}

function maxOf(ctx: S3rverContext, name: string, limit: number): number {
  const text = header(ctx.query, name);
  if (text === undefined) return limit;
  if (!/^\d+$/.test(text)) {
    throw s3Error('InvalidArgument', `Provided ${name} not an integer or within integer range`, {
      ArgumentName: name,
      ArgumentValue: text,
    });
  }
  return Math.min(limit, Number(text));
}

/**
 * ListObjects (v1) and ListObjectsV2: keys in UTF-8 byte order, CommonPrefixes at any depth,
 * MaxKeys counting keys and prefixes together, opaque continuation tokens, `encoding-type=url`.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
 */
async function listObjects(ctx: S3rverContext, store: LiteralKeyStore, bucket: string): Promise<void> {
  const v2 = header(ctx.query, 'list-type') === '2';
  const prefix = header(ctx.query, 'prefix') ?? '';
  const delimiter = header(ctx.query, 'delimiter') ?? '';
  const maxKeys = maxOf(ctx, 'max-keys', 1000);
  const encode = header(ctx.query, 'encoding-type') === 'url';
  // `encoding-type=url` encodes as S3's event notifications do (spaces as `+`).
  const show = (text: string) => (encode ? encodeEventKey(text) : text);
  let after = '';
  let afterPrefix = false;
  const continuation = header(ctx.query, 'continuation-token');
  if (v2 && continuation !== undefined) ({ last: after, isPrefix: afterPrefix } = readToken(continuation));
  else if (v2) after = header(ctx.query, 'start-after') ?? '';
  else after = header(ctx.query, 'marker') ?? '';
  // A v1 marker that is a common prefix skips what lies under it, as a v2 token does.
  if (!v2 && delimiter && after.endsWith(delimiter) && after.startsWith(prefix)) afterPrefix = true;

  const keys = await store.listKeys(bucket, prefix);
  const contents: string[] = [];
  const prefixes: string[] = [];
  let last: { value: string; isPrefix: boolean } | undefined;
  let truncated = false;
  for (const key of keys) {
    if (after && compareKeys(key, after) <= 0) continue;
    if (afterPrefix && key.startsWith(after)) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const common = cut >= 0 ? key.slice(0, cut + delimiter.length) : undefined;
    if (common !== undefined && last?.isPrefix && last.value === common) continue;
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (common !== undefined) {
      prefixes.push(common);
      last = { value: common, isPrefix: true };
    } else {
      contents.push(key);
      last = { value: key, isPrefix: false };
    }
  }
  const metadata = await Promise.all(contents.map((key) => ctx.store.getMetadata(bucket, key)));
  const entries = contents.map((key, i) => {
    const m = metadata[i] ?? {};
    return {
      Key: show(key),
      LastModified: new Date(String(m['last-modified'])).toISOString(),
      ETag: m.etag,
      ...(m['x-amz-checksum-type'] ? { ChecksumAlgorithm: checksumAlgorithm(m) } : {}),
      Size: Number(m['content-length']),
      StorageClass: 'STANDARD',
      ...(!v2 || header(ctx.query, 'fetch-owner') === 'true' ? { Owner: OWNER } : {}),
    };
  });
  const next = truncated && last ? last : undefined;
  ctx.body = {
    ListBucketResult: {
      '@': { xmlns: XMLNS },
      Name: bucket,
      Prefix: show(prefix),
      ...(v2
        ? {
            ...(continuation !== undefined ? { ContinuationToken: continuation } : {}),
            ...(header(ctx.query, 'start-after') !== undefined
              ? { StartAfter: show(header(ctx.query, 'start-after') ?? '') }
              : {}),
            KeyCount: contents.length + prefixes.length,
          }
        : { Marker: show(header(ctx.query, 'marker') ?? '') }),
      MaxKeys: maxKeys,
      ...(delimiter ? { Delimiter: show(delimiter) } : {}),
      ...(encode ? { EncodingType: 'url' } : {}),
      IsTruncated: truncated,
      ...(next && v2 ? { NextContinuationToken: token(next.value, next.isPrefix) } : {}),
      ...(next && !v2 && delimiter ? { NextMarker: show(next.value) } : {}),
      Contents: entries,
      CommonPrefixes: prefixes.map((p) => ({ Prefix: show(p) })),
    },
  };
}

function checksumAlgorithm(metadata: Record<string, unknown>): string | undefined {
  return CHECKSUM_ALGORITHMS.find((a) => metadata[`x-amz-checksum-${a}`] !== undefined)?.toUpperCase();
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html */
async function listUploads(ctx: S3rverContext, store: LiteralKeyStore, bucket: string): Promise<void> {
  const prefix = header(ctx.query, 'prefix') ?? '';
  const keyMarker = header(ctx.query, 'key-marker') ?? '';
  const idMarker = header(ctx.query, 'upload-id-marker') ?? '';
  const max = maxOf(ctx, 'max-uploads', 1000);
  const all = (await store.uploads(bucket)).filter(
    (u) =>
      u.key.startsWith(prefix) &&
      (!keyMarker ||
        compareKeys(u.key, keyMarker) > 0 ||
        (u.key === keyMarker && idMarker !== '' && u.uploadId > idMarker)),
  );
  const page = all.slice(0, max);
  const last = page.at(-1);
  const truncated = all.length > page.length;
  ctx.body = {
    ListMultipartUploadsResult: {
      '@': { xmlns: XMLNS },
      Bucket: bucket,
      KeyMarker: keyMarker,
      UploadIdMarker: idMarker,
      ...(truncated && last ? { NextKeyMarker: last.key, NextUploadIdMarker: last.uploadId } : {}),
      Prefix: prefix,
      MaxUploads: max,
      IsTruncated: truncated,
      Upload: page.map((u) => ({
        Key: u.key,
        UploadId: u.uploadId,
        Initiator: OWNER,
        Owner: OWNER,
        StorageClass: 'STANDARD',
        Initiated: u.initiated.toISOString(),
      })),
    },
  };
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html */
async function listParts(
  ctx: S3rverContext,
  store: LiteralKeyStore,
  target: ObjectTarget,
  uploadId: string,
): Promise<void> {
  await checkUploadKey(store, target, uploadId);
  const marker = Number(header(ctx.query, 'part-number-marker') ?? 0);
  const max = maxOf(ctx, 'max-parts', 1000);
  const all = (await store.parts(target.bucket, uploadId)).filter((p) => p.number > marker);
  const page = all.slice(0, max);
  const truncated = all.length > page.length;
  ctx.body = {
    ListPartsResult: {
      '@': { xmlns: XMLNS },
      Bucket: target.bucket,
      Key: target.key,
      UploadId: uploadId,
      PartNumberMarker: marker,
      ...(truncated ? { NextPartNumberMarker: page.at(-1)?.number ?? marker } : {}),
      MaxParts: max,
      IsTruncated: truncated,
      Part: page.map((p) => ({
        PartNumber: p.number,
        LastModified: p.lastModified.toISOString(),
        ETag: JSON.stringify(p.etag),
        Size: p.size,
      })),
      Initiator: OWNER,
      Owner: OWNER,
      StorageClass: 'STANDARD',
    },
  };
}

async function checkUploadKey(store: LiteralKeyStore, target: ObjectTarget, uploadId: string): Promise<void> {
  if ((await store.uploadKey(target.bucket, uploadId)) !== target.key) {
    throw s3Error('NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
  }
}

function unquote(etag: unknown): string {
  return String(etag ?? '').replace(/"/g, '');
}

/**
 * GET and HEAD preconditions in S3's order: If-Match, else If-Unmodified-Since (412); then
 * If-None-Match, else If-Modified-Since (304).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_RequestSyntax
 */
async function conditionalRead(
  ctx: S3rverContext,
  read: () => Promise<Metadata | undefined>,
): Promise<boolean> {
  const names = ['if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since'];
  if (!names.some((n) => ctx.headers[n] !== undefined)) return false;
  const metadata = await read();
  if (!metadata) return false; // s3rver answers NoSuchKey
  const etag = unquote(metadata.etag);
  const modified = Math.floor(new Date(String(metadata['last-modified'])).getTime() / 1000);
  const seconds = (h: string) => Math.floor(new Date(h).getTime() / 1000);
  const ifMatch = header(ctx.headers, 'if-match');
  const ifNoneMatch = header(ctx.headers, 'if-none-match');
  const ifModifiedSince = header(ctx.headers, 'if-modified-since');
  const ifUnmodifiedSince = header(ctx.headers, 'if-unmodified-since');
  for (const name of names) delete ctx.headers[name];
  const matches = (list: string) =>
    list.split(',').some((t) => t.trim() === '*' || unquote(t.trim()) === etag);
  const failed =
    ifMatch !== undefined
      ? !matches(ifMatch)
      : ifUnmodifiedSince !== undefined && modified > seconds(ifUnmodifiedSince);
  if (failed) {
    throw s3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
      Condition: ifMatch !== undefined ? 'If-Match' : 'If-Unmodified-Since',
    });
  }
  const notModified =
    ifNoneMatch !== undefined
      ? matches(ifNoneMatch)
      : ifModifiedSince !== undefined && modified <= seconds(ifModifiedSince);
  if (notModified) {
    ctx.status = 304;
    ctx.set('ETag', String(metadata.etag));
    ctx.set('Last-Modified', String(metadata['last-modified']));
    return true;
  }
  return false;
}

/** With `x-amz-checksum-mode: ENABLED`, a whole-object GET or HEAD returns the stored checksum. */
async function returnChecksum(ctx: S3rverContext, read: () => Promise<Metadata | undefined>): Promise<void> {
  if (header(ctx.headers, 'x-amz-checksum-mode')?.toUpperCase() !== 'ENABLED' || ctx.status !== 200) return;
  // The checksum of the very body served (a PUT may have replaced the object since).
  const served = ctx.body && typeof ctx.body === 'object' ? servedMetadata.get(ctx.body) : undefined;
  for (const [name, value] of Object.entries(served ?? (await read()) ?? {})) {
    if (name.startsWith('x-amz-checksum-')) ctx.set(name, String(value));
  }
}

/**
 * S3's conditional writes (PUT with If-None-Match: * or If-Match: etag). Conditional PUTs of one
 * key are serialised, so of two racing writers exactly one wins, as on S3.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 */
function conditionalWrites() {
  const locks = new Map<string, Promise<void>>();
  return async (ctx: S3rverContext, target: ObjectTarget, next: () => Promise<void>): Promise<void> => {
    const ifNoneMatch = header(ctx.headers, 'if-none-match');
    const ifMatch = header(ctx.headers, 'if-match');
    if (ifNoneMatch !== '*' && ifMatch === undefined) return next();
    const lockKey = `${target.bucket}/${target.key}`;
    const previous = locks.get(lockKey) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chained = previous.then(() => mine);
    locks.set(lockKey, chained);
    await previous;
    try {
      const exists = await ctx.store.existsObject(target.bucket, target.key);
      const current =
        exists && ifMatch !== undefined
          ? unquote((await ctx.store.getMetadata(target.bucket, target.key)).etag)
          : undefined;
      const failed = ifNoneMatch === '*' ? exists : !exists || current !== unquote(ifMatch);
      if (failed) {
        throw s3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
          Condition: ifNoneMatch === '*' ? 'If-None-Match' : 'If-Match',
        });
      }
      await next();
    } finally {
      release();
      if (locks.get(lockKey) === chained) locks.delete(lockKey);
    }
  };
}

/** The request body, decoded and verified, in place of the raw one s3rver would store. */
function decodeBody(ctx: S3rverContext): void {
  ctx.req = verifiedBody(ctx.req, ctx.headers);
  storedHeaders(ctx.headers);
}

// The bucket subresources s3rver routes (?cors, ?uploads, …): anything else is a listing.
const { METHODS: BUCKET_SUBRESOURCES }: { METHODS: string[] } = createRequire(import.meta.url)(
  's3rver/lib/controllers/bucket',
);

/**
 * Everything s3rver does differently from S3, in front of its router. Requests it already
 * answers as S3 does pass through.
 */
export function s3Conformance(store: LiteralKeyStore, hooks: { completing: Set<string> }): S3rverMiddleware {
  const conditionalWrite = conditionalWrites();
  return async (ctx, next) => {
    const target = targetOf(ctx);
    if (!target) return next();
    const { bucket, key } = target;
    if (key === undefined) {
      if (ctx.method !== 'GET') return next();
      if (!(await ctx.store.getBucket(bucket))) {
        throw s3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
      }
      if (has(ctx, 'uploads')) return listUploads(ctx, store, bucket);
      if (BUCKET_SUBRESOURCES.some((name) => has(ctx, name))) return next();
      return listObjects(ctx, store, bucket);
    }
    const object = { bucket, key };
    const uploadId = header(ctx.query, 'uploadId');
    if (uploadId !== undefined) {
      if (ctx.method === 'GET') return listParts(ctx, store, object, uploadId);
      if (ctx.method === 'DELETE') {
        await checkUploadKey(store, object, uploadId);
        await store.abortUpload(bucket, uploadId);
        ctx.status = 204;
        ctx.body = '';
        return;
      }
      if (ctx.method === 'PUT') {
        const partNumber = header(ctx.query, 'partNumber') ?? '';
        if (!/^\d+$/.test(partNumber) || Number(partNumber) < 1 || Number(partNumber) > 10_000) {
          throw s3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', {
            ArgumentName: 'partNumber',
            ArgumentValue: partNumber,
          });
        }
        await checkUploadKey(store, object, uploadId);
        if (ctx.headers['x-amz-copy-source'] === undefined) decodeBody(ctx);
        return next();
      }
      if (ctx.method === 'POST') {
        await checkUploadKey(store, object, uploadId);
        // S3 names the event of a completed multipart upload ObjectCreated:CompleteMultipartUpload.
        const mark = `${bucket}/${key}`;
        hooks.completing.add(mark);
        try {
          return await next();
        } finally {
          hooks.completing.delete(mark);
        }
      }
      return next();
    }
    if (ctx.method === 'PUT' && Object.keys(ctx.query).every((q) => q === 'x-id')) {
      if (ctx.headers['x-amz-copy-source'] !== undefined) normaliseCopySource(ctx);
      else decodeBody(ctx);
      return conditionalWrite(ctx, object, next);
    }
    if (
      (ctx.method === 'GET' || ctx.method === 'HEAD') &&
      Object.keys(ctx.query).every((q) => q === 'x-id' || q.startsWith('response-'))
    ) {
      // The object's metadata, read once for the preconditions and the checksum.
      let metadata: Promise<Metadata | undefined> | undefined;
      const read = () => {
        metadata ??= ctx.store.getMetadata(bucket, key).catch(() => undefined);
        return metadata;
      };
      if (await conditionalRead(ctx, read)) return;
      await next();
      await returnChecksum(ctx, read);
      return;
    }
    return next();
  };
}
