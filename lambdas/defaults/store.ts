import { S3Client } from '@aws-sdk/client-s3';
import { PIPELINE_CLIENT_OPTIONS } from '../../shared/adapters/client-options.ts';
import { S3ObjectStore } from '../../shared/adapters/s3-store.ts';
import { powertools } from './powertools.ts';

/** One client per container, reused by every invocation. */
export const s3Store = () =>
  new S3ObjectStore(powertools.tracer.captureAWSv3Client(new S3Client({ ...PIPELINE_CLIENT_OPTIONS })));
