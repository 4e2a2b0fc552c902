/**
 * Bundle size of each Lambda (esbuild with the stack's settings, LAMBDA_BUNDLING: minified ESM for
 * Node 24, the AWS SDK bundled) and its cold init in a fresh Node process, against a fresh process
 * that only imports @aws-sdk/client-s3. Median of 7 rounds, each round timing every bundle and the
 * baseline in turn.
 *
 *   npm run bench:cold
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { LAMBDA_ESBUILD } from '../infra/aws/constructs/pipeline-function.ts';
import { STEP_NAMES } from '../shared/workflow.ts';
import { machineInfo, median, writeResult } from './datasets.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside the checkout (whatever PARAGRAF_BENCH_RESULTS says), so the bundles resolve @aws-sdk/*
// from node_modules as the runtime would.
const buildDir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(buildDir, { recursive: true });
const dir = mkdtempSync(join(buildDir, 'cold-'));
const RUNS = 7;
const env = {
  ...process.env,
  OUTPUT_BUCKET: 'bench-output',
  INPUT_PREFIX: 'incoming/',
  WORK_PREFIX: '_work/',
  CACHE_PREFIX: '_cache/',
  MEMORY_PREFIX: '_memory/',
  CORRECTIONS_PREFIX: 'corrections/',
  DEFAULT_TARGET_LANGUAGES: 'es',
  EVENT_BUS_NAME: 'default',
  AWS_REGION: 'us-east-1',
};

function initMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' }).trim(),
  );
}

try {
  const baselineFile = join(dir, 'baseline.mjs');
  writeFileSync(
    baselineFile,
    "import { S3Client } from '@aws-sdk/client-s3';\nexport const client = new S3Client({});\n",
  );
  const files: Record<string, string> = { baseline: baselineFile };
  for (const step of STEP_NAMES) {
    files[step] = join(dir, `${step}.mjs`);
    await build({
      entryPoints: [join(root, 'lambdas', step, 'index.ts')],
      outfile: files[step],
      ...LAMBDA_ESBUILD,
    });
  }
  // Round by round, every bundle and the baseline in turn: a slow minute on this shared machine
  // then weighs on all of them alike instead of on whichever was being measured.
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(files).map((k) => [k, []]));
  for (let round = 0; round < RUNS; round++)
    for (const [name, file] of Object.entries(files)) times[name]?.push(initMs(file));
  const baseline = median(times.baseline ?? []);
  const rows: Record<string, { bundleKiB: number; initMs: number; ratio: number }> = {};
  for (const step of STEP_NAMES) {
    const ms = median(times[step] ?? []);
    rows[step] = {
      bundleKiB: Math.round(statSync(files[step] ?? '').size / 1024),
      initMs: Math.round(ms),
      ratio: Math.round((ms / baseline) * 100) / 100,
    };
  }
  console.log(
    `baseline: a fresh process importing @aws-sdk/client-s3 and creating a client: ${baseline.toFixed(0)} ms (median of ${RUNS})`,
  );
  console.table(rows);
  writeResult('cold', {
    benchmark: 'cold',
    command: 'npm run bench:cold',
    machine: machineInfo(),
    runs: RUNS,
    baselineMs: baseline,
    rows,
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
