import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PACKAGES } from '../../infra/local/apertium-pairs.ts';
import { REPO_ROOT as root } from '../helpers/paths.ts';

/** setup.sh and the local engine read one pair table: a pair one suggests, the other installs. */
describe('the pair table', () => {
  const setup = (...args: string[]) =>
    spawnSync('bash', ['infra/local/setup.sh', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });

  it('setup.sh names every mode the engine knows a package for, es-pt_BR included', () => {
    const r = setup('--pairs', 'no-such-pair');
    expect(r.status).toBe(2);
    const known = /Known: (.*)$/m.exec(r.stderr)?.[1]?.split(' ') ?? [];
    expect(known.sort()).toEqual(Object.keys(PACKAGES).sort());
    expect(known).toContain('es-pt_BR');
  });

  it('setup.sh refuses an option it does not know, before installing anything', () => {
    const r = setup('--nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Unknown option --nope');
  });
});
