import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GIST_MAX_WORDS } from '../../shared/summarize/extractive.ts';
import { countWords } from '../../shared/text/words.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.stop();
});

describe('odd paragraphs cost what they are', () => {
  it('a 50 KB paragraph with no punctuation: its characters plus a short gist, and a short summary', async () => {
    const words = Array.from(
      { length: 9000 },
      (_, i) => ['council', 'tram', 'harbour', 'vote', 'line'][i % 5],
    );
    const paragraph = `The ${words.join(' ')}`;
    expect((await t.upload('incoming/run-on.txt', paragraph, { 'target-languages': 'es' })).status).toBe(
      'SUCCEEDED',
    );
    const doc = await t.article('run-on');
    const gist = doc.paragraphs[0]?.summary ?? '';
    expect(countWords(gist)).toBeLessThanOrEqual(GIST_MAX_WORDS);
    expect(doc.stats.charactersSentToTranslate).toBeLessThanOrEqual(doc.stats.characters + gist.length);
    expect(doc.summary.join(' ').length).toBeLessThan(1000);
    expect(doc.summaryTranslations.es?.join(' ').length).toBeLessThan(2000);
  }, 60_000);
});
