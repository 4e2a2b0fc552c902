import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  writevSync,
} from 'node:fs';
import { readdir, readFile, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type S3rver from 's3rver';
import { bodyFacts } from './integrity.ts';
import { compareKeys, isKeyFolder, keyFromComponents, resourcePath } from './keys.ts';
import { s3Error } from './s3-error.ts';

type Store = S3rver['store'];

// The headers s3rver keeps with an object (Content-Type, Cache-Control, …), from its own model.
const S3Object: S3ObjectClass = createRequire(import.meta.url)('s3rver/lib/models/object');
const { ALLOWED_METADATA } = S3Object;

interface S3ObjectClass {
  ALLOWED_METADATA: string[];
  new (
    bucket: string,
    key: string,
    content: NodeJS.ReadableStream | null,
    metadata: Record<string, unknown>,
  ): { range?: { start: number; end: number } };
}

/** S3's smallest part, except the last: https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const METADATA_SUFFIX = 'metadata.json';

export interface UploadInfo {
  uploadId: string;
  key: string;
  initiated: Date;
}

export interface PartInfo {
  number: number;
  etag: string;
  size: number;
  lastModified: Date;
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

async function missingIsFine(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

/**
 * Bodies up to this size are read whole, then written with synchronous calls. Each asynchronous
 * file call is a hand-off to libuv's thread pool, and on two cores shared with the Lambdas' thread
 * and Apertium that hand-off (a futex wake and a context switch), not the write, was the cost: the
 * local S3 spent about 1.7 ms of its thread per request. A small write to the page cache takes
 * microseconds. Larger bodies (multipart parts, the 5 MB article) still stream.
 */
export const SMALL_OBJECT_BYTES = 1024 * 1024;

/** Removes a temporary file a failed write may have left (none is fine). */
function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

const asBuffer = (chunk: Buffer | string): Buffer => (Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));

/** `path` opened for writing, its folder made when missing. */
function openForWriting(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (error) {
    // The folder exists for every key written before: made only when the write finds it missing.
    if (!isMissing(error)) throw error;
    mkdirSync(dirname(path), { recursive: true });
    return openSync(path, 'w');
  }
}

/** Writes `chunks` to `path` (its folder made when missing); the file's inode. */
function writeChunksSync(path: string, chunks: Buffer[]): number {
  const fd = openForWriting(path);
  try {
    writevSync(fd, chunks);
    return fstatSync(fd).ino;
  } finally {
    closeSync(fd);
  }
}

/** Writes `source` to `target` through a temporary file, so a reader never sees half an object. */
async function writeAtomically(
  source: Buffer | NodeJS.ReadableStream,
  target: string,
): Promise<{ size: number; md5: string; ino: number }> {
  const temporary = `${target}.${randomUUID()}.tmp`;
  const hash = createHash('md5');
  const chunks: Buffer[] = [];
  let size = 0;
  const body: AsyncIterator<Buffer | string> = (Buffer.isBuffer(source) ? Readable.from([source]) : source)[
    Symbol.asyncIterator
  ]();
  // Read whole first: a body that fails its checksum (the stream errs) never reaches the disk.
  while (size <= SMALL_OBJECT_BYTES) {
    const next = await body.next();
    if (next.done) break;
    const chunk = asBuffer(next.value);
    chunks.push(chunk);
    hash.update(chunk);
    size += chunk.length;
  }
  try {
    let ino: number;
    if (size <= SMALL_OBJECT_BYTES) ino = writeChunksSync(temporary, chunks);
    else {
      const rest = async function* () {
        yield* chunks;
        for (let next = await body.next(); !next.done; next = await body.next()) {
          const chunk = asBuffer(next.value);
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      };
      // The stream owns the descriptor and closes it when done.
      await pipeline(Readable.from(rest()), createWriteStream('', { fd: openForWriting(temporary) }));
      // The inode goes with the file through the rename: it names this version of the object.
      ino = (await stat(temporary)).ino;
    }
    renameSync(temporary, target);
    return { size, md5: hash.digest('hex'), ino };
  } catch (error) {
    removeIfPresent(temporary);
    throw error;
  }
}

/** Writes a small file whole or not at all (a reader, or a crash, never sees it half written). */
function replaceFile(target: string, body: string): void {
  const temporary = `${target}.${randomUUID()}.tmp`;
  try {
    writeFileSync(temporary, body);
    renameSync(temporary, target);
  } catch (error) {
    removeIfPresent(temporary);
    throw error;
  }
}

/**
 * Which version of the object a metadata file describes: the object file's inode and MD5. The
 * object is renamed into place before its metadata is replaced, so a GET between the two, or a
 * process killed between them, finds metadata of another version (with another checksum).
 */
const VERSION_FIELD = 'paragraf:object';
const ObjectVersion = (value: unknown): { ino: number; md5: string } | undefined => {
  if (!value || typeof value !== 'object' || !('ino' in value) || !('md5' in value)) return undefined;
  return typeof value.ino === 'number' && typeof value.md5 === 'string'
    ? { ino: value.ino, md5: value.md5 }
    : undefined;
};

/** The metadata of the object body a GET serves, by the body's stream: its checksum must be this one. */
export const servedMetadata = new WeakMap<object, Record<string, unknown>>();

/** The MD5 of a whole open file, read in pieces (only for objects whose metadata is another version's). */
function md5OfSync(fd: number): string {
  const hash = createHash('md5');
  const piece = Buffer.alloc(1024 * 1024);
  for (let position = 0; ; ) {
    const read = readSync(fd, piece, 0, piece.length, position);
    if (read === 0) return hash.digest('hex');
    hash.update(piece.subarray(0, read));
    position += read;
  }
}

function readTextOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** The stored metadata file of a key, parsed; undefined when there is none. */
function readStoredMetadata(path: string): Record<string, unknown> | undefined {
  const text = readTextOrUndefined(path);
  if (text === undefined) return undefined;
  const parsed: unknown = JSON.parse(text);
  return parsed && typeof parsed === 'object' ? Object.fromEntries(Object.entries(parsed)) : undefined;
}

/** Bytes `start` to `end` (inclusive) of an open file. */
function readRangeSync(fd: number, start: number, end: number): Buffer {
  const bytes = Buffer.allocUnsafe(end + 1 - start);
  let filled = 0;
  while (filled < bytes.length) {
    const read = readSync(fd, bytes, filled, bytes.length - filled, start + filled);
    if (read === 0) return bytes.subarray(0, filled);
    filled += read;
  }
  return bytes;
}

/** The store as S3 keeps objects: literal keys, atomic writes, checksums, complete multipart. */
export class LiteralKeyStore {
  private readonly store: Store;
  private readonly root: string;
  constructor(store: Store, root: string) {
    this.store = store;
    this.root = root;
  }

  install(): void {
    const store = this.store;
    store.getResourcePath = (bucket, key = '', resource) =>
      resourcePath(join(this.root, bucket), key, resource);
    store.putMetadata = (bucket, key, metadata, md5) => this.putMetadata(bucket, key, metadata, md5);
    store.putObject = (object) => this.putObject(object);
    store.getMetadata = async (bucket, key) => {
      const fd = openSync(this.store.getResourcePath(bucket, key, 'object'), 'r');
      try {
        return this.snapshot(bucket, key, fd);
      } finally {
        closeSync(fd);
      }
    };
    store.getObject = (bucket, key, options) => this.getObject(bucket, key, options);
    store.listObjects = async (bucket, options) => {
      const keys = await this.listKeys(bucket, options.prefix ?? '');
      const objects = keys.slice(0, options.maxKeys ?? keys.length);
      return { objects, commonPrefixes: [], isTruncated: objects.length < keys.length };
    };
    store.deleteObject = (bucket, key) => this.deleteObject(bucket, key);
    store.putPart = async (bucket, uploadId, partNumber, content) => {
      const uploadDir = await this.uploadDir(bucket, uploadId);
      const partPath = join(uploadDir, String(Number(partNumber)));
      const result = await writeAtomically(content, partPath);
      await writeFile(`${partPath}.md5`, result.md5);
      return result;
    };
    store.putObjectMultipart = (bucket, uploadId, parts) => this.completeUpload(bucket, uploadId, parts);
    this.cacheBucketConfiguration();
  }

  // s3rver's own metadata (its allowed headers and x-amz-meta-*), plus the checksum the upload
  // was verified with, in one write.
  // Each file is replaced whole; the metadata names the object version it belongs to.
  private async putMetadata(
    bucket: string,
    key: string,
    metadata: Record<string, unknown>,
    md5?: string,
    ino?: number,
  ): Promise<void> {
    const kept = Object.entries(metadata).filter(
      ([name]) =>
        ALLOWED_METADATA.includes(name) ||
        name.startsWith('x-amz-meta-') ||
        name.startsWith('x-amz-checksum-'),
    );
    const objectPath = this.store.getResourcePath(bucket, key, 'object');
    const hash = md5 ?? (await readFile(`${objectPath}.md5`, 'utf8').catch(() => undefined));
    const version = hash ? { ino: ino ?? (await stat(objectPath)).ino, md5: hash } : undefined;
    // s3rver's own MD5 file, read only for objects written before versions were recorded.
    if (md5) writeFileSync(this.store.getResourcePath(bucket, key, 'object.md5'), md5);
    replaceFile(
      this.store.getResourcePath(bucket, key, METADATA_SUFFIX),
      JSON.stringify(
        { ...Object.fromEntries(kept), ...(version ? { [VERSION_FIELD]: version } : {}) },
        null,
        2,
      ),
    );
  }

  // s3rver truncates and rewrites an object in place: a GET racing a PUT reads a torn object.
  private async putObject(object: Parameters<Store['putObject']>[0]): Promise<{ size: number; md5: string }> {
    const { size, md5, ino } = await writeAtomically(
      object.content,
      this.store.getResourcePath(object.bucket, object.key, 'object'),
    );
    const checksum = bodyFacts.get(object.content)?.checksum;
    const metadata = checksum
      ? {
          ...object.metadata,
          [`x-amz-checksum-${checksum.algorithm}`]: checksum.value,
          'x-amz-checksum-type': 'FULL_OBJECT',
        }
      : object.metadata;
    await this.putMetadata(object.bucket, object.key, metadata, md5, ino);
    return { size, md5 };
  }

  // A GET reads one version: the body from the file it opened, and the metadata only if it
  // describes that file; otherwise (a PUT half done, or killed half done) the body with its own
  // MD5 and none of the other version's checksum or user metadata. Synchronous calls, as for
  // writes (SMALL_OBJECT_BYTES): the files are small and local.
  private snapshot(bucket: string, key: string, fd: number) {
    const objectPath = this.store.getResourcePath(bucket, key, 'object');
    const info = fstatSync(fd);
    const stored = readStoredMetadata(this.store.getResourcePath(bucket, key, METADATA_SUFFIX));
    const { [VERSION_FIELD]: described, ...metadata } = stored ?? {};
    const version = ObjectVersion(described);
    let md5: string;
    let own = metadata;
    if (!version) {
      // Written before versions were recorded: s3rver's own MD5 file.
      md5 = readTextOrUndefined(`${objectPath}.md5`) ?? md5OfSync(fd);
    } else if (version.ino === info.ino) md5 = version.md5;
    else {
      md5 = md5OfSync(fd);
      // A copy has another inode and the same bytes: its metadata is its own.
      if (md5 !== version.md5)
        own = Object.fromEntries(
          Object.entries(metadata).filter(
            ([name]) => !name.startsWith('x-amz-checksum-') && !name.startsWith('x-amz-meta-'),
          ),
        );
    }
    return {
      ...own,
      etag: JSON.stringify(md5),
      'last-modified': info.mtime.toUTCString(),
      'content-length': info.size,
    };
  }

  /** The object file opened for reading; undefined when there is no such key. */
  private openObject(bucket: string, key: string): number | undefined {
    try {
      return openSync(this.store.getResourcePath(bucket, key, 'object'), 'r');
    } catch (error) {
      if (
        error instanceof Error &&
        'code' in error &&
        ['ENOENT', 'ENOTDIR', 'EISDIR'].includes(String(error.code))
      )
        return undefined;
      throw error;
    }
  }

  private async getObject(
    bucket: string,
    key: string,
    options: Parameters<Store['getObject']>[2],
  ): ReturnType<Store['getObject']> {
    const fd = this.openObject(bucket, key);
    if (fd === undefined) return null;
    let streaming = false;
    try {
      const metadata = this.snapshot(bucket, key, fd);
      const lastByte = Math.max(0, Number(metadata['content-length']) - 1);
      const range = {
        start: options?.start || 0,
        end: Math.min(options?.end || Number.POSITIVE_INFINITY, lastByte),
      };
      const ranged = options !== undefined && (options.start !== undefined || Boolean(options.end));
      if (range.start < 0 || Math.min(range.end, lastByte) < range.start) {
        const object = new S3Object(bucket, key, null, metadata);
        if (ranged) object.range = range;
        return object;
      }
      let content: Readable;
      if (range.end + 1 - range.start <= SMALL_OBJECT_BYTES) {
        content = Readable.from([readRangeSync(fd, range.start, range.end)], { objectMode: false });
      } else {
        // The stream owns the descriptor from here and closes it when done.
        content = createReadStream('', { fd, start: range.start, end: range.end });
        streaming = true;
      }
      const object = new S3Object(bucket, key, content, metadata);
      servedMetadata.set(content, metadata);
      if (ranged) object.range = range;
      return object;
    } finally {
      if (!streaming) closeSync(fd);
    }
  }

  private async deleteObject(bucket: string, key: string): Promise<void> {
    await Promise.all(
      ['object', 'object.md5', METADATA_SUFFIX].map((r) =>
        missingIsFine(unlink(this.store.getResourcePath(bucket, key, r))),
      ),
    );
    // Folders emptied by the delete go too (S3 has no folders to leave behind).
    const bucketPath = join(this.root, bucket);
    let folder = dirname(this.store.getResourcePath(bucket, key, 'object'));
    while (folder.startsWith(bucketPath + sep)) {
      try {
        await rmdir(folder);
      } catch {
        break;
      }
      folder = dirname(folder);
    }
  }

  /**
   * s3rver checks that the bucket exists (a stat) and reads its CORS and website configuration
   * (two opens, nearly always of absent files) on every request: 5% of the main thread in a 5 MB
   * run, 3% more for the stat. Buckets and their configuration change only through this store,
   * so each is read once and kept until it is written or deleted, or the bucket is.
   */
  private cacheBucketConfiguration(): void {
    const store = this.store;
    const getBucket = store.getBucket.bind(store);
    const getSubresource = store.getSubresource.bind(store);
    const putSubresource = store.putSubresource.bind(store);
    const deleteSubresource = store.deleteSubresource.bind(store);
    const deleteBucket = store.deleteBucket.bind(store);
    // Only buckets found are kept: one created later is found then.
    const buckets = new Map<string, object>();
    // configuration[bucket][type]: the read, kept as a promise so concurrent requests share it.
    const configuration = new Map<string, Map<string, Promise<unknown>>>();
    // Forgotten after a change completes: a read that raced the change is dropped with it.
    const forget = (bucket: string, type?: string) => {
      if (type === undefined) {
        buckets.delete(bucket);
        configuration.delete(bucket);
      } else configuration.get(bucket)?.delete(type);
    };
    store.getBucket = async (bucket) => {
      const known = buckets.get(bucket);
      if (known) return known;
      const found = await getBucket(bucket);
      if (found) buckets.set(bucket, found);
      return found;
    };
    store.getSubresource = (bucket, key, type) => {
      if (key) return getSubresource(bucket, key, type);
      const kept = configuration.get(bucket) ?? new Map<string, Promise<unknown>>();
      configuration.set(bucket, kept);
      let read = kept.get(type);
      if (!read) {
        read = getSubresource(bucket, undefined, type);
        kept.set(type, read);
        read.catch(() => kept.delete(type));
      }
      return read;
    };
    store.putSubresource = async (bucket, key, resource) => {
      await putSubresource(bucket, key, resource);
      if (!key) forget(bucket, resource.type);
    };
    store.deleteSubresource = async (bucket, key, type) => {
      await deleteSubresource(bucket, key, type);
      if (!key) forget(bucket, type);
    };
    store.deleteBucket = async (bucket) => {
      await deleteBucket(bucket);
      forget(bucket);
    };
  }

  /** Every key in `bucket` under `prefix`, in S3's order (UTF-8 bytes). */
  async listKeys(bucket: string, prefix: string): Promise<string[]> {
    const bucketPath = join(this.root, bucket);
    const found: string[] = [];
    const visit = async (folder: string, components: string[]): Promise<void> => {
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const path = [...components, entry.name];
        if (entry.isDirectory()) {
          if (!isKeyFolder(entry.name)) continue;
          // The folder's keys all start with this; skip it unless it can meet the prefix.
          const start = keyFromComponents([...path, '~._S3rver_object']) ?? '';
          if (start.startsWith(prefix) || prefix.startsWith(start))
            await visit(join(folder, entry.name), path);
        } else {
          const key = keyFromComponents(path);
          if (key?.startsWith(prefix)) found.push(key);
        }
      }
    };
    await visit(bucketPath, []);
    return found.sort(compareKeys);
  }

  private uploadsPath(bucket: string): string {
    return this.store.getResourcePath(bucket, undefined, 'uploads');
  }

  /** The folder of a multipart upload, or S3's NoSuchUpload. */
  async uploadDir(bucket: string, uploadId: string): Promise<string> {
    const dir = join(this.uploadsPath(bucket), uploadId);
    if (!/^[0-9a-f]+$/.test(uploadId) || !existsSync(join(dir, 'key'))) {
      throw s3Error(
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
        { UploadId: uploadId },
      );
    }
    return dir;
  }

  async uploads(bucket: string): Promise<UploadInfo[]> {
    const ids = await readdir(this.uploadsPath(bucket)).catch(() => []);
    const found = await Promise.all(
      ids.map(async (uploadId): Promise<UploadInfo | undefined> => {
        const dir = join(this.uploadsPath(bucket), uploadId);
        try {
          const [key, info] = await Promise.all([readFile(join(dir, 'key'), 'utf8'), stat(join(dir, 'key'))]);
          return { uploadId, key, initiated: info.mtime };
        } catch {
          return undefined;
        }
      }),
    );
    return found
      .filter((u): u is UploadInfo => u !== undefined)
      .sort((a, b) => compareKeys(a.key, b.key) || a.initiated.getTime() - b.initiated.getTime());
  }

  async uploadKey(bucket: string, uploadId: string): Promise<string> {
    return readFile(join(await this.uploadDir(bucket, uploadId), 'key'), 'utf8');
  }

  async parts(bucket: string, uploadId: string): Promise<PartInfo[]> {
    const dir = await this.uploadDir(bucket, uploadId);
    const names = (await readdir(dir)).filter((n) => /^\d+$/.test(n));
    const parts = await Promise.all(
      names.map(async (name) => {
        const path = join(dir, name);
        const [etag, info] = await Promise.all([readFile(`${path}.md5`, 'utf8'), stat(path)]);
        return { number: Number(name), etag, size: info.size, lastModified: info.mtime };
      }),
    );
    return parts.sort((a, b) => a.number - b.number);
  }

  async abortUpload(bucket: string, uploadId: string): Promise<void> {
    await rm(await this.uploadDir(bucket, uploadId), { recursive: true, force: true });
  }

  /**
   * CompleteMultipartUpload as S3 checks it: parts listed in ascending order, each uploaded with
   * the ETag given, each but the last at least 5 MiB. The ETag is the MD5 of the parts' MD5s, `-N`.
   */
  private async completeUpload(
    bucket: string,
    uploadId: string,
    requested: Array<{ number: number; etag: string }>,
  ): Promise<{ size: number; md5: string }> {
    const dir = await this.uploadDir(bucket, uploadId);
    const uploaded = new Map((await this.parts(bucket, uploadId)).map((p) => [p.number, p]));
    const chosen: PartInfo[] = [];
    for (const [i, part] of requested.entries()) {
      const previous = requested[i - 1];
      if (previous && part.number <= previous.number) {
        throw s3Error(
          'InvalidPartOrder',
          'The list of parts was not in ascending order. Parts must be ordered by part number.',
          {
            UploadId: uploadId,
          },
        );
      }
      const found = uploaded.get(part.number);
      if (!found || found.etag !== part.etag) {
        throw s3Error(
          'InvalidPart',
          "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          { UploadId: uploadId, PartNumber: part.number, ETag: part.etag },
        );
      }
      chosen.push(found);
    }
    for (const part of chosen.slice(0, -1)) {
      if (part.size < MIN_PART_BYTES) {
        throw s3Error(
          'EntityTooSmall',
          'Your proposed upload is smaller than the minimum allowed object size.',
          {
            ProposedSize: part.size,
            MinSizeAllowed: MIN_PART_BYTES,
            PartNumber: part.number,
            ETag: part.etag,
          },
        );
      }
    }
    const [key, metadataText] = await Promise.all([
      readFile(join(dir, 'key'), 'utf8'),
      readFile(join(dir, 'metadata'), 'utf8'),
    ]);
    const metadata: unknown = JSON.parse(metadataText);
    const etag = `${createHash('md5')
      .update(Buffer.concat(chosen.map((p) => Buffer.from(p.etag, 'hex'))))
      .digest('hex')}-${chosen.length}`;
    const target = this.store.getResourcePath(bucket, key, 'object');
    async function* concatenated() {
      for (const part of chosen) yield* createReadStream(join(dir, String(part.number)));
    }
    const { size } = await writeAtomically(Readable.from(concatenated()), target);
    const headers =
      metadata && typeof metadata === 'object'
        ? Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, String(v)]))
        : {};
    await this.store.putMetadata(bucket, key, headers, etag);
    await rm(dir, { recursive: true, force: true });
    return { size, md5: etag };
  }
}

/**
 * Data folders written before keys had markers (s3rver's layout: `bucket/a/b._S3rver_object`)
 * are moved into the literal-key layout once, so `paragraf serve` keeps what it stored.
 */
export function migrateLegacyLayout(root: string, buckets: readonly string[]): number {
  let moved = 0;
  for (const bucket of buckets) {
    const bucketPath = join(root, bucket);
    if (!existsSync(bucketPath)) continue;
    const legacy = readdirSync(bucketPath, { withFileTypes: true }).filter(
      (e) => !isKeyFolder(e.name) && !e.name.startsWith('_'),
    );
    const files: string[] = [];
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path);
        else files.push(path);
      }
    };
    for (const entry of legacy) {
      const path = join(bucketPath, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
    for (const file of files) {
      const match = /^(.*)\._S3rver_(object|object\.md5|metadata\.json)$/.exec(
        relative(bucketPath, file).split(sep).join('/'),
      );
      if (!match?.[1] || !match[2]) continue;
      const target = resourcePath(bucketPath, match[1], match[2]);
      mkdirSync(dirname(target), { recursive: true });
      renameSync(file, target);
      if (match[2] === 'object') moved++;
    }
    for (const entry of legacy) if (entry.isDirectory()) rmSyncQuiet(join(bucketPath, entry.name));
  }
  return moved;
}

function rmSyncQuiet(path: string): void {
  try {
    // Only folders emptied by the move remain; a folder with anything else in it stays.
    const empty = (folder: string): boolean =>
      readdirSync(folder, { withFileTypes: true }).every(
        (e) => e.isDirectory() && empty(join(folder, e.name)),
      );
    if (empty(path)) rmSync(path, { recursive: true });
  } catch {
    // Leave it: nothing in the new layout depends on it.
  }
}
