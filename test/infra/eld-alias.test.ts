import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eldCompactEntry } from '../../infra/aws/constructs/eld-data.ts';

const aliasModule = fileURLToPath(new URL('../../infra/local/eld-alias.ts', import.meta.url));

describe('eld in the local cloud’s threads (infra/local/eld-alias.ts)', () => {
  it('resolves to the twin the Lambda bundles use, and detects as the package does', () => {
    // In a process of its own: a resolve hook stays for the life of its thread.
    const script = `const { loadEldAsTheLambdasDo } = await import(${JSON.stringify(aliasModule)});
      const before = import.meta.resolve('eld/extrasmall');
      const { eld: own } = await import('eld/extrasmall');
      loadEldAsTheLambdasDo();
      const after = import.meta.resolve('eld/extrasmall');
      const { eld: twin } = await import('eld/extrasmall');
      const text = 'El Gobierno aprobó ayer la reforma de las pensiones tras meses de negociación.';
      console.log(JSON.stringify({ before, after, same: own === twin, own: own.detect(text).getScores(), twin: twin.detect(text).getScores() }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    expect(result.before).toMatch(/\/eld\/src\/entries\/static\.extrasmall\.js$/);
    expect(result.after).toBe(`file://${eldCompactEntry()}`);
    expect(result.same).toBe(false);
    expect(result.twin).toEqual(result.own);
    expect(Object.keys(result.twin).length).toBeGreaterThan(0);
  });
});
