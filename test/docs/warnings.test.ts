import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * No warning a user did not cause: the README's commands and every benchmark that has a small
 * setting, run as a user runs them (npm, npx), print no Node warning (deprecation, experimental,
 * the AWS SDK's end-of-support notice) and no npm deprecation. The README's local session is held
 * to its exact output, stderr included, by readme.test.ts.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'paragraf-warnings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string, args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: root,
        // Bench results go to a folder of their own, not over bench/results.
        env: { ...process.env, PARAGRAF_BENCH_RESULTS: join(dir, 'results') },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 240_000,
      },
      (error, _stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stderr: String(stderr),
        }),
    );
  });
}

const WARNING = /warning|deprecat/i;

const commands: Array<[string, string, string[]]> = [
  ['npx paragraf --help', 'npx', ['paragraf', '--help']],
  [
    'npm start -- run (the README’s first command)',
    'npm',
    ['start', '--', 'run', 'examples/harbour-tram.txt', '--to', 'es', '--out', join(dir, 'out'), '--fresh'],
  ],
  [
    'npx paragraf summarize',
    'npx',
    ['paragraf', 'summarize', 'examples/harbour-tram.txt', '--sentences', '2'],
  ],
  ['npx paragraf languages --local', 'npx', ['paragraf', 'languages', '--local']],
  ['npm exec -- node --version', 'npm', ['exec', '--', 'node', '--version']],
  ['bench:faults', 'npm', ['run', 'bench:faults', '--', '--articles', '2']],
  ['bench:cost', 'npm', ['run', 'bench:cost', '--', '--articles', '2']],
  [
    'bench:throughput',
    'npm',
    ['run', 'bench:throughput', '--', '--articles', '2', '--rounds', '1', '--sizes', '20000'],
  ],
  ['bench:startup', 'npm', ['run', 'bench:startup', '--', '--rounds', '1']],
  ['bench:cold', 'npm', ['run', 'bench:cold']],
  [
    'bench:extract',
    'npm',
    ['run', 'bench:extract', '--', '--pages', 'test/fixtures/pages', '--min-bytes', '0', '--no-peers'],
  ],
];

describe('no warnings a user did not cause', () => {
  for (const [name, command, args] of commands) {
    it(name, async () => {
      const { code, stderr } = await run(command, args);
      const warnings = stderr.split('\n').filter((line) => WARNING.test(line));
      expect({ name, code, warnings }).toEqual({ name, code: 0, warnings: [] });
    }, 300_000);
  }

  it('a warning on stderr is caught, so the checks above mean something', async () => {
    const { stderr } = await run(process.execPath, [
      '-e',
      "process.emitWarning('old API', 'DeprecationWarning')",
    ]);
    expect(stderr.split('\n').filter((line) => WARNING.test(line))).toContainEqual(
      expect.stringContaining('DeprecationWarning: old API'),
    );
  });

  it('Node 24 is what npm exec, npm start and npx run', async () => {
    const version = await new Promise<string>((resolve) =>
      execFile('npm', ['exec', '--', 'node', '--version'], { cwd: root }, (_e, out) =>
        resolve(String(out).trim()),
      ),
    );
    expect(version).toMatch(/^v24\./);
  });
});
