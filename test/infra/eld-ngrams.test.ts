import { describe, expect, it } from 'vitest';
import { encodeNgrams, ngramTable } from '../../infra/aws/constructs/eld-ngrams.ts';

describe('eld’s n-grams in flat strings', () => {
  it('answer every n-gram of eld’s own table exactly, and nothing else', async () => {
    const { ngramsData }: { ngramsData: { ngrams: Record<string, Record<string, number>> } } = await import(
      // The package's data module itself (not exported, hence the path).
      import.meta.resolve('eld').replace(/src\/entries\/.*$/, 'src/ngrams/extrasmall.js')
    );
    const table = ngramTable(encodeNgrams(ngramsData.ngrams));
    const grams = Object.keys(ngramsData.ngrams);
    expect(grams.length).toBeGreaterThan(40_000);
    for (const gram of grams) expect(table[gram]).toEqual(ngramsData.ngrams[gram]);
    // Misses: unknown grams, too long, and prefixes and extensions of known ones.
    const known = grams[0] ?? '';
    for (const miss of ['zzzzzzz', `${known}x`, known.slice(0, -1), '', 'ĀĀĀ'])
      if (!(miss in ngramsData.ngrams)) expect(table[miss]).toBeUndefined();
    expect(Object.keys(table[known] ?? {})).toEqual(Object.keys(ngramsData.ngrams[known] ?? {}));
  });

  it('refuse data the layout cannot hold instead of mis-encoding it', () => {
    expect(() => encodeNgrams({ abcdefg: { 1: 10 } })).toThrow(/up to 6/);
    expect(() => encodeNgrams({ aĀ: { 1: 10 } })).toThrow(/byte characters/);
    expect(() => encodeNgrams({ ab: { 1: 5000 } })).toThrow(/out of range/);
    expect(() => encodeNgrams({ ab: { 1: 1.5 } })).toThrow(/out of range/);
  });
});
