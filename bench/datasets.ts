import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

export function writeResult(name: string, value: unknown): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(`${RESULTS_DIR}${name}.json`, `${JSON.stringify(value, null, 2)}\n`);
  console.log(`wrote bench/results/${name}.json`);
}
