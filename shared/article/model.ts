import * as z from 'zod';

export const ARTICLE_FORMATS = ['txt', 'md', 'html'] as const;
export const ArticleFormat = z.enum(ARTICLE_FORMATS);
export type ArticleFormat = z.infer<typeof ArticleFormat>;

export const BlockKind = z.enum([
  'heading',
  'paragraph',
  'quote',
  'list-item',
  'code',
  'table',
  'standfirst',
]);
export type BlockKind = z.infer<typeof BlockKind>;

/** A table's cells as text, row by row; header rows marked. Never gisted or summarized. */
export const TableData = z.object({
  caption: z.string().min(1).optional(),
  rows: z.array(z.object({ header: z.boolean(), cells: z.array(z.string()) })).min(1),
});
export type TableData = z.infer<typeof TableData>;

/** A table's `text`: caption, then its rows, cells separated by " | " and rows by " / ". */
export function tableText(table: TableData): string {
  const rows = table.rows.map((r) => r.cells.join(' | ')).join(' / ');
  return table.caption ? `${table.caption}: ${rows}` : rows;
}

/** Every translatable string of a table, caption first, then cells row by row (the units' order). */
export function tableStrings(table: TableData): string[] {
  return [...(table.caption ? [table.caption] : []), ...table.rows.flatMap((r) => r.cells)];
}

/** The same table with its strings replaced, in tableStrings' order. */
export function withTableStrings(table: TableData, strings: readonly string[]): TableData {
  let next = 0;
  const take = () => strings[next++] ?? '';
  const caption = table.caption ? take() : undefined;
  const rows = table.rows.map((r) => ({ header: r.header, cells: r.cells.map(() => take()) }));
  return caption ? { caption, rows } : { rows };
}

/** Prose: what is gisted, summarized and votes on the language; not code, not a table's cells. */
export const isProse = (block: { kind: BlockKind }): boolean =>
  block.kind !== 'code' && block.kind !== 'table';

/** One paragraph-level unit of an article. Code blocks are kept but never translated. */
export const Block = z.object({
  kind: BlockKind,
  text: z.string().min(1),
  translate: z.boolean(),
  /**
   * The paragraph's inline markup, sanitized (shared/markup): links, emphasis, code, superscripts,
   * line breaks. Absent when the paragraph has none; its words are always `text`'s.
   */
  html: z.string().min(1).optional(),
  /** A table's cells (kind "table"); `text` is tableText of it. */
  table: TableData.optional(),
});
export type Block = z.infer<typeof Block>;

/**
 * What the source page says about itself (1.5): never paragraphs, never translated or summarized.
 * `url` is its canonical address (canonical link, og:url, or the upload's source-url metadata).
 */
export const SourceMetadata = z.object({
  url: z.url({ protocol: /^https?$/ }).optional(),
  siteName: z.string().min(1).optional(),
  byline: z.string().min(1).optional(),
  publishedTime: z.string().min(1).optional(),
  /** Relative links with no address to resolve them against: published as their words. */
  unresolvedLinks: z.number().int().positive().optional(),
});
export type SourceMetadata = z.infer<typeof SourceMetadata>;

export const ParsedArticle = z.object({
  format: ArticleFormat,
  title: z.string().min(1).optional(),
  blocks: z.array(Block),
  metadata: SourceMetadata.optional(),
  /** "VALPARAÍSO, Chile (AP)": the wire dateline that opened the story, kept apart from its text. */
  dateline: z.string().min(1).optional(),
});
export type ParsedArticle = z.infer<typeof ParsedArticle>;
