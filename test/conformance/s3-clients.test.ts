import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRecord, aws, boto3, type Served, startServe } from '../helpers/serve.ts';

/**
 * The AWS CLI v2 and boto3 from Debian against `paragraf serve`: each test names the S3
 * behaviour it pins and the page that documents it. Buckets are the served ones; every test uses
 * a prefix or keys of its own, outside `incoming/`, so no article starts.
 */
let served: Served;
beforeAll(async () => {
  served = await startServe();
}, 60_000);
afterAll(async () => {
  await served?.stop();
});

const OUTPUT = 'paragraf-output';
const INPUT = 'paragraf-input';

describe('S3 listing, as the AWS CLI and boto3 page through it', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html (1,000 keys a page, ContinuationToken)
  it('aws s3 sync up and down, and aws s3 ls --recursive, over 1,100 keys', async () => {
    const local = join(served.root, 'many');
    mkdirSync(join(local, 'deep', 'er'), { recursive: true });
    // A minute old: sync compares mtimes with S3's LastModified, which has whole seconds.
    const minuteAgo = new Date(Date.now() - 60_000);
    for (let i = 0; i < 1100; i++) {
      const file = join(local, i % 3 === 0 ? 'deep/er' : '.', `file-${String(i).padStart(4, '0')}.txt`);
      writeFileSync(file, `body ${i}\n`);
      utimesSync(file, minuteAgo, minuteAgo);
    }
    const up = await aws(served, 's3', 'sync', local, `s3://${OUTPUT}/many/`, '--only-show-errors');
    expect(up.err).toBe('');
    expect(up.code).toBe(0);
    const ls = await aws(served, 's3', 'ls', '--recursive', `s3://${OUTPUT}/many/`);
    expect(ls.code).toBe(0);
    expect(ls.out.trim().split('\n')).toHaveLength(1100);
    // A second sync finds nothing to do: listing and sizes agree with the files.
    const again = await aws(served, 's3', 'sync', local, `s3://${OUTPUT}/many/`, '--dryrun');
    expect(again.out).toBe('');
    const down = join(served.root, 'many-down');
    const get = await aws(served, 's3', 'sync', `s3://${OUTPUT}/many/`, down, '--only-show-errors');
    expect(get.code).toBe(0);
    expect(readdirSync(down).filter((f) => f.endsWith('.txt'))).toHaveLength(733);
    expect(readdirSync(join(down, 'deep', 'er'))).toHaveLength(367);
    expect(readFileSync(join(down, 'deep', 'er', 'file-0999.txt'), 'utf8')).toBe('body 999\n');
  }, 240_000);

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/ListingKeysUsingAPIs.html (UTF-8 binary order)
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-prefixes.html (CommonPrefixes)
  it('ListObjectsV2 with MaxKeys=2 returns every key once, in byte order; v1 too; prefixes at any depth', async () => {
    await aws(served, 's3api', 'create-bucket', '--bucket', 'listing');
    const result = asRecord(await boto3(served, 's3_listing.py', 'listing'));
    const keys = [...(result.keys as string[])].sort((a, b) =>
      Buffer.compare(Buffer.from(a), Buffer.from(b)),
    );
    const pages = result.pages as string[][];
    expect(pages.flat()).toEqual(keys);
    expect(pages.every((p) => p.length <= 2)).toBe(true);
    expect(keys.indexOf('story-2/b.txt')).toBeLessThan(keys.indexOf('story.txt'));
    expect(keys.indexOf('story.txt')).toBeLessThan(keys.indexOf('story/a.txt'));
    expect(result.v1).toEqual(keys);
    expect(result.nested).toEqual({ keys: ['world/top.txt'], prefixes: ['world/2026/'] });
    expect(result.deeper).toEqual(['world/2026/11/28/']);
    // Pages of one entry with a delimiter: each common prefix once, nothing skipped.
    expect((result.delimitedPages as string[][]).flat()).toEqual([
      'Zebra',
      'a+b c&d=e.txt',
      'story-2/',
      'story.txt',
      'story/',
      'world/',
      'éclair',
    ]);
  }, 60_000);

  it('aws s3 ls shows the folders of a nested output key', async () => {
    const file = join(served.root, 'es.md');
    writeFileSync(file, '# Historia\n');
    await aws(served, 's3', 'cp', file, `s3://${OUTPUT}/world/europe/story/es.md`);
    const ls = await aws(served, 's3', 'ls', `s3://${OUTPUT}/world/`);
    expect(ls.out).toMatch(/PRE europe\//);
  }, 60_000);
});

describe('multipart uploads', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html (EntityTooSmall, InvalidPart, InvalidPartOrder)
  it('ListParts, ListMultipartUploads, AbortMultipartUpload, -N ETags and the 5 MiB part minimum', async () => {
    const r = asRecord(await boto3(served, 's3_multipart.py', OUTPUT));
    expect(r.parts).toEqual([
      { number: 1, size: 5 * 1024 * 1024, etag: (r.partEtags as string[])[0] },
      { number: 2, size: 4, etag: (r.partEtags as string[])[1] },
    ]);
    expect(r.uploadsListed).toContain(r.upload);
    expect(asRecord(r.wrongOrder)).toMatchObject({ code: 'InvalidPartOrder', status: 400 });
    expect(asRecord(r.wrongEtag)).toMatchObject({ code: 'InvalidPart', status: 400 });
    expect(r.etag).toBe(r.expectedEtag);
    expect(r.etag).toMatch(/-2"$/);
    expect(r.bodyOk).toBe(true);
    expect(asRecord(r.tooSmall)).toMatchObject({ code: 'EntityTooSmall', status: 400 });
    expect(asRecord(r.afterAbort)).toMatchObject({ code: 'NoSuchUpload', status: 404 });
    expect(r.uploadsLeft).toBe(0);
  }, 60_000);

  it('aws s3 cp of a 9 MB file goes multipart and comes back identical', async () => {
    const file = join(served.root, 'nine.bin');
    writeFileSync(file, Buffer.alloc(9 * 1024 * 1024, 7));
    expect((await aws(served, 's3', 'cp', file, `s3://${OUTPUT}/nine.bin`, '--only-show-errors')).code).toBe(
      0,
    );
    const head = await aws(served, 's3api', 'head-object', '--bucket', OUTPUT, '--key', 'nine.bin');
    expect(JSON.parse(head.out)).toMatchObject({
      ContentLength: 9 * 1024 * 1024,
      ETag: expect.stringMatching(/-2"$/),
    });
    const back = join(served.root, 'nine-back.bin');
    await aws(served, 's3', 'cp', `s3://${OUTPUT}/nine.bin`, back, '--only-show-errors');
    expect(readFileSync(back).equals(readFileSync(file))).toBe(true);
  }, 60_000);
});

describe('integrity, keys and conditions', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
  it('a wrong Content-MD5 or x-amz-checksum is refused with BadDigest and stores nothing; checksums come back with ChecksumMode', async () => {
    await aws(served, 's3api', 'create-bucket', '--bucket', 'integrity');
    const r = asRecord(await boto3(served, 's3_integrity.py', 'integrity'));
    expect(asRecord(r.badMd5)).toMatchObject({ code: 'BadDigest', status: 400 });
    expect(asRecord(r.badCrc)).toMatchObject({ code: 'BadDigest', status: 400 });
    expect(r.storedAfterBad).toEqual([]);
    expect(r.crc32).toBe(r.expectedCrc32);
    expect(r.sha256).toBe(r.expectedSha256);
    expect(r.shaBody).toBe(true);
    expect(r.withoutMode).toBeNull();
  }, 60_000);

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html ("..", "//" are ordinary key characters)
  it('keys with //, /../, ./ and a trailing / are stored literally and never leave the data folder', async () => {
    await aws(served, 's3api', 'create-bucket', '--bucket', 'keys');
    const marker = `escaped-${Date.now()}`;
    const r = asRecord(await boto3(served, 's3_keys.py', 'keys', marker));
    const keys = r.keys as string[];
    for (const key of keys) expect(asRecord(r.got)[key]).toBe(`body of ${key}`);
    expect([...(r.listed as string[])].sort()).toEqual([...keys].sort());
    expect(r.afterDelete).not.toContain('a//b.txt');
    // Nothing was written outside --data, however many ../ the key holds.
    const outside = (dir: string): boolean =>
      readdirSync(dir, { withFileTypes: true }).some((e) =>
        e.name.includes(marker) ? true : e.isDirectory() && dir !== served.data && outside(join(dir, e.name)),
      );
    expect(outside(served.root)).toBe(false);
    expect(existsSync(join(served.data, '..', marker))).toBe(false);
  }, 60_000);

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (If-Match, If-None-Match, …)
  it('conditional GET and HEAD: If-Match 412, If-None-Match 304, dates, and S3 precedence', async () => {
    const r = asRecord(await boto3(served, 's3_conditional.py', OUTPUT));
    expect(asRecord(r.wrongIfMatch)).toMatchObject({ code: 'PreconditionFailed', status: 412 });
    expect(r.rightIfMatch).toBe('v1');
    expect(asRecord(r.ifNoneMatch)).toMatchObject({ status: 304 });
    expect(asRecord(r.ifModifiedSinceFuture)).toMatchObject({ status: 304 });
    expect(asRecord(r.ifUnmodifiedSincePast)).toMatchObject({ code: 'PreconditionFailed', status: 412 });
    expect(asRecord(r.headWrongIfMatch)).toMatchObject({ status: 412 });
    expect(r.matchBeatsUnmodified).toBe('v1');
  }, 60_000);
});

describe('the pipeline through a real client', () => {
  it('an article uploaded with aws s3 cp comes out translated', async () => {
    const file = join(served.root, 'tram.txt');
    writeFileSync(
      file,
      'Tram line approved\n\nThe council approved the new tram line on Wednesday.\n\nWork starts in March.\n',
    );
    const cp = await aws(
      served,
      's3',
      'cp',
      file,
      `s3://${INPUT}/incoming/tram.txt`,
      '--metadata',
      'target-languages=es',
    );
    expect(cp.code).toBe(0);
    await expect
      .poll(() => served.output(), { timeout: 30_000, interval: 200 })
      .toContain('succeeded incoming/tram.txt');
    const md = await aws(served, 's3', 'cp', `s3://${OUTPUT}/tram/es.md`, '-');
    expect(md.out).toMatch(/tranvía/);
  }, 60_000);
});

describe('target languages as every client writes them', () => {
  it('the AWS CLI: es+fr in the shorthand (where es,fr is a syntax error of the CLI), and JSON', async () => {
    const file = join(served.root, 'langs.txt');
    writeFileSync(file, 'Tram line approved\n\nThe council approved the new tram line on Wednesday.\n');
    // What a newsroom tries first fails in the CLI itself, before any request: the documented forms work.
    const comma = await aws(
      served,
      's3',
      'cp',
      file,
      `s3://${INPUT}/incoming/langs-comma.txt`,
      '--metadata',
      'target-languages=es,fr',
    );
    expect(comma.code).not.toBe(0);
    const plus = await aws(
      served,
      's3',
      'cp',
      file,
      `s3://${INPUT}/incoming/langs-plus.txt`,
      '--metadata',
      'target-languages=es+fr',
    );
    expect(plus.code).toBe(0);
    const json = await aws(
      served,
      's3',
      'cp',
      file,
      `s3://${INPUT}/incoming/langs-json.txt`,
      '--metadata',
      '{"target-languages":"es,fr"}',
    );
    // The README's form with a terminology: two keys in the shorthand, verbatim.
    const terms = await aws(
      served,
      's3',
      'cp',
      file,
      `s3://${INPUT}/incoming/langs-terms.txt`,
      '--metadata',
      'target-languages=es+fr,terminology=news-names',
    );
    expect(terms.code).toBe(0);
    expect(json.code).toBe(0);
    for (const id of ['langs-plus', 'langs-json', 'langs-terms']) {
      await expect
        .poll(() => served.output(), { timeout: 30_000, interval: 200 })
        .toContain(`succeeded incoming/${id}.txt`);
      const status = JSON.parse((await aws(served, 's3', 'cp', `s3://${OUTPUT}/${id}/status.json`, '-')).out);
      // Both codes were read: es directly, fr through Spanish.
      expect(status.state).toBe('succeeded');
      expect(status.outputs).toEqual(expect.arrayContaining([`${id}/es.md`, `${id}/fr.md`]));
      expect(status.failedLanguages).toBeUndefined();
    }
  }, 90_000);
});
