import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { StorageError } from '../errors.ts';
import type { ObjectStore, StoredObject } from '../ports.ts';

export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  constructor(client: S3Client) {
    this.client = client;
  }

  async get(bucket: string, key: string, versionId?: string): Promise<StoredObject> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
      );
      if (!response.Body) throw new StorageError('SOURCE_NOT_FOUND', `s3://${bucket}/${key} has no body.`);
      const bytes = await response.Body.transformToByteArray();
      const metadata: Record<string, string> = {};
      for (const [k, v] of Object.entries(response.Metadata ?? {})) metadata[k.toLowerCase()] = v;
      return {
        bytes,
        etag: (response.ETag ?? '').replace(/"/g, ''),
        metadata,
        ...(response.ContentType ? { contentType: response.ContentType } : {}),
        ...(response.VersionId ? { versionId: response.VersionId } : {}),
      };
    } catch (err) {
      if (err instanceof NoSuchKey || (err instanceof Error && err.name === 'NoSuchKey')) {
        throw new StorageError(
          'SOURCE_NOT_FOUND',
          `s3://${bucket}/${key} does not exist (it may have been deleted).`,
          { cause: err },
        );
      }
      throw err;
    }
  }

  async getText(bucket: string, key: string): Promise<string | undefined> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await response.Body?.transformToString('utf-8')) ?? '';
    } catch (err) {
      if (err instanceof NoSuchKey || (err instanceof Error && err.name === 'NoSuchKey')) return undefined;
      throw err;
    }
  }

  async getTextWithEtag(bucket: string, key: string): Promise<{ text: string; etag: string } | undefined> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return { text: (await response.Body?.transformToString('utf-8')) ?? '', etag: response.ETag ?? '' };
    } catch (err) {
      if (err instanceof NoSuchKey || (err instanceof Error && err.name === 'NoSuchKey')) return undefined;
      throw err;
    }
  }

  async putIfMatch(
    bucket: string,
    key: string,
    body: string,
    contentType: string,
    etag: string,
  ): Promise<boolean> {
    return this.conditionalPut({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      IfMatch: etag,
    });
  }

  async putIfAbsent(bucket: string, key: string, body: string, contentType: string): Promise<boolean> {
    return this.conditionalPut({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      IfNoneMatch: '*',
    });
  }

  async exists(bucket: string, key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (err) {
      if (httpStatus(err) === 404 || (err instanceof Error && ['NotFound', 'NoSuchKey'].includes(err.name)))
        return false;
      throw err;
    }
  }

  /**
   * A conditional PUT: false when S3 answers 412 Precondition Failed, or 409 ConditionalRequestConflict
   * (another conditional write to the same key was in flight): either way, another writer won.
   */
  private async conditionalPut(input: PutObjectCommandInput): Promise<boolean> {
    try {
      await this.client.send(new PutObjectCommand(input));
      return true;
    } catch (err) {
      const status = httpStatus(err);
      const name = err instanceof Error ? err.name : '';
      if (
        status === 412 ||
        status === 409 ||
        name === 'PreconditionFailed' ||
        name === 'ConditionalRequestConflict'
      )
        return false;
      throw err;
    }
  }

  async put(bucket: string, key: string, body: string, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }
}

function httpStatus(err: unknown): number | undefined {
  if (!err || typeof err !== 'object' || !('$metadata' in err)) return undefined;
  const meta = err.$metadata;
  return meta &&
    typeof meta === 'object' &&
    'httpStatusCode' in meta &&
    typeof meta.httpStatusCode === 'number'
    ? meta.httpStatusCode
    : undefined;
}
