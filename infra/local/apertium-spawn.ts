import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { MODES_DIR } from './apertium-pairs.ts';

/**
 * Apertium's processes: a mode's pipeline, spawned, and started early. This module imports
 * nothing heavy, so bin/paragraf.mjs can start the default pair before the CLI loads.
 */
export const APERTIUM_INSTALL_HINT =
  'Apertium is not installed. On Debian or Ubuntu run: sudo apt-get install -y apertium apertium-eng-spa';

export class ApertiumMissingError extends Error {
  constructor(detail: string) {
    super(`${APERTIUM_INSTALL_HINT} (${detail})`);
    this.name = 'ApertiumMissingError';
  }
}

/** The pair every local run has (assertApertiumInstalled checks it), started before its first request. */
export const DEFAULT_MODE = 'eng-spa';

/**
 * Pipelines kept alive per language pair, unless a caller asks for another number: one per two
 * cores. A pipeline's stages run side by side and keep about two cores busy on their own (raw
 * `apertium` on the 300 BBC articles: 10.7 s of CPU in 5.4 s); on two cores a second one only
 * competed with the first and with Node (`paragraf run` on the 300: 14.8 s against 16.9 s,
 * medians of 7 alternating runs; 12.4 against 13.3 s for one 1 MB article).
 */
export const PROCESSES_PER_PAIR = Math.max(1, Math.floor(availableParallelism() / 2));

/** PARAGRAF_LOCAL_NAMES=off: Apertium as Debian ships it, for comparisons (bench:throughput). */
export function keepNamesFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.PARAGRAF_LOCAL_NAMES !== 'off';
}

/**
 * The first stage of a mode (the morphological analyser) run apart: as the mode runs it, and in
 * the dictionary's case (-w) for capitalised words, so that names can be told from words between
 * the two (apertium-names.ts). `rest` is the rest of the pipeline.
 */
export interface SplitPipeline {
  normal: string;
  dictionary: string;
  rest: string;
  /** The pipeline's tagger in debug mode, its warnings with its output (apertium-classes.ts). */
  tagger?: string;
}

/** The tagger stage of `stages`, as a probe: `-d` reports each word of a class it does not know. */
function taggerProbe(stages: readonly string[]): string | undefined {
  const tagger = stages.find((stage) => stage.startsWith('apertium-tagger '));
  return tagger && `${tagger.replace(/^apertium-tagger /, 'apertium-tagger -d ')} 2>&1`;
}

/** Splits a mode's pipeline after its analyser; undefined when it does not start with one. */
export function splitAfterAnalyser(pipeline: string): SplitPipeline | undefined {
  const [first = '', ...others] = pipeline.split(' | ');
  if (!/^lt-proc( -[a-zA-Z]+)* '?[^ ']+automorf\.bin'?$/.test(first) || others.length === 0) return undefined;
  const tagger = taggerProbe(others);
  return {
    normal: first,
    dictionary: / -w /.test(first) ? first : first.replace(/^lt-proc /, 'lt-proc -w '),
    rest: others.join(' | '),
    ...(tagger ? { tagger } : {}),
  };
}

const pipelines = new Map<string, string | SplitPipeline>();

/** A mode's stages in null-flush mode; split after the analyser when names are kept (every Debian pair starts with one). */
export function modePipeline(mode: string, keepNames: boolean): string | SplitPipeline {
  const key = `${mode} ${keepNames}`;
  let pipeline = pipelines.get(key);
  if (!pipeline) {
    const modeFile = `${MODES_DIR}/${mode}.mode`;
    if (!existsSync(modeFile)) throw new ApertiumMissingError(`no ${modeFile}`);
    const whole = execFileSync('apertium-wblank-mode', ['-z', modeFile], { encoding: 'utf8' }).trim();
    pipeline = (keepNames && splitAfterAnalyser(whole)) || whole;
    pipelines.set(key, pipeline);
  }
  return pipeline;
}

/** One pipeline's processes: `rest`, and when names are kept, the analyser and the dictionary-case analyser. */
export interface PipelineProcesses {
  rest: ChildProcessWithoutNullStreams;
  analysers?: {
    normal: ChildProcessWithoutNullStreams;
    dictionary: ChildProcessWithoutNullStreams;
    tagger?: ChildProcessWithoutNullStreams;
  };
  /** Set when one of them exited or refused input before its owner listened. */
  ended?: Error;
}

/** Every process of a pipeline. */
export const pipelineChildren = (p: PipelineProcesses): ChildProcessWithoutNullStreams[] =>
  p.analysers
    ? [
        p.analysers.normal,
        p.analysers.dictionary,
        ...(p.analysers.tagger ? [p.analysers.tagger] : []),
        p.rest,
      ]
    : [p.rest];

export function spawnPipeline(pipeline: string | SplitPipeline): PipelineProcesses {
  const state: { ended?: Error } = {};
  const start = (command: string) => {
    const child = spawn('bash', ['-c', command, 'apertium', '-n', ''], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stderr.on('data', () => {});
    // Until the owner listens: an error with no listener would throw in this thread.
    child.stdin.on('error', (error) => {
      state.ended ??= error;
    });
    child.on('exit', (code, signal) => {
      state.ended ??= new Error(`apertium exited (code ${code}, signal ${signal})`);
    });
    return child;
  };
  const rest = start(typeof pipeline === 'string' ? pipeline : pipeline.rest);
  if (typeof pipeline === 'string') return Object.assign(state, { rest });
  return Object.assign(state, {
    rest,
    analysers: {
      normal: start(pipeline.normal),
      dictionary: start(pipeline.dictionary),
      ...(pipeline.tagger ? { tagger: start(pipeline.tagger) } : {}),
    },
  });
}

const early = new Map<string, PipelineProcesses[]>();

/** Whether a child and its pipes (sockets, though typed as streams) keep this process alive. */
function referenced(child: ChildProcessWithoutNullStreams, on: boolean): void {
  if (on) child.ref();
  else child.unref();
  for (const pipe of [child.stdin, child.stdout, child.stderr]) {
    if (!(pipe instanceof Socket)) continue;
    if (on) pipe.ref();
    else pipe.unref();
  }
}

/**
 * Starts `count` pipelines of `mode` now, for the next pool in this process to take: each spawn
 * forks this process, which is cheapest while it is small (a spawn once the CLI had loaded held
 * the event loop 30–440 ms, the six of eng-spa 0.5–0.8 s), and the dictionaries load while the
 * CLI does. Unreferenced until taken: a command that fails first still exits, and they with it.
 * Quiet when Apertium is missing: the local cloud's start says so.
 */
export function prestartApertium(
  mode = DEFAULT_MODE,
  count = PROCESSES_PER_PAIR,
  keepNames = keepNamesFromEnv(),
): void {
  try {
    const pipeline = modePipeline(mode, keepNames);
    const list = early.get(`${mode} ${keepNames}`) ?? [];
    while (list.length < count) {
      const processes = spawnPipeline(pipeline);
      for (const child of pipelineChildren(processes)) referenced(child, false);
      list.push(processes);
    }
    early.set(`${mode} ${keepNames}`, list);
  } catch {
    // Reported by assertApertiumInstalled when the cloud starts.
  }
}

/** A pipeline prestartApertium started for `mode`, alive, or undefined. */
export function takePrestarted(mode: string, keepNames: boolean): PipelineProcesses | undefined {
  const list = early.get(`${mode} ${keepNames}`);
  for (let processes = list?.shift(); processes; processes = list?.shift()) {
    const children = pipelineChildren(processes);
    if (processes.ended) {
      for (const child of children) child.kill();
      continue;
    }
    for (const child of children) referenced(child, true);
    return processes;
  }
  return undefined;
}
