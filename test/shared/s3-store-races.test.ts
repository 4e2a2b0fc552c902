import { HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../shared/adapters/s3-store.ts';

/**
 * What the local S3 cannot produce: S3's 409 ConditionalRequestConflict, answered when another
 * conditional write to the same key is in flight, and HEAD's 403 without ListBucket.
 */
const s3 = mockClient(S3Client);
const store = new S3ObjectStore(new S3Client({ region: 'us-east-1' }));
afterEach(() => s3.reset());

const serviceError = (name: string, status: number) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });

describe('S3ObjectStore against S3 behaviour the local server lacks', () => {
  it('reads a 409 ConditionalRequestConflict on a conditional write as a lost race, not a failure', async () => {
    s3.on(PutObjectCommand).rejects(serviceError('ConditionalRequestConflict', 409));
    await expect(store.putIfAbsent('b', 'claim.json', '{}', 'application/json')).resolves.toBe(false);
    await expect(store.putIfMatch('b', 'status.json', '{}', 'application/json', '"e1"')).resolves.toBe(false);
  });

  it('still throws what is not a race', async () => {
    s3.on(PutObjectCommand).rejects(serviceError('AccessDenied', 403));
    await expect(store.putIfAbsent('b', 'claim.json', '{}', 'application/json')).rejects.toThrow(
      'AccessDenied',
    );
  });

  it('exists: true, false on 404, and an access error is not taken for absence', async () => {
    s3.on(HeadObjectCommand, { Key: 'here' }).resolves({});
    s3.on(HeadObjectCommand, { Key: 'gone' }).rejects(serviceError('NotFound', 404));
    s3.on(HeadObjectCommand, { Key: 'secret' }).rejects(serviceError('Forbidden', 403));
    await expect(store.exists('b', 'here')).resolves.toBe(true);
    await expect(store.exists('b', 'gone')).resolves.toBe(false);
    await expect(store.exists('b', 'secret')).rejects.toThrow('Forbidden');
  });
});
