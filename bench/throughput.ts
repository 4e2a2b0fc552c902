/**
 * Throughput: N articles through `paragraf run` (a fresh process, the whole local cloud) against
 * raw `apertium -u eng-spa` over the same text in one process (median of three), timed in the
 * same run. The machine is shared and its speed drifts: raw and pipeline alternate, `--rounds`
 * times each, and the ratio reported is the median of the rounds' ratios, with their spread.
 * Then one article of 100 KB, 1 MB and 5 MB each, for scaling and peak memory (`--sizes ''` skips).
 * `paragraf run --fresh`: every round starts with an empty translation cache.
 *
 *   npm run bench:throughput -- [--articles 300] [--rounds 3] [--sizes 100000,1000000,5000000]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hasData, machineInfo, median, readJsonl, writeResult } from './datasets.ts';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '300' },
    sizes: { type: 'string', default: '100000,1000000,5000000' },
    rounds: { type: 'string', default: '3' },
  },
});
const bin = new URL('../bin/paragraf.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'paragraf-throughput-'));

function seconds(fn: () => void): number {
  const started = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Runs `paragraf run` in a fresh process; peak RSS is VmHWM from /proc, read until it exits. */
async function paragrafRun(files: string[]): Promise<{ seconds: number; peakRssMiB: number }> {
  const out = join(dir, `out-${Date.now()}`);
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [bin, 'run', ...files, '--source', 'en', '--out', out, '--fresh'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  let peakKiB = 0;
  const poll = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      if (hwm) peakKiB = Math.max(peakKiB, Number(hwm));
    } catch {
      // gone already
    }
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(poll);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`paragraf run failed: ${stderr.slice(-1000)}`);
  return { seconds: elapsed, peakRssMiB: Math.round(peakKiB / 1024) };
}

/** One run of the bare engine over the texts (one run varied from 6.4 to 8.5 s on the same text). */
function rawApertium(texts: string[], runs = 1): number {
  const file = join(dir, `raw-${Date.now()}.txt`);
  writeFileSync(file, texts.join('\n\n'));
  return median(
    Array.from({ length: runs }, () =>
      seconds(() => execFileSync('apertium', ['-u', 'eng-spa', file], { maxBuffer: 512 * 1024 * 1024 })),
    ),
  );
}

try {
  let texts: string[];
  if (hasData('summarization/bbc-300.jsonl')) {
    texts = readJsonl('summarization/bbc-300.jsonl')
      .slice(0, Number(values.articles))
      .map((e) => e.article);
  } else {
    console.log('../shared/data is absent: the batch part uses copies of examples/harbour-tram.txt');
    const base = readFileSync(new URL('../examples/harbour-tram.txt', import.meta.url), 'utf8');
    texts = Array.from({ length: Math.min(50, Number(values.articles)) }, (_, i) =>
      base.replace(/\d+/g, (n) => String(Number(n) + i)),
    );
  }
  mkdirSync(join(dir, 'articles'));
  const files = texts.map((text, i) => {
    const file = join(dir, 'articles', `a-${String(i).padStart(4, '0')}.txt`);
    writeFileSync(file, text);
    return file;
  });
  const rounds = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    const raw = rawApertium(texts);
    const pipeline = await paragrafRun(files);
    rounds.push({
      rawSeconds: raw,
      pipelineSeconds: pipeline.seconds,
      ratio: pipeline.seconds / raw,
      peakRssMiB: pipeline.peakRssMiB,
    });
    console.log(
      `round ${round + 1}: raw apertium ${raw.toFixed(2)} s, paragraf run ${pipeline.seconds.toFixed(2)} s, ratio ${(pipeline.seconds / raw).toFixed(2)}x`,
    );
  }
  const words = texts.reduce((n, t) => n + t.split(/\s+/).length, 0);
  const ratios = rounds.map((r) => r.ratio);
  const batch = {
    articles: texts.length,
    words,
    rounds,
    rawSeconds: median(rounds.map((r) => r.rawSeconds)),
    pipelineSeconds: median(rounds.map((r) => r.pipelineSeconds)),
    ratio: median(ratios),
    ratioSpread: [Math.min(...ratios), Math.max(...ratios)],
    peakRssMiB: Math.max(...rounds.map((r) => r.peakRssMiB)),
  };
  console.log(
    `\n${texts.length} articles, ${words} words: raw apertium ${batch.rawSeconds.toFixed(2)} s, paragraf run ${batch.pipelineSeconds.toFixed(2)} s (medians), ratio ${batch.ratio.toFixed(2)}x, spread ${batch.ratioSpread.map((r) => r.toFixed(2)).join('-')}x over ${rounds.length} alternating rounds (target <= 3.0x; 1.0x is the engine's own speed)`,
  );

  const base = texts.join('\n\n');
  const scaling = [];
  for (const size of values.sizes.split(',').filter(Boolean).map(Number)) {
    const copies: string[] = [];
    for (let copy = 0, bytes = 0; bytes < size; copy++) {
      const next = `${base.replace(/\d+/g, (n) => String(Number(n) + copy))}\n\n`;
      copies.push(next);
      bytes += Buffer.byteLength(next);
    }
    const text = copies
      .join('')
      .slice(0, size)
      .replace(/\s+\S*$/, '');
    const file = join(dir, `big-${size}.txt`);
    writeFileSync(file, text);
    const rawSeconds = rawApertium([text], 3);
    const run = await paragrafRun([file]);
    scaling.push({
      bytes: Buffer.byteLength(text),
      rawSeconds,
      pipelineSeconds: run.seconds,
      secondsPerMB: run.seconds / (Buffer.byteLength(text) / 1e6),
      peakRssMiB: run.peakRssMiB,
    });
    console.log(
      `${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB: raw ${rawSeconds.toFixed(2)} s, paragraf ${run.seconds.toFixed(2)} s, ratio ${(run.seconds / rawSeconds).toFixed(2)}x (target <= 2.0x at 1 MB), peak RSS ${run.peakRssMiB} MiB`,
    );
  }
  writeResult('throughput', {
    benchmark: 'throughput',
    command: `npm run bench:throughput -- --articles ${values.articles} --sizes ${values.sizes}`,
    machine: machineInfo(),
    batch,
    scaling,
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
