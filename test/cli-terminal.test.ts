import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { progressFrame } from '../infra/cli/progress.ts';
import type { StatusDocument } from '../shared/schemas/document.ts';
import { PARAGRAF_BIN as bin, REPO_ROOT as root } from './helpers/paths.ts';

const example = readFileSync(new URL('../examples/harbour-tram.txt', import.meta.url), 'utf8');

function running(articleId: string, done: number, total: number): StatusDocument {
  return {
    articleId,
    runId: '0123456789abcdef',
    state: 'running',
    sourceKey: `incoming/${articleId}.txt`,
    updatedAt: new Date().toISOString(),
    paragraphs: total,
    progress: { done, total },
  };
}

describe('the live progress block', () => {
  it('is never taller than the terminal, nor wider, and sums up the run in one line', () => {
    const statuses = new Map<string, StatusDocument | undefined>();
    for (let i = 0; i < 30; i++)
      statuses.set(`an-article-with-a-rather-long-name-${i}`, running(`a${i}`, 1, 4));
    statuses.set('finished', { ...running('finished', 4, 4), state: 'succeeded' });
    statuses.set('queued', undefined);
    const frame = progressFrame(statuses, { rows: 24, columns: 40 }, 10).split('\n');
    expect(frame.length).toBeLessThanOrEqual(23);
    for (const line of frame) expect(line.length).toBeLessThanOrEqual(39);
    expect(frame.at(-2)).toMatch(/^… and \d+ more running$/);
    // 30 running articles at 1 paragraph each plus the finished one's 4: 34 paragraphs in 10 s,
    // 128 in all (the one not started counted as the average, 4): 94 left at 3.4 a second.
    const full = '1/32 done · 0 failed · 30 running · 1 waiting · 3.4 paragraphs/s · ETA 0:28';
    expect(progressFrame(statuses, { rows: 24, columns: 100 }, 10).split('\n').at(-1)).toBe(full);
    expect(frame.at(-1)).toBe(`${full.slice(0, 38)}…`);
  });
});

/** Runs a command in a detached tmux pane of the given size; answers the whole scrollback once it exits. */
function inTerminal(command: string, size: { rows: number; columns: number }, timeoutMs: number): string {
  const socket = `paragraf-test-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'paragraf-tty-'));
  const marker = join(dir, 'exit-code');
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  tmux(
    'new-session',
    '-d',
    '-x',
    String(size.columns),
    '-y',
    String(size.rows),
    `cd ${root} && ${command}; echo $? > ${marker}; sleep 60`,
  );
  try {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(marker) || readFileSync(marker, 'utf8').trim() === '') {
      if (Date.now() > deadline)
        throw new Error(`still running after ${timeoutMs} ms:\n${tmux('capture-pane', '-p')}`);
      execFileSync('sleep', ['0.5']);
    }
    expect(readFileSync(marker, 'utf8').trim()).toBe('0');
    return tmux('capture-pane', '-p', '-S', '-', '-E', '-');
  } finally {
    tmux('kill-server');
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('paragraf run in a 24-row terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paragraf-thirty-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('30 articles leave one "ok" line each and the totals, no copies of the live block', {
    timeout: 240_000,
  }, () => {
    mkdirSync(join(dir, 'in'));
    for (let i = 0; i < 30; i++)
      writeFileSync(
        join(dir, 'in', `story-${String(i).padStart(2, '0')}.txt`),
        example.replace(/\d+/g, (n) => String(Number(n) + i)),
      );
    const scrollback = inTerminal(
      `${process.execPath} ${bin} run ${join(dir, 'in')}/*.txt --out ${join(dir, 'out')} --fresh`,
      { rows: 24, columns: 80 },
      200_000,
    );
    const lines = scrollback.replace(/\s+$/, '').split('\n');
    expect(lines.length).toBeLessThan(80);
    expect(lines.filter((l) => l.startsWith('ok      '))).toHaveLength(30);
    for (let i = 0; i < 30; i++) {
      const name = `story-${String(i).padStart(2, '0')}.txt`;
      expect(lines.filter((l) => l.includes(`/${name} ->`))).toHaveLength(1);
    }
    // The live block is erased, never scrolled: no bar, no summary line is left behind.
    expect(lines.filter((l) => /running \[|paragraphs\/s/.test(l))).toEqual([]);
    expect(lines.at(-1)).toBe('30 succeeded, 0 failed');
  });
});
