import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARAGRAF_BIN as bin, REPO_ROOT as root } from './helpers/paths.ts';

/** The real binary, as a user runs it: what reaches the terminal is the message, never a stack. */
const STACK_FRAME = /^\s+at .+[:(]/m;

function paragraf(...args: string[]) {
  return paragrafWith({}, ...args);
}

function paragrafWith(env: Record<string, string>, ...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PARAGRAF_LOG: '', ...env },
    timeout: 60_000,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

let dir: string;
let blocker: Server;
let busyPort: number;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paragraf-errors-'));
  // Another program on a port: serve must say which flag moves it.
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const address = blocker.address();
  busyPort = typeof address === 'object' && address ? address.port : 0;
});
afterAll(() => {
  blocker?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('errors from the real binary name the next step, with no stack trace', () => {
  it('a folder as input', () => {
    const r = paragraf('run', 'examples', '--out', join(dir, 'out'));
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'examples is a folder, not an article. Name the files in it, for example: examples/*.txt',
    );
    expect(r.err).not.toMatch(STACK_FRAME);
  });

  it('a flag without its value', () => {
    const r = paragraf('run', 'examples/harbour-tram.txt', '--to');
    expect(r.code).toBe(1);
    expect(r.err).toContain("option '--to <langs>' argument missing");
    expect(r.err).toMatch(/--to <langs>\s+target languages, comma-separated/);
    expect(r.err).not.toMatch(STACK_FRAME);
  });

  it('--to followed by another option names the missing language codes, not a folder', () => {
    const r = paragraf('run', 'examples/harbour-tram.txt', '--to', '--out', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      '--to needs language codes such as es,fr right after it; it was followed by --out.',
    );
    expect(r.err).not.toContain('is a folder');
    expect(r.err).not.toMatch(STACK_FRAME);
  });

  it('a --source-url that is not an http(s) address, before anything runs', () => {
    const r = paragraf(
      'run',
      'examples/harbour-tram.txt',
      '--source-url',
      'javascript:alert(1)',
      '--out',
      join(dir, 'src'),
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      '--source-url needs an http(s) address such as https://news.example/2026/story.html, not "javascript:alert(1)".',
    );
    expect(r.err).not.toMatch(STACK_FRAME);
  });

  it('an unknown terminology, with the known ones', () => {
    const r = paragraf(
      'run',
      'examples/harbour-tram.txt',
      '--terminology',
      'news-nmes',
      '--out',
      join(dir, 'out'),
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/No terminology "news-nmes" in .*examples\/terminology\/\. Known: news-names/);
    expect(r.err).not.toMatch(STACK_FRAME);
  });

  it('a busy port, with the flag that changes it', () => {
    const r = paragraf('serve', '--s3-port', String(busyPort));
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `Port ${busyPort} (--s3-port) is in use by another program. Choose a free one with --s3-port.`,
    );
    expect(r.err).not.toMatch(STACK_FRAME);
  });

  it('nothing answering at --endpoint, and the stack only with PARAGRAF_LOG=debug', () => {
    // Port 1 refuses connections: the SDK's error becomes the next step to take.
    const args = ['fetch', 'nope', '--local', '--endpoint', 'http://127.0.0.1:1'];
    const quiet = paragraf(...args);
    expect(quiet.code).toBe(1);
    expect(quiet.err).toContain('Nothing answers at the local endpoint. Start it with: npm start -- serve');
    expect(quiet.err).not.toMatch(STACK_FRAME);
    const debug = paragrafWith({ PARAGRAF_LOG: 'debug' }, ...args);
    expect(debug.code).toBe(1);
    expect(debug.err).toMatch(STACK_FRAME);
  });
});
