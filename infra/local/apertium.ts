import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const APERTIUM_INSTALL_HINT =
  'Apertium is not installed. On Debian or Ubuntu run: sudo apt-get install -y apertium apertium-eng-spa';

const MODES_DIR = '/usr/share/apertium/modes';

/** Amazon Translate language codes to Apertium's pair names, for the pairs Debian packages. */
const PAIRS: Record<string, string> = {
  'en>es': 'eng-spa',
  'es>en': 'spa-eng',
  'en>ca': 'eng-cat',
  'ca>en': 'cat-eng',
  'en>gl': 'en-gl',
  'gl>en': 'gl-en',
  'eu>en': 'eus-eng',
  'is>en': 'isl-eng',
  'mk>en': 'mkd-eng',
};

/** The Debian package that brings each mode (`infra/local/setup.sh --pairs eng-cat,...`). */
const PACKAGES: Record<string, string> = {
  'eng-spa': 'apertium-eng-spa',
  'spa-eng': 'apertium-eng-spa',
  'eng-cat': 'apertium-eng-cat',
  'cat-eng': 'apertium-eng-cat',
  'en-gl': 'apertium-en-gl',
  'gl-en': 'apertium-en-gl',
  'eus-eng': 'apertium-eu-en',
  'isl-eng': 'apertium-isl-eng',
  'mkd-eng': 'apertium-mkd-eng',
};

export interface LocalPair {
  source: string;
  target: string;
  /** Apertium's mode name, as setup.sh --pairs takes it. */
  mode: string;
  /** The Debian package that brings it. */
  package: string;
  installed: boolean;
}

/** Every pair the local engine knows, installed or one Debian package away. */
export function localPairs(): LocalPair[] {
  return Object.entries(PAIRS).map(([pair, mode]) => {
    const [source = '', target = ''] = pair.split('>');
    return {
      source,
      target,
      mode,
      package: PACKAGES[mode] ?? `apertium-${mode}`,
      installed: apertiumMode(source, target) !== undefined,
    };
  });
}

/** For an UnsupportedLanguagePairException: what the engine has from `source`, and how to add the pair. */
export function missingPairHint(source: string, target: string): string {
  const from = localPairs()
    .filter((p) => p.installed && p.source === source)
    .map((p) => p.target);
  const available =
    from.length > 0
      ? `Installed targets from ${source}: ${from.join(', ')}.`
      : `No installed pair translates from ${source}.`;
  const add = localPairs().find((p) => p.source === source && p.target === target);
  return add
    ? `${available} Add ${source}→${target} with: bash infra/local/setup.sh --pairs ${PAIRS[`${source}>${target}`]} (Debian package ${add.package}).`
    : `${available} Debian packages no Apertium pair for ${source}→${target}; Amazon Translate has it (see paragraf languages --aws).`;
}

export class ApertiumMissingError extends Error {
  constructor(detail: string) {
    super(`${APERTIUM_INSTALL_HINT} (${detail})`);
    this.name = 'ApertiumMissingError';
  }
}

export function apertiumMode(source: string, target: string): string | undefined {
  const mode = PAIRS[`${source}>${target}`];
  return mode && existsSync(`${MODES_DIR}/${mode}.mode`) ? mode : undefined;
}

/** Fails with the install hint when the engine or the English–Spanish pair is missing. */
export function assertApertiumInstalled(): void {
  try {
    execFileSync('apertium-wblank-mode', ['-z', `${MODES_DIR}/eng-spa.mode`], { stdio: 'pipe' });
  } catch (err) {
    throw new ApertiumMissingError(err instanceof Error ? (err.message.split('\n')[0] ?? '') : 'not found');
  }
}

/** Apertium's stream format reserves these characters; text must escape them. */
export function escapeApertium(text: string): string {
  return text.replace(/[\\^$@/[\]{}<>]/g, (c) => `\\${c}`);
}

/** The superblank that separates the texts of one batch; text never contains it unescaped. */
const SEPARATOR = '\n\n<paragraf>';

/**
 * Splits one answer into its texts at our separator superblanks, drops the other superblanks,
 * undoes escapes and the artificial sentence end each text was given.
 */
export function splitApertiumOutput(raw: string): string[] {
  const texts: string[] = [];
  let out = '';
  let blank: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (blank !== undefined) {
      if (c === ']') {
        if (blank === SEPARATOR) {
          texts.push(out);
          out = '';
        }
        blank = undefined;
      } else blank += c;
    } else if (c === '\\' && i + 1 < raw.length) {
      out += raw.charAt(++i);
    } else if (c === '[') blank = '';
    else out += c;
  }
  if (out.trim().length > 0) texts.push(out);
  return texts;
}

/** Removes the `.` added to end every text, and tidies Apertium's spacing and marks. */
export function cleanTranslation(text: string, source: string): string {
  let out = text.replace(/\.\s*$/, '');
  // Unknown-word (*), generation (#) and transfer (@) marks, unless the source itself used them.
  for (const mark of ['*', '#', '@']) {
    if (!source.includes(mark)) out = out.split(mark).join('');
  }
  return out
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/([“¿¡(«]) /g, '$1')
    .replace(/ ([,.;:!?”»)])/g, '$1')
    .trim();
}

/** One request as Apertium's stream format wants it: escaped, with the sentence end destxt would add. */
export function encodeForApertium(text: string): string {
  return `${escapeApertium(text.replace(/\0/g, ''))}.[][${SEPARATOR}]`;
}

interface Request {
  text: string;
  resolve: (text: string) => void;
  reject: (err: Error) => void;
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
  private readonly queue: Request[] = [];
  /** Requests of a batch whose answer did not split back: each goes again in a flush of its own. */
  private readonly alone: Request[] = [];
  private readonly inFlight: Request[][] = [];
  private buffer = '';
  private dead = false;
  queuedChars = 0;

  constructor(
    pipeline: string,
    private readonly onExit: (proc: ApertiumProcess) => void,
  ) {
    this.child = spawn('bash', ['-c', pipeline, 'apertium', '-n', ''], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (data: string) => this.onData(data));
    this.child.stderr.on('data', () => {});
    this.child.stdin.on('error', (err) => this.fail(err));
    this.child.on('exit', (code, signal) =>
      this.fail(new Error(`apertium exited (code ${code}, signal ${signal})`)),
    );
  }

  get load(): number {
    return this.queuedChars + this.inFlight.length;
  }

  private pump(): void {
    while (!this.dead && this.inFlight.length < BATCHES_IN_FLIGHT && this.alone.length > 0) {
      const request = this.alone.shift();
      if (!request) break;
      this.queuedChars -= request.text.length;
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
        chars += next.text.length;
      }
      this.queuedChars -= chars;
      this.send(batch);
    }
  }

  /** One flush: the batch's texts, then NUL; its answer comes back in the same order. */
  private send(batch: Request[]): void {
    this.inFlight.push(batch);
    this.child.stdin.write(`${batch.map((r) => encodeForApertium(r.text)).join('')}\0`);
  }

  private onData(data: string): void {
    this.buffer += data;
    let nul = this.buffer.indexOf('\0');
    while (nul >= 0) {
      const raw = this.buffer.slice(0, nul);
      this.buffer = this.buffer.slice(nul + 1);
      // The pipeline flushes extra NULs at the end of a stream; only answers carry text.
      if (raw.length > 0 || this.inFlight.length > 0) this.answer(raw);
      nul = this.buffer.indexOf('\0');
    }
    this.pump();
  }

  private answer(raw: string): void {
    const batch = this.inFlight.shift();
    if (!batch) return;
    const texts = splitApertiumOutput(raw);
    if (texts.length !== batch.length && batch.length > 1) {
      // One text moved or swallowed a separator: sent alone, the others still answer, and only
      // that text fails. (Rejecting the whole flush failed whichever requests shared it: more of
      // them the busier the engine.)
      this.alone.push(...batch);
      for (const r of batch) this.queuedChars += r.text.length;
      return;
    }
    if (texts.length !== batch.length) {
      batch[0]?.reject(new Error(`apertium answered ${texts.length} texts for 1`));
      return;
    }
    for (const [i, request] of batch.entries())
      request.resolve(cleanTranslation(texts[i] ?? '', request.text));
  }

  private fail(err: Error): void {
    if (this.dead) return;
    this.dead = true;
    for (const batch of this.inFlight.splice(0)) for (const r of batch) r.reject(err);
    for (const r of this.queue.splice(0)) r.reject(err);
    for (const r of this.alone.splice(0)) r.reject(err);
    this.onExit(this);
  }

  translate(text: string): Promise<string> {
    if (this.dead) return Promise.reject(new Error('apertium process is gone'));
    return new Promise((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      this.queuedChars += text.length;
      this.pump();
    });
  }

  stop(): void {
    this.dead = true;
    this.child.stdin.end();
    this.child.kill();
  }
}

/** A pool of kept-alive pipelines per language pair; requests go to the least-loaded one. */
export class ApertiumPool {
  private readonly pools = new Map<string, ApertiumProcess[]>();
  private readonly pipelines = new Map<string, string>();
  private stopped = false;

  constructor(private readonly processesPerPair = 2) {}

  private pipelineFor(mode: string): string {
    let pipeline = this.pipelines.get(mode);
    if (!pipeline) {
      const modeFile = `${MODES_DIR}/${mode}.mode`;
      if (!existsSync(modeFile)) throw new ApertiumMissingError(`no ${modeFile}`);
      readFileSync(modeFile);
      pipeline = execFileSync('apertium-wblank-mode', ['-z', modeFile], { encoding: 'utf8' }).trim();
      this.pipelines.set(mode, pipeline);
    }
    return pipeline;
  }

  async translate(mode: string, text: string): Promise<string> {
    if (this.stopped) throw new Error('The Apertium pool is stopped');
    let procs = this.pools.get(mode);
    if (!procs) {
      procs = [];
      this.pools.set(mode, procs);
    }
    const list = procs;
    if (list.length < this.processesPerPair && list.every((p) => p.load > 0)) {
      list.push(
        new ApertiumProcess(this.pipelineFor(mode), (dead) => {
          const i = list.indexOf(dead);
          if (i >= 0) list.splice(i, 1);
        }),
      );
    }
    const target = list.reduce((best, p) => (p.load < best.load ? p : best));
    return target.translate(text);
  }

  stop(): void {
    this.stopped = true;
    for (const procs of this.pools.values()) for (const p of procs.splice(0)) p.stop();
  }
}
