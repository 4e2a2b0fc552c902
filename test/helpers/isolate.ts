import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Every test file gets a PARAGRAF_HOME of its own: `paragraf run`, `serve` and `events` without
 * --data keep their buckets and events there, never in the checkout's .paragraf, where a user's
 * own articles are (a vitest setup file: it runs before each test file, in its worker).
 */
const home = mkdtempSync(join(tmpdir(), 'paragraf-home-'));
process.env.PARAGRAF_HOME = home;
afterAll(() => rmSync(home, { recursive: true, force: true }));
