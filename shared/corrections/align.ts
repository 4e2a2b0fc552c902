import { parseInlineMarkdown, parseMarkdown } from '../article/markdown-format.ts';
import { type TableData, tableStrings, tableText, withTableStrings } from '../article/model.ts';
import { normalizeSegment } from '../memory/memory.ts';
import { withoutDateline } from '../render/dateline.ts';
import { renderMarkdown } from '../render/markdown.ts';
import type { ArticleDocument } from '../schemas/document.ts';
import { splitSentences } from '../text/segmenter.ts';

/** A block of a Markdown file: lines between blank lines (a fenced code block is one, blank lines and all). */
interface Chunk {
  lines: string[];
  /** Its first line's number in the file, from 1. */
  line: number;
  fenced: boolean;
}

type Marker = 'title' | 'heading' | 'quote' | 'list-item' | 'code' | 'paragraph' | 'rule';

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

export function chunkMarkdown(text: string): Chunk[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const chunks: Chunk[] = [];
  let current: Chunk | undefined;
  let fence: string | undefined;
  lines.forEach((line, i) => {
    if (fence) {
      current?.lines.push(line);
      if (line.trim().startsWith(fence)) {
        fence = undefined;
        current = undefined;
      }
      return;
    }
    if (line.trim() === '') {
      current = undefined;
      return;
    }
    const opens = FENCE.exec(line)?.[1];
    if (opens && !current) {
      current = { lines: [line], line: i + 1, fenced: true };
      chunks.push(current);
      fence = opens;
      return;
    }
    if (current) current.lines.push(line);
    else {
      current = { lines: [line], line: i + 1, fenced: false };
      chunks.push(current);
    }
    // A fenced block ends its chunk with its closing fence.
    if (current.fenced) current = undefined;
  });
  return chunks;
}

function markerOf(chunk: Chunk): Marker {
  const first = chunk.lines[0] ?? '';
  if (chunk.fenced) return 'code';
  if (/^#\s/.test(first)) return 'title';
  if (/^#{2,6}\s/.test(first)) return 'heading';
  if (/^\s{0,3}>/.test(first)) return 'quote';
  if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(first)) return 'rule';
  if (/^\s{0,3}[-*+]\s/.test(first)) return 'list-item';
  return 'paragraph';
}

/** The chunk's words without its block syntax, lines joined as Markdown joins them. */
function contentOf(chunk: Chunk, marker: Marker): string {
  const [first = '', ...rest] = chunk.lines;
  switch (marker) {
    case 'code':
      return chunk.lines.slice(1, -1).join('\n');
    case 'title':
    case 'heading':
      return [first.replace(/^#+\s+/, '').replace(/\s+#+\s*$/, ''), ...rest].join(' ');
    case 'quote':
      return chunk.lines.map((l) => l.replace(/^\s{0,3}>\s?/, '')).join(' ');
    case 'list-item':
      return [first.replace(/^\s{0,3}[-*+]\s+/, ''), ...rest].join(' ');
    default:
      return chunk.lines.join(' ');
  }
}

const KIND_NAMES: Record<Marker, string> = {
  title: 'title (# …)',
  heading: 'heading (## …)',
  quote: 'quote (> …)',
  'list-item': 'list item (- …)',
  code: 'code block',
  paragraph: 'paragraph',
  rule: 'rule (---)',
};

/** The summary block's label, `**Resumen.**`, which the editor keeps or not. */
const SUMMARY_LABEL = /^\s*\*\*[^*]{1,40}\*\*\s*/;

/** Dice coefficient of character bigrams: how alike two paragraphs read, 0 to 1. */
export function similarity(a: string, b: string): number {
  const grams = (s: string) => {
    const t = normalizeSegment(s).toLowerCase();
    const out = new Map<string, number>();
    for (let i = 0; i < t.length - 1; i++) {
      const g = t.slice(i, i + 2);
      out.set(g, (out.get(g) ?? 0) + 1);
    }
    return out;
  };
  const x = grams(a);
  const y = grams(b);
  let shared = 0;
  let total = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  for (const [g, n] of x) shared += Math.min(n, y.get(g) ?? 0);
  return total === 0 ? (normalizeSegment(a) === normalizeSegment(b) ? 1 : 0) : (2 * shared) / total;
}

export interface ParagraphChange {
  index: number;
  text: string;
  html?: string;
  /** A table's cells as the editor wrote them (the same rows and columns). */
  table?: TableData;
}

export type Alignment =
  | {
      ok: true;
      /** What the editor changed; everything else stays as it is. */
      title?: string;
      summary: Array<{ index: number; text: string }>;
      paragraphs: ParagraphChange[];
    }
  | { ok: false; message: string };

const ADVICE =
  'Keep one block per paragraph, separated by a blank line as in the file Paragraf wrote, correct the words inside them, and upload it again. Nothing was changed.';

/**
 * Lines up an editor's copy of `<lang>.md` with the article, paragraph by paragraph, by position:
 * the title, the summary block and the footer are recognised and compared on their own. A file
 * whose paragraphs do not line up (one added, removed, merged or split, a paragraph turned into a
 * heading) is refused whole, naming the first place it goes wrong.
 */
export function alignCorrection(doc: ArticleDocument, lang: string, file: string): Alignment {
  const expected = chunkMarkdown(renderMarkdown(doc, lang));
  const title = doc.titleTranslations[lang] ?? doc.title;
  const summary = doc.summaryTranslations[lang] ?? [];
  const head = (title ? 1 : 0) + (summary.length > 0 ? 1 : 0);
  const body = expected.slice(head, head + doc.paragraphs.length);
  const footer = expected[head + doc.paragraphs.length];
  if (body.length !== doc.paragraphs.length || !footer || markerOf(footer) !== 'rule')
    throw new Error(`The ${lang} Markdown of ${doc.articleId} does not read back paragraph by paragraph.`);

  const chunks = chunkMarkdown(file);
  let at = 0;
  let editedTitle: string | undefined;
  const first = chunks[0];
  if (first && markerOf(first) === 'title') {
    if (!title)
      return { ok: false, message: `The article has no title, but line ${first.line} is one. ${ADVICE}` };
    const text = parseInlineMarkdown(contentOf(first, 'title')).text;
    if (normalizeSegment(text) !== normalizeSegment(title)) editedTitle = text;
    at++;
  }
  const summaryChanges: Array<{ index: number; text: string }> = [];
  const maybeSummary = chunks[at];
  if (summary.length > 0 && maybeSummary && markerOf(maybeSummary) === 'quote') {
    const content = contentOf(maybeSummary, 'quote');
    if (SUMMARY_LABEL.test(content)) {
      at++;
      const text = parseInlineMarkdown(content.replace(SUMMARY_LABEL, '')).text;
      if (normalizeSegment(text) !== normalizeSegment(summary.join(' '))) {
        const sentences = splitSentences(text)
          .map((s) => s.trim())
          .filter(Boolean);
        if (sentences.length !== summary.length)
          return {
            ok: false,
            message: `The summary (line ${maybeSummary.line}) has ${summary.length} sentence${summary.length === 1 ? '' : 's'} in the article and ${sentences.length} in the file: correct each sentence in place, one for one. Nothing was changed.`,
          };
        sentences.forEach((s, index) => {
          if (normalizeSegment(s) !== normalizeSegment(summary[index] ?? ''))
            summaryChanges.push({ index, text: s });
        });
      }
    }
  }
  const rule = chunks.findIndex((c, i) => i >= at && markerOf(c) === 'rule');
  const edited = chunks.slice(at, rule === -1 ? undefined : rule);

  const misaligned = findMisalignment(body, edited, at);
  if (misaligned) return { ok: false, message: `${misaligned} ${ADVICE}` };

  const paragraphs: ParagraphChange[] = [];
  for (const [index, chunk] of edited.entries()) {
    const paragraph = doc.paragraphs[index];
    const machine = body[index];
    if (!paragraph || !machine) continue;
    const marker = markerOf(chunk);
    // Code is never translated: an edit to it is not a translation.
    if (marker === 'code') continue;
    const content = withoutDateline(doc, index, contentOf(chunk, marker));
    const machineContent = withoutDateline(doc, index, contentOf(machine, markerOf(machine)));
    if (normalizeSegment(content) === normalizeSegment(machineContent)) continue;
    if (paragraph.table) {
      const table = editedTable(chunk, paragraph.translations[lang]?.table ?? paragraph.table);
      if (typeof table === 'string')
        return { ok: false, message: `Paragraph ${index + 1} (line ${chunk.line}) ${table} ${ADVICE}` };
      paragraphs.push({ index, text: tableText(table), table });
      continue;
    }
    const parsed = parseInlineMarkdown(content);
    if (!parsed.text)
      return { ok: false, message: `Paragraph ${index + 1} (line ${chunk.line}) is empty. ${ADVICE}` };
    const current = paragraph.translations[lang];
    if (
      current &&
      normalizeSegment(parsed.text) === normalizeSegment(current.text) &&
      (parsed.html ?? '') === (current.html ?? '')
    )
      continue;
    paragraphs.push({ index, ...parsed });
  }
  return {
    ok: true,
    ...(editedTitle === undefined ? {} : { title: editedTitle }),
    summary: summaryChanges,
    paragraphs,
  };
}

/**
 * An editor's Markdown table, read back: the article's table with the editor's cells, or why it
 * does not fit (a row or column added or removed).
 */
function editedTable(chunk: Chunk, current: TableData): TableData | string {
  const { blocks } = parseMarkdown(chunk.lines.join('\n'));
  const table = blocks.length === 1 ? blocks[0]?.table : undefined;
  if (!table) return 'is a table in the article but not one table in the file.';
  const shape = (t: TableData) => [t.caption !== undefined, ...t.rows.map((r) => r.cells.length)].join(',');
  // The header row of empty cells Paragraf writes for a table without one is no row.
  if (shape(table) !== shape(current))
    return `is a table of ${current.rows.length} rows in the article and of ${table.rows.length} rows in the file, or its columns or caption differ: correct the cells in place.`;
  return withTableStrings(current, tableStrings(table));
}

/** The first place the edited paragraphs stop lining up with the article's, said for an editor. */
function findMisalignment(
  machine: readonly Chunk[],
  edited: readonly Chunk[],
  skipped: number,
): string | undefined {
  const text = (c: Chunk | undefined) => (c ? contentOf(c, markerOf(c)) : '');
  const n = machine.length;
  const b = edited.length;
  for (let i = 0; i < Math.min(n, b); i++) {
    const m = machine[i];
    const e = edited[i];
    if (!m || !e) break;
    const expectedKind = markerOf(m);
    const foundKind = markerOf(e);
    if (expectedKind !== foundKind)
      return `Paragraph ${i + 1} (line ${e.line}) is a ${KIND_NAMES[expectedKind]} in the article but a ${KIND_NAMES[foundKind]} in the file.`;
    const same = similarity(text(e), text(m));
    if (same > 0.98) continue;
    const next = edited[i + 1];
    const alternatives: Array<[string, number]> = [];
    if (i + 1 < n) {
      alternatives.push([
        `Paragraph ${i + 1} of the article is missing from the file: line ${e.line} reads as paragraph ${i + 2}.`,
        similarity(text(e), text(machine[i + 1])),
      ]);
      alternatives.push([
        `Paragraph ${i + 1} of the file (line ${e.line}) holds paragraphs ${i + 1} and ${i + 2} of the article: they were merged.`,
        similarity(text(e), `${text(m)} ${text(machine[i + 1])}`),
      ]);
    }
    if (next) {
      alternatives.push([
        `Paragraph ${i + 1} of the file (line ${e.line}) is not in the article: a paragraph was added before line ${next.line}.`,
        similarity(text(next), text(m)),
      ]);
      alternatives.push([
        `Paragraph ${i + 1} of the article was split in two in the file (lines ${e.line} and ${next.line}).`,
        similarity(`${text(e)} ${text(next)}`, text(m)),
      ]);
    }
    const best = alternatives.sort((x, y) => y[1] - x[1])[0];
    if (best && best[1] > 0.5 && best[1] > same + 0.15) return best[0];
  }
  if (b === n) return undefined;
  const last = edited[Math.min(n, b) - 1];
  const where = last ? ` after line ${last.line}` : skipped > 0 ? ' after the summary' : '';
  return b > n
    ? `The file has ${b} paragraphs and the article ${n}: ${b - n} more${where}.`
    : `The file has ${b} paragraphs and the article ${n}: ${n - b} missing${where}.`;
}
