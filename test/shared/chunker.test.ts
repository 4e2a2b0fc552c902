import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkForTranslation, TRANSLATE_MAX_BYTES } from '../../shared/text/chunker.ts';
import { utf8Length } from '../../shared/text/words.ts';

describe('chunkForTranslation', () => {
  it('returns short text as one chunk and empty text as none', () => {
    expect(chunkForTranslation('Short text.')).toEqual(['Short text.']);
    expect(chunkForTranslation('')).toEqual([]);
  });

  it('cuts at sentence boundaries when sentences fit', () => {
    const sentence = 'The council approved the new tram line after a very long debate. ';
    const text = sentence.repeat(400);
    const chunks = chunkForTranslation(text);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(utf8Length(chunk)).toBeLessThanOrEqual(TRANSLATE_MAX_BYTES);
      expect(chunk.trimEnd().endsWith('debate.')).toBe(true);
    }
    expect(chunks.join('')).toBe(text);
  });

  it('falls back to word boundaries for a 12,000-byte run with no punctuation', () => {
    const text = Array.from({ length: 2500 }, (_, i) => `word${i % 10}`).join(' ');
    expect(utf8Length(text)).toBeGreaterThan(12_000);
    const chunks = chunkForTranslation(text);
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.endsWith(' ')).toBe(true);
  });

  it('never cuts inside a character: CJK, emoji and combining marks', () => {
    const cjk = '東京都は新しい路面電車を承認した'.repeat(500); // no spaces, no sentence ends
    const emoji = '👩‍👩‍👧‍👦'.repeat(1000);
    const combining = `e${'\u0301'.repeat(6000)}`; // one grapheme longer than a chunk
    for (const text of [cjk, emoji, combining]) {
      const chunks = chunkForTranslation(text, 1000);
      expect(chunks.join('')).toBe(text);
      for (const chunk of chunks) {
        expect(utf8Length(chunk)).toBeLessThanOrEqual(1000);
        expect(chunk).toBe(Buffer.from(chunk, 'utf8').toString('utf8')); // no lone surrogate
      }
    }
    // Family emoji (a ZWJ sequence) survive whole.
    for (const chunk of chunkForTranslation(emoji, 1000)) expect(chunk.length % '👩‍👩‍👧‍👦'.length).toBe(0);
  });

  it('property: chunks rejoin to the input and respect the byte limit', () => {
    const pieces = fc.constantFrom(
      'Hello world. ',
      'Mr. Smith said “yes.” ',
      '東京。',
      '😀',
      'e\u0301',
      ' ',
      '\n\n',
      'word ',
      'x'.repeat(50),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 400 }), fc.integer({ min: 16, max: 400 }), (parts, max) => {
        const text = parts.join('');
        const chunks = chunkForTranslation(text, max);
        expect(chunks.join('')).toBe(text);
        for (const chunk of chunks) expect(utf8Length(chunk)).toBeLessThanOrEqual(max);
      }),
      { numRuns: 300 },
    );
  });
});
