import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from '../helpers/serve.ts';

/**
 * The README's local session, run verbatim from the repository root against `paragraf serve`,
 * each output compared with the README's: a newcomer can follow it as printed.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

interface Step {
  command: string;
  expected: string[];
}

function sessionSteps(): Step[] {
  const start = readme.indexOf('A session with the local cloud');
  const block = /```console\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? '';
  const steps: Step[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: [] });
    else if (line.trim() && steps.length > 0) steps.at(-1)?.expected.push(line);
  }
  return steps;
}

/** What may differ between runs and machines: times, absolute paths, the events file's place. */
function normalise(line: string): string {
  return line
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/saved \S*\/outputs\//, 'saved <root>/outputs/')
    .replace(/Events: {2}\S+ /, 'Events:  <file> ')
    .trimEnd();
}

/** `--wait` without a terminal adds one line per progress change before the final one. */
const progress = /^\S+: (waiting for the pipeline|running|succeeded) /;

function run(command: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', `${command} 2>&1`],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
      (_error, stdout) => resolve(String(stdout)),
    );
  });
}

const steps = sessionSteps();
const outputsExisted = existsSync(join(root, 'outputs'));
let served: Awaited<ReturnType<typeof startServe>> | undefined;
let busy = false;

beforeAll(async () => {
  // The README's `--local` means port 4568; the test needs it as the reader would.
  const probe = await run(
    "node -e \"require('net').connect(4568,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))\" && echo busy",
  );
  busy = probe.includes('busy');
  if (busy) return;
  served = await startServe(mkdtempSync(join(tmpdir(), 'paragraf-readme-')), {
    s3Port: 4568,
    translatePort: 4569,
  });
}, 60_000);
afterAll(async () => {
  await served?.stop();
  if (!outputsExisted) rmSync(join(root, 'outputs'), { recursive: true, force: true });
});

describe('README: a session with the local cloud', () => {
  it('has a serve step and the commands a reader runs next', () => {
    expect(steps[0]?.command).toBe('npm start -- serve &');
    expect(steps.length).toBeGreaterThanOrEqual(7);
  });

  it('prints what the README shows, command by command', async () => {
    if (busy)
      throw new Error(
        'Port 4568 is in use: stop the paragraf serve running there, then run the tests again.',
      );
    const banner = (served?.output() ?? '').split('\n').slice(0, steps[0]?.expected.length ?? 0);
    expect(banner.map(normalise)).toEqual(steps[0]?.expected.map(normalise));
    for (const step of steps.slice(1)) {
      const output = (await run(step.command)).split('\n').filter((l) => l.trim() && !progress.test(l));
      const expected = step.expected.map(normalise);
      const actual = output.map(normalise);
      // A translated title is Apertium's and may change with its Debian version: its shape is compared.
      const shaped = (lines: string[]) => lines.map((l) => (l.startsWith('# ') ? '# <title>' : l));
      expect({ command: step.command, output: shaped(actual) }).toEqual({
        command: step.command,
        output: shaped(expected),
      });
    }
  }, 120_000);
});
