import { createHash, type Hash } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import { Crc32c } from '@aws-crypto/crc32c';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';
import { AwsChunkedDecoder, isAwsChunked } from './chunked.ts';
import { s3Error } from './s3-error.ts';

type Headers = Record<string, string | string[] | undefined>;

/** S3's additional checksums; the header is `x-amz-checksum-<name>`, the value base64. */
export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

interface Digest {
  update(data: Buffer): void;
  digest(): Promise<Buffer>;
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

function fromHash(hash: Hash): Digest {
  return { update: (data) => hash.update(data), digest: async () => hash.digest() };
}

function digestFor(algorithm: ChecksumAlgorithm | 'md5'): Digest {
  switch (algorithm) {
    case 'md5':
    case 'sha1':
    case 'sha256':
      return fromHash(createHash(algorithm));
    case 'crc32': {
      let value = 0;
      return { update: (data) => (value = crc32(data, value)), digest: async () => uint32(value) };
    }
    case 'crc32c': {
      const sum = new Crc32c();
      return { update: (data) => sum.update(data), digest: async () => uint32(sum.digest()) };
    }
    case 'crc64nvme': {
      const sum = new Crc64Nvme();
      return { update: (data) => sum.update(data), digest: async () => Buffer.from(await sum.digest()) };
    }
  }
}

function isAlgorithm(name: string): name is ChecksumAlgorithm {
  return CHECKSUM_ALGORITHMS.some((a) => a === name);
}

/** A header's (or query parameter's) single value. */
export function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The checksum an upload stored, kept in the object's metadata and returned with ChecksumMode. */
export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  value: string;
}

/** What an upload's body turned out to be, once fully read. */
export interface BodyFacts {
  checksum?: StoredChecksum;
}

/** The facts of each decoded body, keyed by the stream the store reads. */
export const bodyFacts = new WeakMap<object, BodyFacts>();

/**
 * The upload's body as S3 would store it: aws-chunked framing removed, and every digest the client
 * sent verified once the last byte is read (Content-MD5, `x-amz-checksum-*` as a header or a
 * trailer, a hex `x-amz-content-sha256`). A mismatch fails the stream with S3's error, so the store
 * never commits the object. With no checksum sent, S3 computes CRC64NVME; so does this.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 */
export function verifiedBody(req: Readable, headers: Headers): Readable {
  const chunked = isAwsChunked(headers);
  const declaredTrailer = header(headers, 'x-amz-trailer')?.trim().toLowerCase();
  const contentMd5 = header(headers, 'content-md5');
  if (contentMd5 !== undefined && Buffer.from(contentMd5, 'base64').length !== 16) {
    throw s3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', {
      'Content-MD5': contentMd5,
    });
  }
  const sentAlgorithms = CHECKSUM_ALGORITHMS.filter(
    (a) => header(headers, `x-amz-checksum-${a}`) !== undefined,
  );
  const trailerAlgorithm = declaredTrailer?.replace(/^x-amz-checksum-/, '');
  const sdkAlgorithm = header(headers, 'x-amz-sdk-checksum-algorithm')?.toLowerCase();
  const candidates = [
    ...sentAlgorithms,
    ...(trailerAlgorithm && isAlgorithm(trailerAlgorithm) ? [trailerAlgorithm] : []),
    ...(sdkAlgorithm && isAlgorithm(sdkAlgorithm) ? [sdkAlgorithm] : []),
  ];
  if (new Set(candidates).size > 1) {
    throw s3Error(
      'InvalidRequest',
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
    );
  }
  const algorithm: ChecksumAlgorithm = candidates[0] ?? 'crc64nvme';
  const payloadSha = header(headers, 'x-amz-content-sha256');
  const verifyPayloadSha = payloadSha !== undefined && /^[0-9a-f]{64}$/i.test(payloadSha);

  const digests = new Map<ChecksumAlgorithm | 'md5', Digest>([[algorithm, digestFor(algorithm)]]);
  if (contentMd5 !== undefined) digests.set('md5', digestFor('md5'));
  if (verifyPayloadSha && !digests.has('sha256')) digests.set('sha256', digestFor('sha256'));

  const decoder = chunked
    ? new AwsChunkedDecoder(optionalNumber(header(headers, 'x-amz-decoded-content-length')))
    : undefined;
  const facts: BodyFacts = {};
  const verifier = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      for (const digest of digests.values()) digest.update(chunk);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      check()
        .then(() => callback())
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });

  async function check(): Promise<void> {
    const computed = new Map<string, string>();
    for (const [name, digest] of digests) computed.set(name, (await digest.digest()).toString('base64'));
    if (contentMd5 !== undefined && computed.get('md5') !== contentMd5) {
      throw s3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', {
        ExpectedDigest: contentMd5,
        CalculatedDigest: computed.get('md5'),
      });
    }
    if (verifyPayloadSha) {
      const hex = Buffer.from(computed.get('sha256') ?? '', 'base64').toString('hex');
      if (hex !== payloadSha?.toLowerCase()) {
        throw s3Error(
          'XAmzContentSHA256Mismatch',
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
          { ClientComputedContentSHA256: payloadSha, S3ComputedContentSHA256: hex },
        );
      }
    }
    const name = `x-amz-checksum-${algorithm}`;
    const sent =
      header(headers, name) ?? (declaredTrailer === name ? decoder?.trailers.get(name) : undefined);
    const value = computed.get(algorithm) ?? '';
    if (declaredTrailer === name && sent === undefined) {
      throw s3Error('InvalidRequest', `The upload declared the trailer ${name} but did not send it.`);
    }
    if (sent !== undefined && sent !== value) {
      throw s3Error(
        'BadDigest',
        `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
      );
    }
    facts.checksum = { algorithm, value };
  }

  const body = decoder ? chained(req, decoder, verifier) : chained(req, verifier);
  bodyFacts.set(body, facts);
  return body;
}

/**
 * `source` piped through `stages`; an error anywhere fails the last stage, which the store
 * reads. (stream.pipeline did the same, and on every request built an AbortController and the
 * DOMException it aborts with at the end: more than the small bodies themselves cost.)
 */
function chained(source: Readable, ...stages: Transform[]): Readable {
  const last = stages.reduce<Readable>((previous, stage) => previous.pipe(stage), source);
  for (const stream of [source, ...stages])
    if (stream !== last) stream.on('error', (error: Error) => last.destroy(error));
  return last;
}

function optionalNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** The headers S3 stores for an upload: `aws-chunked` is transport, not the object's encoding. */
export function storedHeaders(headers: Headers): void {
  const encoding = header(headers, 'content-encoding');
  if (encoding === undefined) return;
  const kept = encoding
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked');
  if (kept.length) headers['content-encoding'] = kept.join(',');
  else delete headers['content-encoding'];
}
