import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'paragraf-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, lines: string[]) => {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
};

describe('paragraf check (issue 37)', () => {
  const source = write('en.txt', [
    'Fares rise to $2.40 for 1,200 riders on March 12, said Karen Holloway.',
    'The council approved the plan after a long debate about the harbour.',
  ]);

  it('lists each flagged paragraph with its checks, and exits 1', async () => {
    const vendor = write('es.txt', [
      'Las tarifas suben a 2,50 dólares para 1.200 viajeros el 12 de marzo, dijo Karen Holloway.',
      'El consejo aprobó el plan tras un largo debate sobre el puerto.',
    ]);
    const r = await cli('check', '--from', 'en', '--to', 'es', source, vendor);
    expect(r.code).toBe(1);
    expect(r.out).toBe('paragraph 1  number "2.40"\n1 of 2 paragraphs flagged');
  });

  it('prints one JSON entry per line with --json, and exits 0 when nothing is flagged', async () => {
    const clean = write('es-clean.txt', [
      'Las tarifas suben a 2,40 dólares para 1.200 viajeros el 12 de marzo, dijo Karen Holloway.',
      'El consejo aprobó el plan tras un largo debate sobre el puerto.',
    ]);
    const r = await cli('check', '--from', 'en', '--to', 'es', source, clean, '--json');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').map((l) => JSON.parse(l))).toEqual([
      { paragraph: 1, checks: [] },
      { paragraph: 2, checks: [] },
    ]);
  });

  it('refuses files that do not line up, saying how many paragraphs each has', async () => {
    const short = write('es-short.txt', ['Una sola línea.']);
    const r = await cli('check', '--from', 'en', '--to', 'es', source, short);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/has 2 paragraphs and .*es-short\.txt 1: give one paragraph per line/);
  });
});
