import type { ObjectStore, StoredObject } from '../../shared/ports.ts';

/**
 * The object store port in memory, with S3's conditional writes (If-Match, If-None-Match) and a
 * hook between a conditional write's check and its write, for pure step tests and races. The
 * end-to-end tests use the real local S3 instead.
 */
export class MemoryStore implements ObjectStore {
  readonly objects = new Map<
    string,
    { bytes: Uint8Array; etag: string; contentType: string; metadata: Record<string, string> }
  >();
  private version = 0;
  /** Runs before each conditional write: a test holds writers here to make them race. */
  beforeWrite: () => Promise<void> = async () => {};

  private static id = (bucket: string, key: string) => `${bucket}/${key}`;

  /** An upload with user metadata (as a client would PUT it). */
  putObject(
    bucket: string,
    key: string,
    body: string | Uint8Array,
    metadata: Record<string, string> = {},
  ): void {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    this.objects.set(MemoryStore.id(bucket, key), {
      bytes,
      etag: String(++this.version),
      contentType: 'application/octet-stream',
      metadata,
    });
  }

  async get(bucket: string, key: string): Promise<StoredObject> {
    const found = this.objects.get(MemoryStore.id(bucket, key));
    if (!found) throw Object.assign(new Error(`NoSuchKey: ${key}`), { name: 'NoSuchKey' });
    return { bytes: found.bytes, etag: found.etag, contentType: found.contentType, metadata: found.metadata };
  }

  async put(bucket: string, key: string, body: string, contentType = 'application/json'): Promise<void> {
    this.objects.set(MemoryStore.id(bucket, key), {
      bytes: new TextEncoder().encode(body),
      etag: String(++this.version),
      contentType,
      metadata: {},
    });
  }

  async getTextWithEtag(bucket: string, key: string) {
    const found = this.objects.get(MemoryStore.id(bucket, key));
    return found ? { text: new TextDecoder().decode(found.bytes), etag: found.etag } : undefined;
  }

  async putIfMatch(bucket: string, key: string, body: string, contentType: string, etag: string) {
    await this.beforeWrite();
    if (this.objects.get(MemoryStore.id(bucket, key))?.etag !== etag) return false;
    await this.put(bucket, key, body, contentType);
    return true;
  }

  async putIfAbsent(bucket: string, key: string, body: string, contentType: string) {
    await this.beforeWrite();
    if (this.objects.has(MemoryStore.id(bucket, key))) return false;
    await this.put(bucket, key, body, contentType);
    return true;
  }

  async getText(bucket: string, key: string) {
    return (await this.getTextWithEtag(bucket, key))?.text;
  }

  async exists(bucket: string, key: string) {
    return this.objects.has(MemoryStore.id(bucket, key));
  }
}
