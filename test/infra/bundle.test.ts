import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLING } from '../../infra/constructs/pipeline-function.ts';

const dir = mkdtempSync(join(tmpdir(), 'paragraf-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Lambda bundles (the stack’s esbuild settings)', () => {
  it('carry the AWS SDK the tests ran with, conditional writes included, instead of the runtime’s', async () => {
    const outfile = join(dir, 'translate.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('../../lambdas/translate/index.ts', import.meta.url))],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: LAMBDA_BUNDLING.target,
      minify: LAMBDA_BUNDLING.minify,
      mainFields: LAMBDA_BUNDLING.mainFields,
      external: LAMBDA_BUNDLING.externalModules,
      banner: { js: LAMBDA_BUNDLING.banner },
      logLevel: 'error',
    });
    const code = readFileSync(outfile, 'utf8');
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    // The requires left are the SDK's optional signers (CRT, SigV4a), loaded only when installed.
    expect(code).not.toMatch(/require\(["']@aws-sdk\/(?!signature-v4-crt|signature-v4a)/);
    // PutObject's If-None-Match / If-Match, which the claims and the progress counter rely on.
    expect(code).toContain('If-None-Match');
    const installed: { version: string } = JSON.parse(
      readFileSync(new URL('../../node_modules/@aws-sdk/client-s3/package.json', import.meta.url), 'utf8'),
    );
    expect(installed.version).toMatch(/^3\./);
  }, 60_000);
});
