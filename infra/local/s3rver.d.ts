// s3rver ships no types; this is the part of its API the local cloud and its patches use.
declare module 's3rver' {
  import type { EventEmitter } from 'node:events';
  import type { Readable } from 'node:stream';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    configureBuckets?: Array<{ name: string; configs?: string[] }>;
  }

  type Headers = Record<string, string | string[] | undefined>;
  type Metadata = Record<string, string>;

  /** The Koa context, as far as the patches read and write it. */
  interface S3rverContext {
    method: string;
    /** The raw (still URL-encoded) path; assigning it rewrites the URL the router matches. */
    path: string;
    querystring: string;
    query: Record<string, string | string[] | undefined>;
    headers: Headers;
    /** The request body s3rver stores; the patches put a decoded stream here. */
    req: Readable;
    status: number;
    type: string;
    body: unknown;
    set(name: string, value: string): void;
    store: S3rver['store'];
  }
  export type S3rverMiddleware = (ctx: S3rverContext, next: () => Promise<void>) => Promise<void>;

  export default class S3rver extends EventEmitter {
    constructor(options: S3rverOptions);
    /** The HTTP server, once run() has resolved. */
    httpServer?: import('node:http').Server;
    /** Koa's middleware list; composed when the server starts. */
    middleware: S3rverMiddleware[];
    /** The `silent` option as given. */
    silent: boolean;
    store: {
      getBucket(bucket: string): Promise<object | null>;
      deleteBucket(bucket: string): Promise<void>;
      getSubresource(bucket: string, key: string | undefined, type: string): Promise<unknown>;
      putSubresource(bucket: string, key: string | undefined, resource: { type: string }): Promise<void>;
      deleteSubresource(bucket: string, key: string | undefined, type: string): Promise<void>;
      existsObject(bucket: string, key: string): Promise<boolean>;
      getMetadata(bucket: string, key: string): Promise<Record<string, unknown> & { etag?: string }>;
      getObject(
        bucket: string,
        key: string,
        options?: { start?: number; end?: number },
      ): Promise<object | null>;
      getResourcePath(bucket: string, key: string | undefined, resource: string): string;
      putMetadata(bucket: string, key: string, metadata: Metadata, md5?: string): Promise<void>;
      putObject(object: {
        bucket: string;
        key: string;
        content: Buffer | NodeJS.ReadableStream;
        metadata: Metadata;
      }): Promise<{ size: number; md5: string }>;
      listObjects(
        bucket: string,
        options: { prefix?: string; maxKeys?: number },
      ): Promise<{ objects: unknown[]; commonPrefixes: string[]; isTruncated: boolean }>;
      deleteObject(bucket: string, key: string): Promise<void>;
      putPart(
        bucket: string,
        uploadId: string,
        partNumber: string | number,
        content: NodeJS.ReadableStream,
      ): Promise<{ size: number; md5: string }>;
      putObjectMultipart(
        bucket: string,
        uploadId: string,
        parts: Array<{ number: number; etag: string }>,
      ): Promise<{ size: number; md5: string }>;
    };
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
