const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

/** Whitespace-delimited words, the unit of the "at most N words" limits. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed.length === 0 ? 0 : trimmed.split(/\s+/).length;
}

/** Text the fast path reads as Intl.Segmenter does: ASCII, and the quotes, dashes and currency signs of English news. */
const FAST_PATH_TEXT = /^[\t\n\r\x20-\x7E\u00A0\u00A3\u2013\u2014\u2018\u2019\u201C\u201D\u2026\u20AC]*$/;
/**
 * Unicode's word rules (UAX #29) for that text: letters, digits and `_` run together; `.`, `:` and
 * apostrophes join two letters, and `.`, `,`, `;` and apostrophes two digits.
 */
const FAST_PATH_WORD =
  /[a-z0-9_]+(?:(?:(?<=[a-z])[.:'\u2019](?=[a-z])|(?<=[0-9])[.,;'\u2019](?=[0-9]))[a-z0-9_]+)*/g;

/**
 * Lower-cased word-like tokens, for scoring: Intl.Segmenter's words. For plain English text a
 * regular expression finds the same tokens twenty times faster (test/shared/words.test.ts holds
 * them equal); anything else goes to the segmenter.
 */
export function tokens(text: string): string[] {
  const lower = text.toLowerCase();
  if (FAST_PATH_TEXT.test(lower)) {
    // A run of underscores alone is not word-like.
    return (lower.match(FAST_PATH_WORD) ?? []).filter((token) => !/^_+$/.test(token));
  }
  const out: string[] = [];
  for (const { segment, isWordLike } of wordSegmenter.segment(lower)) {
    if (isWordLike) out.push(segment);
  }
  return out;
}

/** The text without capitalised words after its first word: names are the same in every language. */
export function withoutNames(text: string): string {
  let first = true;
  return text
    .replace(/\p{L}[\p{L}'’.-]*/gu, (word) => {
      const keep = first || !/^\p{Lu}/u.test(word);
      first = false;
      return keep ? word : '';
    })
    .replace(/\s+/g, ' ')
    .trim();
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
