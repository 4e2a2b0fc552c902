import { splitSentences } from './segmenter.ts';
import { utf8Length } from './words.ts';

/** Amazon Translate's TranslateText limit on the Text field, in UTF-8 bytes. */
export const TRANSLATE_MAX_BYTES = 10_000;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Splits an over-long piece at grapheme boundaries, so no character (or emoji sequence) is cut;
 * a single cluster longer than a chunk (stacked combining marks) falls back to code points.
 */
function splitGraphemes(piece: string, maxBytes: number): string[] {
  const clusters = Array.from(graphemes.segment(piece), (s) => s.segment);
  return pack(clusters, maxBytes, (cluster) => pack(Array.from(cluster), maxBytes, (c) => [c]));
}

/** Words with their trailing whitespace, so they concatenate back to the input. */
function splitWords(sentence: string): string[] {
  return sentence.match(/\S+\s*|\s+/g) ?? [];
}

/** Greedy packing of pieces into chunks of at most maxBytes; oversized pieces are split further. */
function pack(pieces: readonly string[], maxBytes: number, split: (piece: string) => string[]): string[] {
  const chunks: string[] = [];
  let current = '';
  let size = 0;
  for (const piece of pieces) {
    const bytes = utf8Length(piece);
    if (bytes > maxBytes) {
      if (current) chunks.push(current);
      current = '';
      size = 0;
      for (const part of split(piece)) chunks.push(part);
      continue;
    }
    if (size + bytes > maxBytes && current) {
      chunks.push(current);
      current = '';
      size = 0;
    }
    current += piece;
    size += bytes;
  }
  if (current) chunks.push(current);
  return chunks;
}

/**
 * Cuts text into chunks of at most maxBytes UTF-8 bytes: at sentence boundaries where possible,
 * else at word boundaries, else between graphemes. `chunks.join('') === text` always holds.
 */
export function chunkForTranslation(text: string, maxBytes = TRANSLATE_MAX_BYTES): string[] {
  if (maxBytes < 4) throw new RangeError('maxBytes must fit any UTF-8 character (4 bytes)');
  if (utf8Length(text) <= maxBytes) return text.length > 0 ? [text] : [];
  const byWords = (sentence: string) =>
    pack(splitWords(sentence), maxBytes, (w) => splitGraphemes(w, maxBytes));
  return pack(splitSentences(text), maxBytes, byWords);
}
