import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArticleText } from '../../shared/article/reader.ts';
import { splitSentences } from '../../shared/text/segmenter.ts';

/** Words from several scripts, with combining marks, emoji and abbreviation-like tokens. */
const word = fc.constantFrom(
  'council',
  'U.S.',
  'Mr.',
  'tranvía',
  'e\u0301te',
  '東京',
  '😀',
  '👩‍👩‍👧',
  'said.',
  '“Yes,”',
  'Kyiv?',
  '3.5%',
  'naïve!',
  'مدينة',
  'Москва.',
);
const line = fc.array(word, { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));
const paragraph = fc.array(line, { minLength: 1, maxLength: 4 }).map((l) => l.join('\n'));
const article = fc
  .tuple(fc.array(paragraph, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n\n', '\r\n\r\n', '\n \n'))
  .map(([ps, sep]) => ps.join(sep));

const tokensOf = (text: string) => text.split(/\s+/).filter(Boolean);

describe('properties', () => {
  it('the text reader loses and reorders no word', async () => {
    await fc.assert(
      fc.asyncProperty(article, async (text) => {
        let parsed: Awaited<ReturnType<typeof parseArticleText>>;
        try {
          parsed = await parseArticleText(text, 'txt');
        } catch {
          return; // only "no paragraphs" can throw, and this generator always has words
        }
        const out = [...(parsed.title ? [parsed.title] : []), ...parsed.blocks.map((b) => b.text)].join(' ');
        expect(tokensOf(out)).toEqual(tokensOf(text));
      }),
      { numRuns: 300 },
    );
  });

  it('the HTML reader keeps every word of escaped paragraph text', async () => {
    const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 2, maxLength: 6 }), async (paragraphs) => {
        const html = `<html><body>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</body></html>`;
        const parsed = await parseArticleText(html, 'html');
        const out = [...(parsed.title ? [parsed.title] : []), ...parsed.blocks.map((b) => b.text)].join(' ');
        expect(tokensOf(out)).toEqual(tokensOf(paragraphs.join(' ')));
      }),
      { numRuns: 200 },
    );
  });

  it('sentences always concatenate back to the exact input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), article), (text) => {
        expect(splitSentences(text).join('')).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
