import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3, startLocalS3 } from '../../infra/local/s3-server.ts';
import { S3ObjectStore } from '../../shared/adapters/s3-store.ts';
import { addProgress, readStatus } from '../../shared/pipeline/ordering.ts';

/** S3's conditional writes on the local S3, which the claims and the progress counter rely on, and its direct reads. */
let s3: LocalS3;
let store: S3ObjectStore;
beforeAll(async () => {
  s3 = await startLocalS3({ buckets: ['b'] });
  store = new S3ObjectStore(s3.client());
});
afterAll(async () => {
  await s3?.stop();
});

describe('conditional writes on the local S3', () => {
  it('If-None-Match: * lets exactly one of many racing writers create a key', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.putIfAbsent('b', 'claim.json', `{"i":${i}}`, 'application/json'),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('If-Match writes only over the version that was read', async () => {
    await store.put('b', 'doc.json', '{"v":1}', 'application/json');
    const read = await store.getTextWithEtag('b', 'doc.json');
    expect(read?.text).toBe('{"v":1}');
    expect(await store.putIfMatch('b', 'doc.json', '{"v":2}', 'application/json', read?.etag ?? '')).toBe(
      true,
    );
    expect(await store.putIfMatch('b', 'doc.json', '{"v":3}', 'application/json', read?.etag ?? '')).toBe(
      false,
    );
    expect(await store.getText('b', 'doc.json')).toBe('{"v":2}');
  });

  it('progress from parallel batches adds up without lost updates', async () => {
    const status = {
      articleId: 'a',
      runId: 'r1',
      state: 'running',
      sourceKey: 'incoming/a.txt',
      updatedAt: 'now',
      paragraphs: 12,
      progress: { done: 0, total: 12 },
    };
    await store.put('b', 'a/status.json', JSON.stringify(status), 'application/json');
    await Promise.all(Array.from({ length: 4 }, () => addProgress(store, 'b', 'a/status.json', 'r1', 3)));
    expect((await readStatus(store, 'b', 'a/status.json'))?.progress).toEqual({ done: 12, total: 12 });
    // Another run's progress never touches this status.
    await addProgress(store, 'b', 'a/status.json', 'other-run', 5);
    expect((await readStatus(store, 'b', 'a/status.json'))?.progress?.done).toBe(12);
  });
});

describe('readText (local tooling copying finished outputs)', () => {
  it('reads what a PUT stored, under keys S3 keeps literally, and nothing for a missing key', async () => {
    const client = s3.client();
    const keys = ['plain.txt', 'a b/c+d%20é/ü.md', 'deep/er/../x.json', 'trailing/'];
    for (const [i, key] of keys.entries())
      await client.send(new PutObjectCommand({ Bucket: 'b', Key: key, Body: `body ${i} ✓` }));
    for (const [i, key] of keys.entries()) expect(await s3.readText('b', key)).toBe(`body ${i} ✓`);
    expect(await s3.readText('b', 'missing.txt')).toBeUndefined();
    expect(await s3.readText('b', 'plain.txt/under')).toBeUndefined();
    expect(await s3.readText('no-such-bucket', 'plain.txt')).toBeUndefined();
  });
});
