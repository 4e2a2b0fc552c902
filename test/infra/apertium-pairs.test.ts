import { spawn, spawnSync } from 'node:child_process';
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

  it('setup.sh waits while another install holds the package manager, then gives up with a clear message', async () => {
    const installed = (pkg: string) =>
      spawnSync('dpkg-query', ['-W', `-f=\${Status}`, pkg], { encoding: 'utf8' }).stdout.includes(
        'install ok installed',
      );
    const mode = Object.entries(PACKAGES).find(([, pkg]) => !installed(pkg))?.[0];
    if (!mode) throw new Error('every Apertium pair package is installed here: no install to wait for');
    // Another "install": a process holding dpkg's frontend lock, as apt and dpkg take it.
    const holder = spawn('python3', [
      '-c',
      "import fcntl, sys, time\nf = open('/var/lib/dpkg/lock-frontend', 'w')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(60)",
    ]);
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', () => resolve());
        holder.on('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
      });
      const started = Date.now();
      const r = spawnSync('bash', ['infra/local/setup.sh', '--pairs', mode], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, PARAGRAF_APT_LOCK_WAIT: '4' },
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain(
        "Another install holds the package manager's lock; waiting for it (up to 4 s)...",
      );
      expect(r.stderr).toMatch(
        /The package manager is still locked by another install after 4 s \(held by process \d+/,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
      expect(installed(PACKAGES[mode] ?? '')).toBe(false);
    } finally {
      holder.kill();
    }
  }, 60_000);
});
