import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from '../../infra/local/cloud.ts';
import type { ExecutionResult } from '../../infra/local/state-machine.ts';
import type { ArticleDocument, ErrorDocument, StatusDocument } from '../../shared/schemas/document.ts';
import {
  ArticleDocument as ArticleSchema,
  ErrorDocument as ErrorSchema,
  StatusDocument as StatusSchema,
} from '../../shared/schemas/document.ts';
import { SplitInput } from '../../shared/schemas/steps.ts';

/** The S3 event an execution started from, as Split received it. */
export function eventOf(result: ExecutionResult): unknown {
  return SplitInput.parse(result.calls[0]?.input).event;
}

export interface TestCloud {
  cloud: LocalCloud;
  s3: S3Client;
  logs: string[];
  /** Uploads to the input bucket and resolves when the execution for that key has ended. */
  upload(
    key: string,
    body: string | Uint8Array,
    metadata?: Record<string, string>,
    contentType?: string,
  ): Promise<ExecutionResult>;
  text(bucket: string, key: string): Promise<string | undefined>;
  article(articleId: string): Promise<ArticleDocument>;
  status(articleId: string): Promise<StatusDocument>;
  error(articleId: string): Promise<ErrorDocument>;
  etag(bucket: string, key: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

export async function startTestCloud(options: LocalCloudOptions = {}): Promise<TestCloud> {
  const logs: string[] = [];
  const cloud = await startLocalCloud({
    logger: {
      info: (e, f) => logs.push(JSON.stringify({ e, ...f })),
      error: (e, f) => logs.push(JSON.stringify({ e, ...f })),
    },
    ...options,
  });
  const s3 = cloud.s3.client();
  const waiters = new Map<string, Array<(r: ExecutionResult) => void>>();
  cloud.onExecution((key, result) => {
    const list = waiters.get(key) ?? [];
    waiters.delete(key);
    for (const done of list) done(result);
  });
  const text = (bucket: string, key: string) => cloud.deps.store.getText(bucket, key);
  const json = async (key: string): Promise<unknown> => {
    const body = await text(cloud.outputBucket, key);
    if (body === undefined) throw new Error(`missing output ${key}`);
    return JSON.parse(body);
  };
  return {
    cloud,
    s3,
    logs,
    upload(key, body, metadata = {}, contentType) {
      const finished = new Promise<ExecutionResult>((done) =>
        waiters.set(key, [...(waiters.get(key) ?? []), done]),
      );
      return s3
        .send(
          new PutObjectCommand({
            Bucket: cloud.inputBucket,
            Key: key,
            Body: body,
            Metadata: metadata,
            ...(contentType ? { ContentType: contentType } : {}),
          }),
        )
        .then(() => finished);
    },
    text,
    article: async (id) => ArticleSchema.parse(await json(`${id}/article.json`)),
    status: async (id) => StatusSchema.parse(await json(`${id}/status.json`)),
    error: async (id) => ErrorSchema.parse(await json(`${id}/error.json`)),
    async etag(bucket, key) {
      try {
        return (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ETag;
      } catch {
        return undefined;
      }
    },
    stop: () => cloud.stop(),
  };
}
