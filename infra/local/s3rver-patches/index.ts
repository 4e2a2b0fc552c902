import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type S3rver from 's3rver';
import { s3Conformance } from './middleware.ts';
import { LiteralKeyStore, migrateLegacyLayout } from './store.ts';

/**
 * Everything that makes s3rver 3.7 answer as S3 does for the clients people use (the AWS CLI,
 * boto3, the JS SDK v3 at its defaults). Each patch is pinned by test/conformance:
 * - keys stored literally (`a//b`, `/../`, long segments) and never outside the data folder;
 * - ListObjects v1/v2 in UTF-8 byte order, CommonPrefixes at any depth, tokens without DES;
 * - aws-chunked bodies (signed, unsigned, trailers) decoded; Content-MD5 and x-amz-checksum-*
 *   verified (BadDigest) and returned with ChecksumMode;
 * - multipart complete: ListParts, AbortMultipartUpload, ListMultipartUploads, `-N` ETags,
 *   EntityTooSmall, InvalidPart, InvalidPartOrder, NoSuchUpload;
 * - conditional GET/HEAD (If-Match, If-None-Match, If-(Un)Modified-Since) and PUT
 *   (If-None-Match: *, If-Match), atomic object writes;
 * - any access key accepted, as the other local endpoints do (nothing checks signatures).
 */
export function patchS3rver(server: S3rver, directory: string): { completing: Set<string> } {
  if (existsSync(directory)) {
    const buckets = readdirSync(directory, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    migrateLegacyLayout(directory, buckets);
  }
  const store = new LiteralKeyStore(server.store, directory);
  store.install();
  acceptAnyAccessKey();
  const hooks = { completing: new Set<string>() };
  // koa-logger formats two coloured lines and counts the body's bytes through an extra stream for
  // every request, even when s3rver is silent and nothing is printed: silent means not there.
  if (server.silent)
    server.middleware.splice(
      0,
      server.middleware.length,
      ...server.middleware.filter((m) => m.name !== 'logger'),
    );
  // Just before the router: after s3rver's XML rendering and error handling, before its routes.
  server.middleware.splice(server.middleware.length - 1, 0, s3Conformance(store, hooks));
  return hooks;
}

/** s3rver knows one access key (S3RVER); every other one now maps to its account too. */
function acceptAnyAccessKey(): void {
  const require = createRequire(import.meta.url);
  const AWSAccount: {
    registry: Map<string, unknown>;
    DUMMY_ACCOUNT: unknown;
  } = require('s3rver/lib/models/account');
  const { registry, DUMMY_ACCOUNT } = AWSAccount;
  const known = registry.get.bind(registry);
  registry.get = (accessKeyId: string) => known(accessKeyId) ?? DUMMY_ACCOUNT;
}
