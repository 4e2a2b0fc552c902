const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

/** Whitespace-delimited words, the unit of the "at most N words" limits. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed.length === 0 ? 0 : trimmed.split(/\s+/).length;
}

/** Lower-cased word-like tokens, for scoring. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const { segment, isWordLike } of wordSegmenter.segment(text.toLowerCase())) {
    if (isWordLike) out.push(segment);
  }
  return out;
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
