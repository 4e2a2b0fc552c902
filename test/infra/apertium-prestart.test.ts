import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApertiumPool, ApertiumProcess, spawnPipeline } from '../../infra/local/apertium.ts';
import { PROCESSES_PER_PAIR, prestartApertium, takePrestarted } from '../../infra/local/apertium-spawn.ts';

const spawnModule = fileURLToPath(new URL('../../infra/local/apertium-spawn.ts', import.meta.url));

describe('Apertium started before the local cloud (bin/paragraf.mjs)', () => {
  it('is what the pool uses: the pool takes the prestarted pipeline, and it translates', async () => {
    prestartApertium('eng-spa', 1, true);
    const pool = new ApertiumPool(1, true);
    try {
      pool.warm('eng-spa');
      // Taken by the pool: none is left for anyone else.
      expect(takePrestarted('eng-spa', true)).toBeUndefined();
      expect(await pool.translate('eng-spa', 'The house is big.')).toBe('La casa es grande.');
    } finally {
      pool.stop();
    }
  });

  it('is kept apart by setting: a pool that keeps no names does not take one that does', () => {
    prestartApertium('eng-spa', 1, true);
    const taken = takePrestarted('eng-spa', false);
    const left = takePrestarted('eng-spa', true);
    try {
      expect(taken).toBeUndefined();
      expect(left?.analysers).toBeDefined();
    } finally {
      for (const child of left ? [left.rest, left.analysers?.normal, left.analysers?.dictionary] : [])
        child?.kill();
    }
  });

  it('does not keep a process alive that never starts a cloud, nor outlive it', async () => {
    // The process prints the processes it started (Apertium's), then has nothing left to do.
    const script = `import { execFileSync } from 'node:child_process';
      const m = await import(${JSON.stringify(spawnModule)});
      m.prestartApertium();
      console.log(execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' }).trim());`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Were it kept alive, it fails here rather than outliving the test run.
      signal: AbortSignal.timeout(20_000),
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const started = out.trim().split('\n').map(Number);
    // eng-spa with names kept: the analyser, the dictionary-case analyser, the tagger's probe
    // (apertium-classes.ts) and the rest, per pipeline.
    expect(started).toHaveLength(4 * PROCESSES_PER_PAIR);
    // Their input closed with the process: each pipeline ends on its own.
    await expect.poll(() => started.filter((pid) => isAlive(pid)), { timeout: 5000 }).toEqual([]);
  });

  it('fails at once when a pipeline ended before its owner listened', async () => {
    const processes = spawnPipeline('exit 3');
    await once(processes.rest, 'exit');
    expect(processes.ended?.message).toBe('apertium exited (code 3, signal null)');
    const gone: ApertiumProcess[] = [];
    const proc = new ApertiumProcess(processes, 'eng-spa', (dead) => gone.push(dead));
    // Its owner keeps it first, then hears of its end; a request made meanwhile fails with the cause.
    expect(gone).toEqual([]);
    await expect(proc.translate('Anything')).rejects.toThrow('apertium exited (code 3, signal null)');
    expect(gone).toEqual([proc]);
    await expect(proc.translate('Anything')).rejects.toThrow('apertium process is gone');
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
