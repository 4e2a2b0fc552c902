import type { ArticleDocument } from '../schemas/document.ts';
import { escapeHtml } from '../text/escape.ts';

/**
 * The wire dateline ("VALPARAÍSO, Chile (AP)") heads the story's first paragraph in every
 * language, as wire services print it: as written, never translated, then a dash.
 */
const DASH = ' — ';

/** The paragraph the dateline heads: the first of kind paragraph; -1 without a dateline. */
export function datelineIndex(doc: ArticleDocument): number {
  return doc.dateline ? doc.paragraphs.findIndex((p) => p.kind === 'paragraph') : -1;
}

/** What to print before paragraph `index`'s text, escaped by `encode`: the dateline, or nothing. */
export function datelineBefore(doc: ArticleDocument, index: number, encode = (s: string) => s): string {
  return doc.dateline && index === datelineIndex(doc) ? `${encode(doc.dateline)}${DASH}` : '';
}

/** An editor's paragraph without the dateline it was printed with. */
export function withoutDateline(doc: ArticleDocument, index: number, text: string): string {
  const before = datelineBefore(doc, index);
  return before && text.startsWith(before) ? text.slice(before.length) : text;
}

/** The dateline before paragraph `index` in HTML, marked as such; or nothing. */
export function datelineHtml(doc: ArticleDocument, index: number): string {
  const before = datelineBefore(doc, index, escapeHtml);
  return before && `<span class="dateline">${before.slice(0, -DASH.length)}</span>${DASH}`;
}
