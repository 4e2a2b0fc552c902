import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

/** The shared datasets live beside the checkout; they are research data and never copied in. */
export const DATA_DIR = fileURLToPath(new URL('../../shared/data/', import.meta.url));

export interface SummaryExample {
  id: string;
  article: string;
  summary: string;
}

export function hasData(relative: string): boolean {
  return existsSync(`${DATA_DIR}${relative}`);
}

export function readJsonl(relative: string): SummaryExample[] {
  return readFileSync(`${DATA_DIR}${relative}`, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const value: unknown = JSON.parse(line);
      if (
        !value ||
        typeof value !== 'object' ||
        !('article' in value) ||
        !('summary' in value) ||
        !('id' in value)
      ) {
        throw new Error(`${relative}: a line lacks id, article or summary`);
      }
      return { id: String(value.id), article: String(value.article), summary: String(value.summary) };
    });
}

export function readLines(relative: string): string[] {
  return readFileSync(`${DATA_DIR}${relative}`, 'utf8').replace(/\n$/, '').split('\n');
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
}

/** bench/results/, created on first use (a fresh clone has no such folder). */
/** bench/results, or PARAGRAF_BENCH_RESULTS (the warnings test runs the benches into a folder of its own). */
export const RESULTS_DIR = process.env.PARAGRAF_BENCH_RESULTS
  ? `${process.env.PARAGRAF_BENCH_RESULTS.replace(/\/+$/, '')}/`
  : fileURLToPath(new URL('./results/', import.meta.url));

export function writeResult(name: string, value: unknown): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(`${RESULTS_DIR}${name}.json`, `${JSON.stringify(value, null, 2)}\n`);
  console.log(`wrote ${RESULTS_DIR}${name}.json`.replace(fileURLToPath(new URL('..', import.meta.url)), ''));
}

/** bench/peers: packages compared in the benchmarks, installed on demand, never shipped. */
export const PEERS_DIR = fileURLToPath(new URL('./peers/', import.meta.url));

/** Installs bench/peers when one of `packages` is missing; a require() rooted there. */
export function peers(packages: readonly string[]): NodeJS.Require {
  if (!packages.every((p) => existsSync(`${PEERS_DIR}node_modules/${p}`))) {
    console.log('Installing the benchmark peers into bench/peers (benchmark only)...');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent'], {
      cwd: PEERS_DIR,
      stdio: 'inherit',
    });
  }
  return createRequire(`${PEERS_DIR}package.json`);
}

/** The middle value (the upper middle for an even count). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

/**
 * What each probe costs a cold start: a fresh Node process (in bench/peers, so bare specifiers
 * resolve the peers' ESM builds and then the project's own packages) runs
 * the probe's code on `sample` (bound to S), median of 5 runs, in milliseconds. Prints a table.
 */
export function coldStartMs(
  title: string,
  sample: string,
  probes: Record<string, string>,
): Record<string, number> {
  const result: Record<string, number> = {};
  console.log(`\n${title} (fresh process: import + first use, median of 5):`);
  for (const [name, body] of Object.entries(probes)) {
    const script = `const S = ${JSON.stringify(sample)}; const t = performance.now(); ${body} console.log(performance.now() - t);`;
    const runs = Array.from({ length: 5 }, () =>
      Number(
        execFileSync(process.execPath, ['--input-type=module', '-e', script], {
          cwd: PEERS_DIR,
          encoding: 'utf8',
        }).trim(),
      ),
    );
    result[name] = median(runs);
    console.log(`  ${name.padEnd(36)} ${result[name].toFixed(0)} ms`);
  }
  return result;
}
