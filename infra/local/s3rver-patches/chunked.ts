import { Transform, type TransformCallback } from 'node:stream';
import { s3Error } from './s3-error.ts';

const CRLF = Buffer.from('\r\n');
/** A chunk header is hex size plus an optional `;chunk-signature=` of 64 hex digits. */
const MAX_LINE = 4096;

/**
 * Decodes an `aws-chunked` body, the framing the AWS SDKs use for streaming uploads (signed
 * `STREAMING-AWS4-HMAC-SHA256-PAYLOAD…` and unsigned `STREAMING-UNSIGNED-PAYLOAD-TRAILER`):
 * `hex-size[;chunk-signature=…]\r\n data \r\n` … `0…\r\n`, then trailer lines (`x-amz-checksum-crc32:…`)
 * and a blank line. Emits the payload only; the trailers go to `trailers`.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 */
export class AwsChunkedDecoder extends Transform {
  readonly trailers = new Map<string, string>();
  private pending: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private state: 'header' | 'data' | 'data-end' | 'trailer' | 'done' = 'header';
  private decoded = 0;

  private readonly expectedLength: number | undefined;
  constructor(expectedLength: number | undefined) {
    super();
    this.expectedLength = expectedLength;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    try {
      this.drain();
      callback();
    } catch (error) {
      callback(error instanceof Error ? error : new Error(String(error)));
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.state !== 'done') {
      callback(incomplete('The aws-chunked body ended before its final chunk.'));
    } else if (this.expectedLength !== undefined && this.decoded !== this.expectedLength) {
      callback(
        incomplete(
          `x-amz-decoded-content-length is ${this.expectedLength} but the chunks hold ${this.decoded} bytes.`,
        ),
      );
    } else callback();
  }

  private line(): string | undefined {
    const end = this.pending.indexOf(CRLF);
    if (end < 0) {
      if (this.pending.length > MAX_LINE) throw incomplete('An aws-chunked header line is too long.');
      return undefined;
    }
    const text = this.pending.subarray(0, end).toString('latin1');
    this.pending = this.pending.subarray(end + 2);
    return text;
  }

  private drain(): void {
    for (;;) {
      if (this.state === 'header') {
        const header = this.line();
        if (header === undefined) return;
        const size = Number.parseInt(header.split(';')[0] ?? '', 16);
        if (!Number.isFinite(size) || size < 0) throw incomplete('An aws-chunked chunk header is malformed.');
        this.remaining = size;
        this.state = size === 0 ? 'trailer' : 'data';
      } else if (this.state === 'data') {
        if (this.pending.length === 0) return;
        const take = Math.min(this.remaining, this.pending.length);
        this.push(this.pending.subarray(0, take));
        this.decoded += take;
        this.pending = this.pending.subarray(take);
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'data-end';
        else return;
      } else if (this.state === 'data-end') {
        if (this.pending.length < 2) return;
        if (!this.pending.subarray(0, 2).equals(CRLF))
          throw incomplete('An aws-chunked chunk lacks its CRLF.');
        this.pending = this.pending.subarray(2);
        this.state = 'header';
      } else if (this.state === 'trailer') {
        const line = this.line();
        if (line === undefined) return;
        if (line === '') {
          this.state = 'done';
          continue;
        }
        const colon = line.indexOf(':');
        if (colon > 0)
          this.trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      } else {
        // Anything after the final blank line is ignored, as S3 does.
        this.pending = Buffer.alloc(0);
        return;
      }
    }
  }
}

function incomplete(message: string): Error {
  return s3Error('IncompleteBody', message);
}

/** Whether a request's body is aws-chunked framed. */
export function isAwsChunked(headers: Record<string, string | string[] | undefined>): boolean {
  const encoding = String(headers['content-encoding'] ?? '');
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}
