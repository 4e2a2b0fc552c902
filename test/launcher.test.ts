import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { PARAGRAF_BIN as bin } from './helpers/paths.ts';
import { freePort, portAnswers } from './helpers/serve.ts';

/**
 * bin/paragraf.mjs under an older Node runs the CLI again under the project's Node 24. When that
 * launcher is killed outright (kill -9, a process manager's last resort), the server it started
 * must not live on as an orphan holding the ports. PARAGRAF_RELAUNCH=always takes the launcher's
 * path on Node 24 too.
 */
const dir = mkdtempSync(join(tmpdir(), 'paragraf-launcher-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Linux process table: pid -> [parent pid, state]. */
function processes(): Map<number, { ppid: number; state: string }> {
  const table = new Map<number, { ppid: number; state: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state = '', ppid = '0'] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(name), { ppid: Number(ppid), state });
    } catch {
      // gone while reading
    }
  }
  return table;
}

function descendants(pid: number): number[] {
  const table = processes();
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, { ppid }] of table) {
      if (ppid !== parent) continue;
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** Still running: a zombie (finished, not yet reaped by whoever adopted it) has ended. */
const running = (pid: number) => {
  const state = processes().get(pid)?.state;
  return state !== undefined && state !== 'Z' && state !== 'X';
};

describe('the launcher', () => {
  it.runIf(existsSync('/proc/self/stat'))(
    'killed with SIGKILL takes its server down: within 5 s no port answers and none of its processes runs',
    async () => {
      const [s3, translate] = [await freePort(), await freePort()];
      const launcher = spawn(
        process.execPath,
        [
          bin,
          'serve',
          '--s3-port',
          `${s3}`,
          '--translate-port',
          `${translate}`,
          '--data',
          join(dir, 's3'),
          '--events-file',
          join(dir, 'events.jsonl'),
        ],
        { env: { ...process.env, PARAGRAF_RELAUNCH: 'always' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      launcher.stdout.on('data', (chunk) => {
        output += String(chunk);
      });
      for (let waited = 0; !output.includes('Paragraf local cloud is running'); waited += 100) {
        if (waited > 30_000) throw new Error(`serve did not start: ${output}`);
        await sleep(100);
      }
      expect(await portAnswers(s3)).toBe(true);
      const family = descendants(launcher.pid ?? 0);
      // The server under Node 24, and its Apertium pipelines.
      expect(family.length).toBeGreaterThan(1);
      launcher.kill('SIGKILL');
      const deadline = Date.now() + 5_000;
      while (
        Date.now() < deadline &&
        (family.some(running) || (await portAnswers(s3)) || (await portAnswers(translate)))
      )
        await sleep(100);
      expect(family.filter(running)).toEqual([]);
      expect(await portAnswers(s3)).toBe(false);
      expect(await portAnswers(translate)).toBe(false);
    },
    60_000,
  );
});
