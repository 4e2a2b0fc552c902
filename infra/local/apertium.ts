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
  'en>eo': 'en-eo',
};

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

export function installedPairs(): string[] {
  return Object.keys(PAIRS).filter((pair) => {
    const [s, t] = pair.split('>');
    return s && t && apertiumMode(s, t);
  });
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

/** Drops superblanks `[...]`, undoes escapes, and tidies Apertium's spacing quirks. */
export function unescapeApertium(raw: string, source: string): string {
  let out = '';
  let inBlank = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (c === '\\' && i + 1 < raw.length) {
      if (!inBlank) out += raw.charAt(i + 1);
      i++;
    } else if (c === '[' && !inBlank) inBlank = true;
    else if (c === ']' && inBlank) inBlank = false;
    else if (!inBlank) out += c;
  }
  // Unknown-word (*), generation (#) and transfer (@) marks, unless the source itself used them.
  for (const mark of ['*', '#', '@']) {
    if (!source.includes(mark)) out = out.split(mark).join('');
  }
  return out
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/([“"¿¡(«]) /g, (m, q: string) => (q === '"' ? m : q))
    .replace(/ ([,.;:!?”»)])/g, '$1')
    .trim();
}

interface Pending {
  resolve: (text: string) => void;
  reject: (err: Error) => void;
  source: string;
  chars: number;
}

/**
 * One long-lived Apertium pipeline. The `apertium -z` wrapper hangs on plain text, so the stages
 * of the mode file run directly, each in null-flush mode: a request ends with NUL, and so does
 * its answer, in order. Requests are pipelined: several may be in flight in one process.
 */
class ApertiumProcess {
  private child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  private buffer = '';
  inFlightChars = 0;
  private dead = false;

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

  private onData(data: string): void {
    this.buffer += data;
    let nul = this.buffer.indexOf('\0');
    while (nul >= 0) {
      const raw = this.buffer.slice(0, nul);
      this.buffer = this.buffer.slice(nul + 1);
      const request = this.pending.shift();
      if (request) {
        this.inFlightChars -= request.chars;
        request.resolve(unescapeApertium(raw, request.source));
      }
      nul = this.buffer.indexOf('\0');
    }
  }

  private fail(err: Error): void {
    if (this.dead) return;
    this.dead = true;
    for (const request of this.pending.splice(0)) request.reject(err);
    this.onExit(this);
  }

  translate(text: string): Promise<string> {
    if (this.dead) return Promise.reject(new Error('apertium process is gone'));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject, source: text, chars: text.length });
      this.inFlightChars += text.length;
      // The trailing blank `[]` makes the last stage flush the sentence before the NUL.
      this.child.stdin.write(`${escapeApertium(text.replace(/\0/g, ''))}[]\0`);
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
    if (list.length < this.processesPerPair && list.every((p) => p.inFlightChars > 0)) {
      list.push(
        new ApertiumProcess(this.pipelineFor(mode), (dead) => {
          const i = list.indexOf(dead);
          if (i >= 0) list.splice(i, 1);
        }),
      );
    }
    const target = list.reduce((best, p) => (p.inFlightChars < best.inFlightChars ? p : best));
    return target.translate(text);
  }

  stop(): void {
    this.stopped = true;
    for (const procs of this.pools.values()) for (const p of procs.splice(0)) p.stop();
  }
}
