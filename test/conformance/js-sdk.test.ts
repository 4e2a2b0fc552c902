import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketCorsCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_OUTPUT_BUCKET } from '../../infra/local/cloud.ts';
import { type Served, startServe } from '../helpers/serve.ts';

/**
 * The AWS SDK for JavaScript v3 at its defaults (aws-chunked streaming uploads with a CRC32
 * trailer, CRC32 headers, response checksum validation) against `paragraf serve`: only the
 * endpoint and path style are set, as a Node user would.
 * https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/s3-checksums.html
 */
let served: Served;
let s3: S3Client;
beforeAll(async () => {
  served = await startServe();
  s3 = new S3Client({
    endpoint: served.s3,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
  });
}, 60_000);
afterAll(async () => {
  s3?.destroy();
  await served?.stop();
});

const ARTICLE = [
  'Harbour tram approved',
  'The council approved the new harbour tram line on Wednesday after a long debate.',
  'Work on the line starts in March and the first trams will run next year.',
  'The line will link the station with the old harbour and the new university campus.',
].join('\n\n');

describe('the JS SDK v3 at its defaults', () => {
  it('a streamed article (aws-chunked, CRC32 trailer) is stored byte for byte and translated clean', async () => {
    const body = Buffer.from(ARTICLE);
    await s3.send(
      new PutObjectCommand({
        Bucket: 'paragraf-input',
        Key: 'incoming/node-user.txt',
        Body: Readable.from([body.subarray(0, 100), body.subarray(100)]),
        ContentLength: body.length,
        Metadata: { 'target-languages': 'es' },
      }),
    );
    const stored = await s3.send(
      new GetObjectCommand({ Bucket: 'paragraf-input', Key: 'incoming/node-user.txt' }),
    );
    expect(await stored.Body?.transformToString()).toBe(ARTICLE);
    expect(stored.ContentEncoding).toBeUndefined();
    // The SDK validated the CRC32 the server returned for the whole object.
    const head = await s3.send(
      new HeadObjectCommand({
        Bucket: 'paragraf-input',
        Key: 'incoming/node-user.txt',
        ChecksumMode: 'ENABLED',
      }),
    );
    expect(head.ChecksumCRC32).toMatch(/^[A-Za-z0-9+/]{6}==$/);

    await expect
      .poll(() => served.output(), { timeout: 30_000, interval: 200 })
      .toContain('succeeded incoming/node-user.txt');
    const md = await s3.send(new GetObjectCommand({ Bucket: 'paragraf-output', Key: 'node-user/es.md' }));
    const text = (await md.Body?.transformToString()) ?? '';
    expect(text).toMatch(/tranvía/);
    expect(text).not.toMatch(/chunk-signature|x-amz-checksum|^[0-9a-f]+\r?$/m);
    const json = await s3.send(
      new GetObjectCommand({ Bucket: 'paragraf-output', Key: 'node-user/article.json' }),
    );
    const article: unknown = JSON.parse((await json.Body?.transformToString()) ?? '{}');
    expect(article).toMatchObject({ paragraphs: expect.any(Array) });
    expect(JSON.stringify(article)).not.toContain('\\r\\n');
  }, 60_000);

  it('a lib-storage multipart upload of 11 MiB with checksums completes and reads back', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 'x');
    const upload = new Upload({
      client: s3,
      params: { Bucket: 'paragraf-output', Key: 'uploads/big.bin', Body: Readable.from([big]) },
      partSize: 5 * 1024 * 1024,
    });
    await upload.done();
    const back = await s3.send(new GetObjectCommand({ Bucket: 'paragraf-output', Key: 'uploads/big.bin' }));
    expect(back.ETag).toMatch(/-3"$/);
    expect(Buffer.from((await back.Body?.transformToByteArray()) ?? []).equals(big)).toBe(true);
  }, 60_000);

  it('lists with MaxKeys and a continuation token past 1,000 keys', async () => {
    for (let start = 0; start < 1005; start += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, 1005 - start) }, (_, j) =>
          s3.send(
            new PutObjectCommand({
              Bucket: 'paragraf-output',
              Key: `cache/k${String(start + j).padStart(4, '0')}`,
              Body: 'x',
            }),
          ),
        ),
      );
    }
    const first = await s3.send(new ListObjectsV2Command({ Bucket: 'paragraf-output', Prefix: 'cache/' }));
    expect(first.KeyCount).toBe(1000);
    expect(first.IsTruncated).toBe(true);
    const second = await s3.send(
      new ListObjectsV2Command({
        Bucket: 'paragraf-output',
        Prefix: 'cache/',
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect(second.Contents?.map((o) => o.Key)).toEqual([
      'cache/k1000',
      'cache/k1001',
      'cache/k1002',
      'cache/k1003',
      'cache/k1004',
    ]);
  }, 120_000);

  it('bucket CORS set for a browser app applies at once, and stops when deleted', async () => {
    const preflight = () =>
      fetch(`${served.s3}/${LOCAL_OUTPUT_BUCKET}/any/article.json`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://cms.example', 'Access-Control-Request-Method': 'GET' },
      });
    const before = await preflight();
    expect(before.headers.get('access-control-allow-origin')).toBeNull();
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: LOCAL_OUTPUT_BUCKET,
        CORSConfiguration: {
          CORSRules: [{ AllowedOrigins: ['https://cms.example'], AllowedMethods: ['GET'] }],
        },
      }),
    );
    const allowed = await preflight();
    expect(allowed.status).toBe(200);
    // s3rver answers "*" where S3 echoes the origin; a browser accepts either for a plain GET.
    expect(allowed.headers.get('access-control-allow-origin')).toMatch(/^(\*|https:\/\/cms\.example)$/);
    await s3.send(new DeleteBucketCorsCommand({ Bucket: LOCAL_OUTPUT_BUCKET }));
    const after = await preflight();
    expect(after.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a bucket created, deleted and created again is seen at each step', async () => {
    const Bucket = 'scratch-bucket';
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new HeadBucketCommand({ Bucket }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'a.txt', Body: 'a' }));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'a.txt' }));
    await s3.send(new DeleteBucketCommand({ Bucket }));
    await expect(s3.send(new HeadBucketCommand({ Bucket }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    await expect(s3.send(new PutObjectCommand({ Bucket, Key: 'b.txt', Body: 'b' }))).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'b.txt', Body: 'b' }));
    const back = await s3.send(new GetObjectCommand({ Bucket, Key: 'b.txt' }));
    expect(await back.Body?.transformToString()).toBe('b');
  });
});
