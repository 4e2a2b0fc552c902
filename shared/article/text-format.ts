import type { Block } from './model.ts';

/** Plain text: blank lines separate paragraphs; hard-wrapped lines inside one are joined. */
export function parseText(text: string): Block[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\f\v\u00a0]*\n/)
    .map((chunk) =>
      chunk
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.length > 0)
        .join(' '),
    )
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph): Block => ({ kind: 'paragraph', text: paragraph, translate: true }));
}

const FINAL_PUNCTUATION = /[.!?:;,…"'”’)\]]$/u;
const MAX_TITLE_WORDS = 16;
const MAX_TITLE_CHARS = 140;

/** A short first line without final punctuation reads as a headline, not as prose. */
export function looksLikeTitle(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_TITLE_CHARS || trimmed.includes('\n')) return false;
  if (FINAL_PUNCTUATION.test(trimmed)) return false;
  return trimmed.split(/\s+/).length <= MAX_TITLE_WORDS;
}
