import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventKeyForm } from '../../shared/schemas/events.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';

/**
 * Keys as users write them, in both forms an event can carry them: raw, as EventBridge does, and
 * URL-encoded, as an S3 notification record does. Each reaches the right object, and a failure is
 * recorded under the right article.
 */
const body = 'Tram news\n\nThe council approved the tram on Wednesday night.\n\nWork starts in March.';
const KEYS: Array<[string, string]> = [
  ['incoming/a+b.txt', 'a-b'],
  ['incoming/100% sure.txt', '100-sure'],
  ['incoming/2026-11-28T10:00 brief.txt', '2026-11-28t10-00-brief'],
  ['incoming/café à la une.txt', 'cafe-a-la-une'],
  ['incoming/a%2Bb literal.txt', 'a-2bb-literal'],
];

describe.each<EventKeyForm>(['raw', 'url-encoded'])('event keys %s', (form) => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud({ eventKeys: form });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it.each(KEYS)('%s is read, translated and recorded as %s', async (key, articleId) => {
    const result = await t.upload(key, body, { 'source-language': 'en' });
    expect(result.status).toBe('SUCCEEDED');
    const doc = await t.article(articleId);
    expect(doc.source.key).toBe(key);
    expect(doc.paragraphs).toHaveLength(2);
  });

  it('a failure under such a key is recorded for its article, with the key as uploaded', async () => {
    const result = await t.upload('incoming/50% off+more.txt', '   \n  ', { 'source-language': 'en' });
    expect(result.status).toBe('FAILED');
    const error = await t.error('50-off-more');
    expect(error).toMatchObject({ code: 'BLANK_INPUT', sourceKey: 'incoming/50% off+more.txt' });
  });
});
