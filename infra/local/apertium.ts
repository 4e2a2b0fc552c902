import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { TaggerClasses } from './apertium-classes.ts';
import { rewriteDates, rewriteTimes, type TargetDates, targetDates } from './apertium-dates.ts';
import { encodeHtml } from './apertium-html.ts';
import { joinCompoundHyphens, spaceCompoundHyphens } from './apertium-hyphens.ts';
import {
  analysesBySurface,
  capitalisedSurfaces,
  type LexicalUnit,
  lexicalUnits,
  protectNames,
} from './apertium-names.ts';
import { modeLanguages } from './apertium-pairs.ts';
import {
  ApertiumMissingError,
  DEFAULT_MODE,
  keepNamesFromEnv,
  modePipeline,
  type PipelineProcesses,
  PROCESSES_PER_PAIR,
  pipelineChildren,
  spawnPipeline,
  takePrestarted,
} from './apertium-spawn.ts';
import {
  escapeApertium,
  REQUEST_SEPARATOR,
  readStream,
  SECOND_LEG,
  withoutNameMarks,
} from './apertium-stream.ts';

export { apertiumMode, type LocalPair, localPairs, localRoute, missingPairHint } from './apertium-pairs.ts';
export {
  APERTIUM_INSTALL_HINT,
  ApertiumMissingError,
  type SplitPipeline,
  spawnPipeline,
  splitAfterAnalyser,
} from './apertium-spawn.ts';

/**
 * Fails with the install hint when the engine or the English–Spanish pair is missing. Reads the
 * pair's pipeline as the pool will (kept per process: bin/paragraf.mjs read it already).
 */
export function assertApertiumInstalled(): void {
  try {
    modePipeline(DEFAULT_MODE, keepNamesFromEnv());
  } catch (err) {
    if (err instanceof ApertiumMissingError) throw err;
    throw new ApertiumMissingError(err instanceof Error ? (err.message.split('\n')[0] ?? '') : 'not found');
  }
}

export { escapeApertium };

const SEPARATOR = REQUEST_SEPARATOR;

/** The raw answers of a flush, split at our separator superblanks; other blanks stay, escaped. */
export function splitAnswers(raw: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const token of readStream(raw)) {
    if (token.kind !== 'blank' || token.content !== SEPARATOR) continue;
    pieces.push(raw.slice(start, token.start));
    start = token.end;
  }
  const rest = raw.slice(start);
  if (rest.trim().length > 0) pieces.push(rest);
  return pieces;
}

/** One plain answer: escapes undone, blanks dropped. */
export function plainText(piece: string): string {
  let out = '';
  for (const token of readStream(piece)) if (token.kind === 'text') out += token.text;
  return out;
}

/** Splits one answer into its texts, drops the other blanks and undoes escapes. */
export function splitApertiumOutput(raw: string): string[] {
  return splitAnswers(raw).map(plainText);
}

/** The letter after an ellipsis, a question mark or an exclamation mark (and any quote). */
const MARK_THEN_LETTER = /(?:\.\.\.|…|[?!])["”»]?\s*["“«¿¡]?(\p{L})/gu;

/**
 * After an ellipsis, a question or an exclamation the sentence may go on or not ("in output... and
 * open", "Do They Know It's Christmas? is expected"); Apertium capitalises after one, or not,
 * whatever the source did. The letter after each takes the case it has in the source, where the
 * two have as many.
 */
function sourceCaseAfterMarks(text: string, source: string): string {
  const lower = [...source.matchAll(MARK_THEN_LETTER)].map((m) => /\p{Ll}/u.test(m[1] ?? ''));
  if (lower.length === 0 || [...text.matchAll(MARK_THEN_LETTER)].length !== lower.length) return text;
  let k = 0;
  return text.replace(MARK_THEN_LETTER, (whole, letter: string) => {
    const small = lower[k++];
    const cased = small ? letter.toLocaleLowerCase() : letter.toLocaleUpperCase();
    return whole.slice(0, -letter.length) + cased;
  });
}

/**
 * Removes the `.` added to end every text, and tidies Apertium's spacing and marks. The marks of
 * kept names stay when the text goes on to a second leg (`nameMarks`).
 */
export function cleanTranslation(text: string, source: string, nameMarks = false): string {
  let out = joinCompoundHyphens(text).replace(/\.\s*$/, '');
  if (!nameMarks) out = withoutNameMarks(out);
  // Unknown-word (*), generation (#) and transfer (@) marks, unless the source itself used them.
  for (const mark of ['*', '#', '@']) {
    if (!source.includes(mark)) out = out.split(mark).join('');
  }
  const tidied = out
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/([“¿¡(«]) /g, '$1')
    // A straight quote that opens (at the start, or after a space or bracket) keeps its words:
    // `" Hay` is `"Hay`, and the sentence after it reads as one (summary cuts line up again).
    .replace(/(^|[\s(])" +(?=[\p{L}\p{N}¿¡\uE011])/gu, '$1"')
    .replace(/ ([,.;:!?”»)])/g, '$1')
    // Apertium drops an expletive "There were…" and leaves the sentence in lower case ("…. había
    // también"): the sentence starts again, as the source's did. Not after an abbreviation
    // ("EE.UU. tienden", "9 p.m. y", "Sr. y"): only after a word of three letters or more (its
    // first may be a capital: "en Benín. no hay"), or a number.
    .replace(/(?<=(?:^|[\s(])[¿¡]?(?!etc\.)(?:\p{L}\p{Ll}{2,}|\p{N}+)[%)]?\.\s["“«]?)\p{Ll}/gu, (c) =>
      c.toLocaleUpperCase(),
    )
    .trim();
  return sourceCaseAfterMarks(tidied, source);
}

/** What one request sends (in Apertium's stream format) and how its answer becomes text again. */
export interface ApertiumJob {
  stream: string;
  decode(answer: string): string;
}

/** Where a request stands in its route: a second leg keeps the first's names, a first leg of two marks them. */
export interface LegOptions {
  secondLeg?: boolean;
  nameMarks?: boolean;
}

const legStream = (stream: string, { secondLeg }: LegOptions) =>
  secondLeg ? `[${SECOND_LEG}]${stream}` : stream;

/** A plain-text request. */
export function plainJob(text: string, leg: LegOptions = {}): ApertiumJob {
  return {
    stream: legStream(escapeApertium(text.replace(/\0/g, '')), leg),
    decode: (answer) => cleanTranslation(plainText(answer), text, leg.nameMarks),
  };
}

/** An HTML request: its tags ride as blanks (apertium-html.ts); the text between them is tidied. */
export function htmlJob(html: string, leg: LegOptions = {}): ApertiumJob {
  const job = encodeHtml(html.replace(/\0/g, ''));
  return {
    stream: legStream(job.stream, leg),
    decode: (answer) => job.decode(answer, (text) => cleanTranslation(text, html, leg.nameMarks)),
  };
}

/** A request as it goes into a flush: with the sentence end destxt would add, and our separator. */
const framed = (stream: string) => `${stream}.[][${SEPARATOR}]`;

/** One request as Apertium's stream format wants it: escaped, with the sentence end destxt would add. */
export function encodeForApertium(text: string): string {
  return framed(plainJob(text).stream);
}

interface Request {
  job: ApertiumJob;
  resolve: (text: string) => void;
  reject: (err: Error) => void;
}

/**
 * Cuts a pipe's output into the answers of its flushes (each ends with NUL); an unfinished one
 * waits for the next chunk.
 */
function nulFrames(): (data: string) => string[] {
  let buffer = '';
  return (data) => {
    const frames = (buffer + data).split('\0');
    buffer = frames.pop() ?? '';
    return frames;
  };
}

/**
 * A helper process asked one NUL-ended question at a time over its stdin; its answers come back
 * NUL-ended, in order.
 */
function asker(child: ChildProcessWithoutNullStreams): (question: string) => Promise<string> {
  const waiting: Array<(answer: string) => void> = [];
  const frames = nulFrames();
  child.stdout.on('data', (data: string) => {
    for (const answer of frames(data)) waiting.shift()?.(answer);
  });
  return (question) =>
    new Promise<string>((resolve) => {
      waiting.push(resolve);
      child.stdin.write(`${question}\0`);
    });
}

/** Distinct capitalised words kept per process; past this the memory starts again (names repeat). */
const DICTIONARY_CASE_WORDS = 50_000;

/**
 * The dictionary-case analyses (`lt-proc -w`) of capitalised words, each asked once and kept: a
 * news text's names and capitalised words repeat, so after the first articles nearly every word
 * is known, and the second analyser reads a few words a flush instead of all of the text again.
 */
class DictionaryCase {
  /** Each word asked, with its analyses; undefined when it did not come back as one unit alone. */
  private readonly known = new Map<string, string[] | undefined>();
  private readonly ask: (question: string) => Promise<string>;
  constructor(child: ChildProcessWithoutNullStreams) {
    this.ask = asker(child);
  }

  /** `normal` (an analysed flush) with its names protected, once every capitalised word is known. */
  async protect(normal: string, units: readonly LexicalUnit[]): Promise<string> {
    const unseen = capitalisedSurfaces(units).filter((surface) => !this.known.has(surface));
    if (unseen.length > 0) {
      if (this.known.size + unseen.length > DICTIONARY_CASE_WORDS) this.known.clear();
      // Each word alone between blanks: a multiword ("New York") is still one unit.
      const analyses = analysesBySurface(await this.ask(unseen.map((surface) => `${surface}[]\n`).join('')));
      for (const surface of unseen) this.known.set(surface, analyses.get(surface));
    }
    return protectNames(normal, (surface) => this.known.get(surface), units);
  }
}

/**
 * Between the analyser and the rest of the pipeline: names become names (DictionaryCase), and
 * every ambiguous word reaches the tagger in a class it knows (TaggerClasses), so that a text's
 * translation does not depend on the texts before it.
 */
class AnalysedFlushes {
  private readonly names: DictionaryCase;
  private readonly classes: TaggerClasses | undefined;
  /** The target's months, when the mode reads English (apertium-dates.ts). */
  private readonly dates: TargetDates | undefined;
  constructor(analysers: NonNullable<PipelineProcesses['analysers']>, mode: string) {
    this.names = new DictionaryCase(analysers.dictionary);
    this.classes = analysers.tagger ? new TaggerClasses(asker(analysers.tagger)) : undefined;
    const languages = modeLanguages(mode);
    this.dates = languages?.source === 'en' ? targetDates(languages.target) : undefined;
  }

  /** English dates and times in the forms the engine translates well (apertium-dates.ts). */
  private datesAndTimes(analysed: string, dates: TargetDates): string {
    const dated = rewriteDates(analysed, lexicalUnits(analysed), dates);
    return rewriteTimes(dated, lexicalUnits(dated));
  }

  async settle(analysed: string): Promise<string> {
    const normal = this.dates ? this.datesAndTimes(analysed, this.dates) : analysed;
    const protectedNames = await this.names.protect(normal, lexicalUnits(normal));
    const named = spaceCompoundHyphens(protectedNames, lexicalUnits(protectedNames));
    return this.classes ? this.classes.settle(named, lexicalUnits(named)) : named;
  }
}

const BATCH_MAX_REQUESTS = 64;
const BATCH_MAX_CHARS = 40_000;
const BATCHES_IN_FLIGHT = 2;

/**
 * One long-lived Apertium pipeline. The `apertium -z` wrapper hangs on plain text, so the stages
 * of the mode file run directly, each in null-flush mode: a batch ends with NUL, and so does its
 * answer, in order. Requests that arrive while the engine is busy are sent together as one batch,
 * because the per-flush overhead, not the translation, dominates small requests.
 */
export class ApertiumProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  /** Where a flush goes in: the analyser when names are kept (see SplitPipeline), else `child`. */
  private readonly input: ChildProcessWithoutNullStreams;
  /** Every process of the pipeline. */
  private readonly children: readonly ChildProcessWithoutNullStreams[];
  /** Analysed flushes go down the rest of the pipeline in order, each once its names are settled. */
  private forwarded: Promise<void> = Promise.resolve();
  private readonly queue: Request[] = [];
  /** Requests of a batch whose answer did not split back: each goes again in a flush of its own. */
  private readonly alone: Request[] = [];
  private readonly inFlight: Request[][] = [];
  private readonly answers = nulFrames();
  private dead = false;
  queuedChars = 0;

  private readonly onExit: (proc: ApertiumProcess) => void;
  /** Takes over a spawned pipeline (spawnPipeline, or one prestartApertium started). */
  constructor(processes: PipelineProcesses, mode: string, onExit: (proc: ApertiumProcess) => void) {
    this.onExit = onExit;
    const { rest, analysers } = processes;
    this.children = pipelineChildren(processes);
    for (const child of this.children) {
      child.stdin.on('error', (err) => this.fail(err));
      child.on('exit', (code, signal) =>
        this.fail(new Error(`apertium exited (code ${code}, signal ${signal})`)),
      );
    }
    this.child = rest;
    this.input = analysers?.normal ?? rest;
    this.child.stdout.on('data', (data: string) => this.onData(data));
    if (analysers) {
      const flushes = new AnalysedFlushes(analysers, mode);
      const analysed = nulFrames();
      analysers.normal.stdout.on('data', (data: string) => this.onAnalysed(analysed(data), flushes));
    }
    // Failed once constructed, so that an owner that keeps it hears of its end (onExit) after.
    const { ended } = processes;
    if (ended) queueMicrotask(() => this.fail(ended));
  }

  /** An analysed flush is in: names become names, and the flush goes on down the pipeline. */
  private onAnalysed(flushes: readonly string[], settler: AnalysedFlushes): void {
    for (const normal of flushes) {
      this.forwarded = this.forwarded
        .then(() => settler.settle(normal))
        .then((protectedText) => {
          if (!this.dead) this.child.stdin.write(`${protectedText}\0`);
        })
        .catch((error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))));
    }
  }

  get load(): number {
    return this.queuedChars + this.inFlight.length;
  }

  private pump(): void {
    while (!this.dead && this.inFlight.length < BATCHES_IN_FLIGHT && this.alone.length > 0) {
      const request = this.alone.shift();
      if (!request) break;
      this.queuedChars -= request.job.stream.length;
      this.send([request]);
    }
    while (!this.dead && this.inFlight.length < BATCHES_IN_FLIGHT && this.queue.length > 0) {
      const batch: Request[] = [];
      let chars = 0;
      while (
        this.queue.length > 0 &&
        batch.length < BATCH_MAX_REQUESTS &&
        (batch.length === 0 || chars < BATCH_MAX_CHARS)
      ) {
        const next = this.queue.shift();
        if (!next) break;
        batch.push(next);
        chars += next.job.stream.length;
      }
      this.queuedChars -= chars;
      this.send(batch);
    }
  }

  /** One flush: the batch's texts, then NUL; its answer comes back in the same order. */
  private send(batch: Request[]): void {
    this.inFlight.push(batch);
    const flush = `${batch.map((r) => framed(r.job.stream)).join('')}\0`;
    this.input.stdin.write(flush);
  }

  private onData(data: string): void {
    for (const raw of this.answers(data)) {
      // The pipeline flushes extra NULs at the end of a stream; only answers carry text.
      if (raw.length > 0 || this.inFlight.length > 0) this.answer(raw);
    }
    this.pump();
  }

  private answer(raw: string): void {
    const batch = this.inFlight.shift();
    if (!batch) return;
    const texts = splitAnswers(raw);
    if (texts.length !== batch.length && batch.length > 1) {
      // One text moved or swallowed a separator: sent alone, the others still answer, and only
      // that text fails. (Rejecting the whole flush failed whichever requests shared it: more of
      // them the busier the engine.)
      this.alone.push(...batch);
      for (const r of batch) this.queuedChars += r.job.stream.length;
      return;
    }
    if (texts.length !== batch.length) {
      batch[0]?.reject(new Error(`apertium answered ${texts.length} texts for 1`));
      return;
    }
    for (const [i, request] of batch.entries()) request.resolve(request.job.decode(texts[i] ?? ''));
  }

  private fail(err: Error): void {
    if (this.dead) return;
    this.dead = true;
    for (const batch of this.inFlight.splice(0)) for (const r of batch) r.reject(err);
    for (const r of this.queue.splice(0)) r.reject(err);
    for (const r of this.alone.splice(0)) r.reject(err);
    this.onExit(this);
  }

  translate(request: string | ApertiumJob): Promise<string> {
    if (this.dead) return Promise.reject(new Error('apertium process is gone'));
    const job = typeof request === 'string' ? plainJob(request) : request;
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.queuedChars += job.stream.length;
      this.pump();
    });
  }

  stop(): void {
    this.dead = true;
    for (const child of this.children) {
      child.stdin.end();
      child.kill();
    }
  }
}

/** A pool of kept-alive pipelines per language pair; requests go to the least-loaded one. */
export class ApertiumPool {
  private readonly pools = new Map<string, ApertiumProcess[]>();
  private stopped = false;

  private readonly processesPerPair: number;
  /** Keep names that the dictionary reads as words (apertium-names.ts); off only to compare. */
  private readonly keepNames: boolean;
  constructor(processesPerPair = PROCESSES_PER_PAIR, keepNames = true) {
    this.processesPerPair = processesPerPair;
    this.keepNames = keepNames;
  }

  private processes(mode: string): ApertiumProcess[] {
    let list = this.pools.get(mode);
    if (!list) {
      list = [];
      this.pools.set(mode, list);
    }
    return list;
  }

  private startProcess(mode: string, list: ApertiumProcess[]): void {
    list.push(
      new ApertiumProcess(
        takePrestarted(mode, this.keepNames) ?? spawnPipeline(modePipeline(mode, this.keepNames)),
        mode,
        (dead) => {
          const i = list.indexOf(dead);
          if (i >= 0) list.splice(i, 1);
        },
      ),
    );
  }

  /**
   * Starts the pool's processes for `mode` now (or takes those prestartApertium started): their
   * dictionaries load while nothing asks yet, and each spawn forks this process while it is
   * still small (a spawn in mid-run, with the heap grown, held the event loop for a tenth of a
   * second or more).
   */
  warm(mode: string): void {
    const list = this.processes(mode);
    while (!this.stopped && list.length < this.processesPerPair) this.startProcess(mode, list);
  }

  async translate(mode: string, text: string | ApertiumJob): Promise<string> {
    if (this.stopped) throw new Error('The Apertium pool is stopped');
    const list = this.processes(mode);
    if (list.length < this.processesPerPair && list.every((p) => p.load > 0)) this.startProcess(mode, list);
    const target = list.reduce((best, p) => (p.load < best.load ? p : best));
    return target.translate(text);
  }

  stop(): void {
    this.stopped = true;
    for (const procs of this.pools.values()) for (const p of procs.splice(0)) p.stop();
  }
}
