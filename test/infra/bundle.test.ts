import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_ESBUILD } from '../../infra/aws/constructs/pipeline-function.ts';

const dir = mkdtempSync(join(tmpdir(), 'paragraf-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Lambda bundles (the stack’s esbuild settings)', () => {
  it('carry the AWS SDK the tests ran with, conditional writes included, instead of the runtime’s', async () => {
    const outfile = join(dir, 'translate.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('../../lambdas/translate/index.ts', import.meta.url))],
      outfile,
      ...LAMBDA_ESBUILD,
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

  it('hold eld’s n-grams in flat strings, and detect as the package does', async () => {
    // The bundled detector answers like the sources' on the same texts (which load eld/extrasmall).
    const texts = [
      'The council approved the new tram line to the harbour on Wednesday evening.',
      'El ayuntamiento aprobó el martes el presupuesto tras un largo debate.',
      'Le conseil municipal a approuvé mardi le budget après un long débat.',
    ];
    const entry = join(dir, 'detect.ts');
    const adapter = fileURLToPath(new URL('../../shared/adapters/eld-detector.ts', import.meta.url));
    writeFileSync(
      entry,
      `import { EldDetector } from ${JSON.stringify(adapter)};\nconst d = new EldDetector();\nconsole.log(JSON.stringify(${JSON.stringify(texts)}.map((t) => d.detect(t))));\n`,
    );
    const outfile = join(dir, 'detect.mjs');
    await build({
      entryPoints: [entry],
      outfile,
      ...LAMBDA_ESBUILD,
    });
    const code = readFileSync(outfile, 'utf8');
    expect(code).toContain('new Proxy(');
    // Not eld's 49,553-entry object literal.
    expect(code).not.toMatch(/ngrams:\{"/);
    const bundled: unknown = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' }));
    const { EldDetector } = await import('../../shared/adapters/eld-detector.ts');
    const sources = new EldDetector();
    expect(bundled).toEqual(texts.map((t) => sources.detect(t)));
    expect(bundled).toEqual(['en', 'es', 'fr']);
  }, 60_000);

  it('carry the page reader (Readability on linkedom), which reads a full page as the sources do', async () => {
    const page = fileURLToPath(new URL('../fixtures/pages/port-strike/source.html', import.meta.url));
    const reader = fileURLToPath(new URL('../../shared/article/reader.ts', import.meta.url));
    const entry = join(dir, 'read-page.ts');
    writeFileSync(
      entry,
      `import { readFileSync } from 'node:fs';\nimport { readArticle } from ${JSON.stringify(reader)};\nconst a = await readArticle(readFileSync(${JSON.stringify(page)}), 'page.html');\nconsole.log(JSON.stringify(a));\n`,
    );
    const outfile = join(dir, 'read-page.mjs');
    await build({ entryPoints: [entry], outfile, ...LAMBDA_ESBUILD });
    // Nothing left to resolve at run time: the Lambda has no node_modules.
    expect(readFileSync(outfile, 'utf8')).not.toMatch(/from\s*["'](?:linkedom|@mozilla\/readability)["']/);
    const bundled: unknown = JSON.parse(
      execFileSync(process.execPath, [outfile], { cwd: dir, encoding: 'utf8' }),
    );
    const { readArticle } = await import('../../shared/article/reader.ts');
    const sources = await readArticle(readFileSync(page), 'page.html');
    expect(bundled).toEqual(sources);
    expect(sources.blocks).toHaveLength(9);
  }, 60_000);
});
