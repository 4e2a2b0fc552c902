import { S3Client } from '@aws-sdk/client-s3';
import { PIPELINE_CLIENT_OPTIONS } from '../../shared/adapters/client-options.ts';

/**
 * What a client of the local cloud needs to know, without loading the local cloud itself (the
 * CLI's commands that only talk to it start faster): its bucket names and an S3 client for it.
 */
export const LOCAL_INPUT_BUCKET = 'paragraf-input';
export const LOCAL_OUTPUT_BUCKET = 'paragraf-output';

/**
 * A default S3Client pointed at the local S3: path style, because `bucket.127.0.0.1` does not
 * resolve. Everything else (aws-chunked uploads, CRC32 checksums) stays at the SDK's defaults.
 */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    ...PIPELINE_CLIENT_OPTIONS,
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}
