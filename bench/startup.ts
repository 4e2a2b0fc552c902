/**
 * How long `paragraf --help` and `paragraf summarize` take from a cold process, with Node 24's own
 * type stripping (what bin/paragraf.mjs does) against the same launcher through tsx (what it did
 * before), alternating the two in every round so a slow minute on a shared machine weighs on both.
 * Median and range of wall time per command and variant.
 *
 *   npm run bench:startup -- [--rounds 9]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineInfo, median, writeResult } from './datasets.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '9' } } });
const rounds = Number(values.rounds);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../bin/paragraf.mjs', import.meta.url));
const commands: Record<string, string[]> = {
  '--help': ['--help'],
  summarize: ['summarize', 'examples/harbour-tram.txt'],
};
const variants: Record<string, string[]> = { 'type stripping': [], tsx: ['--import', 'tsx'] };

function wallMs(flags: string[], args: string[]): number {
  const started = performance.now();
  execFileSync(process.execPath, [...flags, bin, ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return performance.now() - started;
}

const times: Record<string, Record<string, number[]>> = {};
for (let round = 0; round < rounds; round++) {
  // Every round runs each command under each variant, the order swapped every other round.
  const order = round % 2 === 0 ? Object.keys(variants) : Object.keys(variants).reverse();
  for (const [command, args] of Object.entries(commands))
    for (const variant of order) {
      const forCommand = times[command] ?? {};
      forCommand[variant] = [...(forCommand[variant] ?? []), wallMs(variants[variant] ?? [], args)];
      times[command] = forCommand;
    }
}

const rows: Record<string, Record<string, string | number>> = {};
const result: Record<string, unknown> = {};
for (const [command, byVariant] of Object.entries(times)) {
  const strip = median(byVariant['type stripping'] ?? []);
  const tsx = median(byVariant.tsx ?? []);
  for (const [variant, ms] of Object.entries(byVariant))
    rows[`${command}, ${variant}`] = {
      'median ms': Math.round(median(ms)),
      'min ms': Math.round(Math.min(...ms)),
      'max ms': Math.round(Math.max(...ms)),
    };
  result[command] = { typeStrippingMs: strip, tsxMs: tsx, tsxOverStripping: tsx / strip, runs: byVariant };
}
console.log(`Node ${process.version}, ${rounds} alternating rounds`);
console.table(rows);
for (const [command, r] of Object.entries(result))
  console.log(
    `${command}: tsx takes ${((r as { tsxOverStripping: number }).tsxOverStripping).toFixed(2)}x type stripping's time`,
  );
writeResult('startup', {
  benchmark: 'startup',
  command: `npm run bench:startup -- --rounds ${rounds}`,
  machine: machineInfo(),
  node: process.version,
  result,
});
