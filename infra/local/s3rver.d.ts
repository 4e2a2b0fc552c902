// s3rver ships no types; this is the part of its API the local cloud uses.
declare module 's3rver' {
  import type { EventEmitter } from 'node:events';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    configureBuckets?: Array<{ name: string; configs?: string[] }>;
  }

  /** The Koa context, as far as the conditional-write middleware reads and writes it. */
  interface S3rverContext {
    method: string;
    path: string;
    querystring: string;
    headers: Record<string, string | string[] | undefined>;
    status: number;
    type: string;
    body: unknown;
  }
  export type S3rverMiddleware = (ctx: S3rverContext, next: () => Promise<void>) => Promise<void>;

  export default class S3rver extends EventEmitter {
    constructor(options: S3rverOptions);
    /** The HTTP server, once run() has resolved. */
    httpServer?: import('node:http').Server;
    /** Koa's middleware list; composed when the server starts. */
    middleware: S3rverMiddleware[];
    store: {
      existsObject(bucket: string, key: string): Promise<boolean>;
      getMetadata(bucket: string, key: string): Promise<{ etag?: string }>;
      getResourcePath(bucket: string, key: string, resource: string): string;
      putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
      putObject(object: {
        bucket: string;
        key: string;
        content: Buffer | NodeJS.ReadableStream;
        metadata: Record<string, string>;
      }): Promise<{ size: number; md5: string }>;
    };
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
