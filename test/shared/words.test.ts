import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokens } from '../../shared/text/words.ts';

/** Intl.Segmenter's word-like segments: what tokens() must find, whichever way it finds them. */
const segmenter = new Intl.Segmenter('en', { granularity: 'word' });
function segmenterTokens(text: string): string[] {
  return [...segmenter.segment(text.toLowerCase())].filter((s) => s.isWordLike).map((s) => s.segment);
}

const TRICKY = [
  'U.S. and U.K. officials, e.g. the F.B.I.',
  '3.5 and 1,000,000.50 and 1;2 and 1’000',
  'don’t won’t rock’n’roll O’Neill it’s ’tis x’',
  "don't won't rock'n'roll O'Neill it's 'tis x'",
  'a_b _ __x _a_ 1_2',
  '10:30 a:b a:1 1:a 3,a a,3 x.5 5.x',
  'co-op N.Y.-based e-mail mid-2020s 1990s ’90s',
  'abc123 123abc C++ and C# Mr.Brown Dr. Smith’s',
  '£5 €10 5% 9/11 24/7 #hashtag @handle user@example.com www.bbc.co.uk',
  '“Quoted”, ‘single’ — dashes – and … ellipsis\u00a0nbsp',
  'Ünïcödé words, 東京 and ไทย go to the segmenter',
  '',
];

describe('tokens', () => {
  it('finds Intl.Segmenter’s words in tricky English and in text only the segmenter reads', () => {
    for (const text of TRICKY) expect(tokens(text), text).toEqual(segmenterTokens(text));
  });

  it('finds them in every example and fixture of the repository', () => {
    const files = [
      ...readdirSync(new URL('../../examples/', import.meta.url)).map((f) => `../../examples/${f}`),
      ...readdirSync(new URL('../fixtures/', import.meta.url)).map((f) => `../fixtures/${f}`),
    ].filter((f) => /\.(txt|md|html)$/.test(f));
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      const text = readFileSync(new URL(file, import.meta.url), 'utf8');
      expect(tokens(text), file).toEqual(segmenterTokens(text));
    }
  });

  const bbc = new URL('../../../shared/data/summarization/bbc-300.jsonl', import.meta.url);
  it.skipIf(!existsSync(bbc))('finds them in the 300 BBC articles of ../shared/data', () => {
    const articles = readFileSync(bbc, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => String(JSON.parse(line).article));
    for (const article of articles) expect(tokens(article)).toEqual(segmenterTokens(article));
  });
});
