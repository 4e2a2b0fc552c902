import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';

/** An upload chooses its custom terminology with object metadata, in both worlds. */
const dir = mkdtempSync(join(tmpdir(), 'paragraf-terms-'));
writeFileSync(join(dir, 'desk.csv'), 'en,es,fr\ntram,TRANVIADESK,TRAMDESK\n');
let local: TestCloud;
let stack: TestCloud;
beforeAll(async () => {
  local = await startTestCloud({ terminologyDir: dir });
  // As a stack: only the terminologies it was deployed to allow.
  stack = await startTestCloud({ terminologyDir: dir, env: { ALLOWED_TERMINOLOGY_NAMES: 'other' } });
});
afterAll(async () => {
  await local?.stop();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const story = 'The council approved the tram on Wednesday.\n\nThe tram will run every six minutes.';

describe('terminology metadata', () => {
  it('applies the terminology an upload names, directly and through Spanish; none without it', async () => {
    await local.upload('incoming/with-terms.txt', story, {
      'target-languages': 'es+fr',
      terminology: 'desk',
    });
    const doc = await local.article('with-terms');
    expect(doc.paragraphs[0]?.translations.es?.text).toContain('TRANVIADESK');
    expect(doc.paragraphs[0]?.translations.fr?.text).toContain('TRAMDESK');
    await local.upload('incoming/without-terms.txt', story, { 'target-languages': 'es' });
    expect((await local.article('without-terms')).paragraphs[0]?.translations.es?.text).not.toContain('DESK');
  });

  it('an unknown terminology fails as Amazon Translate fails it; one the stack does not allow fails at once', async () => {
    expect((await local.upload('incoming/unknown-terms.txt', story, { terminology: 'nope' })).status).toBe(
      'FAILED',
    );
    expect((await local.error('unknown-terms')).code).toBe('TERMINOLOGY_NOT_FOUND');
    expect((await stack.upload('incoming/not-allowed.txt', story, { terminology: 'desk' })).status).toBe(
      'FAILED',
    );
    const error = await stack.error('not-allowed');
    expect(error.code).toBe('INVALID_TERMINOLOGY');
    expect(error.message).toContain('paragraf:allowedTerminologies=desk');
  });

  it('paragraf upload --terminology checks the name against the local endpoint before uploading', async () => {
    const r = await cli(
      'upload',
      'examples/harbour-tram.txt',
      '--terminology',
      'news-nmes',
      '--local',
      '--endpoint',
      'http://127.0.0.1:9',
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('No terminology "news-nmes"');
  });
});
