import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  CopyObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { describe, expect, it } from 'vitest';
import { startLocalS3 } from '../../infra/local/s3-server.ts';
import { AwsChunkedDecoder } from '../../infra/local/s3rver-patches/chunked.ts';
import { patchS3rver } from '../../infra/local/s3rver-patches/index.ts';
import { keyComponents, keyFromComponents, resourcePath } from '../../infra/local/s3rver-patches/keys.ts';

/** Each patch of infra/local/s3rver-patches on its own; test/conformance drives them with real clients. */
describe('literal keys on disk', () => {
  it('maps any key to components that are never empty, "." or "..", and back', () => {
    const keys = ['a//b', '../../x', './y/.', 'trail/', 'ü/é', 'x'.repeat(700), `${'é'.repeat(150)}/z`];
    for (const key of keys) {
      const components = keyComponents(key);
      for (const c of components) {
        expect(c).not.toMatch(/^(\.|\.\.)?$/);
        expect(Buffer.byteLength(c)).toBeLessThanOrEqual(201);
      }
      const file = relative('/root/bucket', resourcePath('/root/bucket', key, 'object'));
      expect(file.startsWith('..')).toBe(false);
      expect(keyFromComponents(file.split('/'))).toBe(key);
    }
  });

  it('moves a data folder in s3rver’s old layout into the new one, so serve keeps what it stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paragraf-legacy-'));
    mkdirSync(join(dir, 'b', 'story'), { recursive: true });
    writeFileSync(join(dir, 'b', 'story', 'es.md._S3rver_object'), '# Hola\n');
    writeFileSync(
      join(dir, 'b', 'story', 'es.md._S3rver_object.md5'),
      createHash('md5').update('# Hola\n').digest('hex'),
    );
    writeFileSync(join(dir, 'b', 'story', 'es.md._S3rver_metadata.json'), '{"content-type":"text/markdown"}');
    const s3 = await startLocalS3({ buckets: ['b'], directory: dir });
    try {
      const client = s3.client();
      const got = await client.send(new GetObjectCommand({ Bucket: 'b', Key: 'story/es.md' }));
      expect(await got.Body?.transformToString()).toBe('# Hola\n');
      expect(got.ContentType).toBe('text/markdown');
      const listed = await client.send(new ListObjectsV2Command({ Bucket: 'b' }));
      expect(listed.Contents?.map((o) => o.Key)).toEqual(['story/es.md']);
    } finally {
      await s3.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('aws-chunked bodies', () => {
  const decode = async (raw: string, length?: number) => {
    const decoder = new AwsChunkedDecoder(length);
    const out = await buffer(
      Readable.from([Buffer.from(raw.slice(0, 7)), Buffer.from(raw.slice(7))]).pipe(decoder),
    );
    return { text: out.toString(), trailers: Object.fromEntries(decoder.trailers) };
  };
  const sig = `chunk-signature=${'a'.repeat(64)}`;

  it('decodes signed chunks and unsigned chunks with a trailer, split anywhere', async () => {
    expect(await decode(`5;${sig}\r\nhello\r\n6;${sig}\r\n world\r\n0;${sig}\r\n\r\n`, 11)).toEqual({
      text: 'hello world',
      trailers: {},
    });
    expect(await decode('b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n')).toEqual({
      text: 'hello world',
      trailers: { 'x-amz-checksum-crc32': 'DUoRhQ==' },
    });
  });

  it('refuses a body cut short or longer than x-amz-decoded-content-length (IncompleteBody)', async () => {
    await expect(decode('5\r\nhel')).rejects.toMatchObject({ code: 'IncompleteBody' });
    await expect(decode('5\r\nhello\r\n0\r\n\r\n', 4)).rejects.toMatchObject({ code: 'IncompleteBody' });
  });
});

describe('the local S3 server', () => {
  const raw = (endpoint: string, method: string, path: string, headers: Record<string, string>, body = '') =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = request(`${endpoint}${path}`, { method, headers }, async (res) => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: (await buffer(res)).toString() });
      });
      req.on('error', reject);
      req.end(body);
    });

  it('stores aws-chunked uploads decoded, keeps the object’s own Content-Encoding, and answers any access key', async () => {
    const s3 = await startLocalS3({ buckets: ['b'] });
    try {
      const put = await raw(
        s3.endpoint,
        'PUT',
        '/b/k.txt',
        {
          'content-encoding': 'aws-chunked,gzip',
          'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
          'x-amz-decoded-content-length': '11',
          'x-amz-trailer': 'x-amz-checksum-crc32',
          'x-amz-date': new Date().toISOString().replace(/[-:]|\.\d{3}/g, ''),
          authorization:
            'AWS4-HMAC-SHA256 Credential=SOMEONE/20261128/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
        },
        'b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n',
      );
      expect(put.body).toBe('');
      expect(put.status).toBe(200);
      const get = await raw(s3.endpoint, 'GET', '/b/k.txt', { 'x-amz-checksum-mode': 'ENABLED' });
      expect(get.body).toBe('hello world');
      expect(get.headers['content-encoding']).toBe('gzip');
      expect(get.headers['x-amz-checksum-crc32']).toBe('DUoRhQ==');
      const bad = await raw(
        s3.endpoint,
        'PUT',
        '/b/bad.txt',
        { 'content-encoding': 'aws-chunked', 'x-amz-trailer': 'x-amz-checksum-crc32' },
        'b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n',
      );
      expect(bad.status).toBe(400);
      expect(bad.body).toContain('<Code>BadDigest</Code>');
      expect((await raw(s3.endpoint, 'HEAD', '/b/bad.txt', {})).status).toBe(404);
    } finally {
      await s3.stop();
    }
  });

  it('names a completed multipart upload ObjectCreated:CompleteMultipartUpload in its event', async () => {
    const s3 = await startLocalS3({ buckets: ['b'] });
    const names: string[] = [];
    s3.onObjectCreated((record) => names.push(record.eventName));
    try {
      const client = new S3Client({
        endpoint: s3.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      });
      const {
        CreateMultipartUploadCommand,
        UploadPartCommand,
        CompleteMultipartUploadCommand,
        PutObjectCommand,
      } = await import('@aws-sdk/client-s3');
      await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'single', Body: 'x' }));
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'b', Key: 'multi' }));
      const part = await client.send(
        new UploadPartCommand({ Bucket: 'b', Key: 'multi', UploadId, PartNumber: 1, Body: 'y' }),
      );
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'b',
          Key: 'multi',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
        }),
      );
      expect(names).toEqual(['ObjectCreated:Put', 'ObjectCreated:CompleteMultipartUpload']);
      client.destroy();
    } finally {
      await s3.stop();
    }
  });
});

describe('a silent s3rver', () => {
  it('drops koa-logger, which formats two lines per request even when nothing is printed', () => {
    const names = (silent: boolean) => {
      const dir = mkdtempSync(join(tmpdir(), 'paragraf-logger-'));
      try {
        const server = new S3rver({ silent, directory: dir, configureBuckets: [] });
        patchS3rver(server, dir);
        return server.middleware.map((m) => m.name);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    expect(names(true)).not.toContain('logger');
    expect(names(false)).toContain('logger');
  });
});

describe('one version per GET', () => {
  it('serves a body whose metadata names another version (a PUT killed half done) without that version’s checksum', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paragraf-torn-'));
    const s3 = await startLocalS3({ buckets: ['b'], directory: dir });
    try {
      const client = s3.client();
      await client.send(
        new PutObjectCommand({
          Bucket: 'b',
          Key: 'status.json',
          Body: '{"state":"running"}',
          Metadata: { a: '1' },
        }),
      );
      // A process killed between renaming the new object into place and writing its metadata.
      const objectPath = resourcePath(join(dir, 'b'), 'status.json', 'object');
      writeFileSync(`${objectPath}.new`, '{"state":"succeeded"}');
      renameSync(`${objectPath}.new`, objectPath);
      // The default SDK client validates the CRC32 it is given: the body comes back whole and valid.
      const got = await client.send(
        new GetObjectCommand({ Bucket: 'b', Key: 'status.json', ChecksumMode: 'ENABLED' }),
      );
      expect(await got.Body?.transformToString()).toBe('{"state":"succeeded"}');
      expect(got.ETag).toBe(`"${createHash('md5').update('{"state":"succeeded"}').digest('hex')}"`);
      expect(got.ChecksumCRC32).toBeUndefined();
      expect(got.Metadata).toEqual({});
      // The next PUT makes it whole again, checksum and metadata included.
      await client.send(
        new PutObjectCommand({
          Bucket: 'b',
          Key: 'status.json',
          Body: '{"state":"failed"}',
          Metadata: { a: '2' },
        }),
      );
      const again = await client.send(
        new GetObjectCommand({ Bucket: 'b', Key: 'status.json', ChecksumMode: 'ENABLED' }),
      );
      expect(await again.Body?.transformToString()).toBe('{"state":"failed"}');
      expect(again.Metadata).toEqual({ a: '2' });
      expect(again.ChecksumCRC32).toBeDefined();
      // A copy has other inodes and the same bytes: its metadata is its own.
      await client.send(
        new CopyObjectCommand({ Bucket: 'b', Key: 'copy.json', CopySource: 'b/status.json' }),
      );
      const copy = await client.send(new GetObjectCommand({ Bucket: 'b', Key: 'copy.json' }));
      expect(copy.Metadata).toEqual({ a: '2' });
    } finally {
      await s3.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads under concurrent rewrites never fail a checksum', async () => {
    const s3 = await startLocalS3({ buckets: ['b'] });
    try {
      const client = s3.client();
      const bodies = Array.from({ length: 40 }, (_, i) => `{"progress":${i},"pad":"${'x'.repeat(i * 50)}"}`);
      await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: bodies[0] }));
      const writes = bodies.map((Body) => client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body })));
      const reads = bodies.map(async () => {
        const r = await client.send(new GetObjectCommand({ Bucket: 'b', Key: 'k', ChecksumMode: 'ENABLED' }));
        return r.Body?.transformToString();
      });
      const [, read] = await Promise.all([Promise.all(writes), Promise.all(reads)]);
      for (const body of read) expect(bodies).toContain(body);
    } finally {
      await s3.stop();
    }
  });
});
