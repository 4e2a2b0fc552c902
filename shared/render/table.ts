import type { TableData } from '../article/model.ts';
import { escapeHtml } from '../text/escape.ts';

/** A table as HTML: its caption, header rows in <thead> with <th>, the rest in <tbody>. */
export function tableToHtml(table: TableData): string {
  const row = (cells: readonly string[], tag: 'th' | 'td') =>
    `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  const head = table.rows.filter((r) => r.header);
  const body = table.rows.filter((r) => !r.header);
  return [
    '<table>',
    table.caption ? `<caption>${escapeHtml(table.caption)}</caption>` : '',
    head.length ? `<thead>${head.map((r) => row(r.cells, 'th')).join('')}</thead>` : '',
    body.length ? `<tbody>${body.map((r) => row(r.cells, 'td')).join('')}</tbody>` : '',
    '</table>',
  ].join('');
}

/** A cell's text made safe inside a Markdown table row: no pipe or line break ends it, no tag opens. */
const markdownCell = (text: string) => text.replace(/[\\|<]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');

/**
 * A table as a Markdown (GFM) table. GFM needs a header row: a table without one gets a row of
 * empty cells, which Markdown renders as no header. The caption is an italic line right above it,
 * with no blank line between: the table stays one block of the file, as an editor's copy must.
 */
export function tableToMarkdown(table: TableData): string {
  const width = Math.max(1, ...table.rows.map((r) => r.cells.length));
  const line = (cells: readonly string[]) =>
    `| ${Array.from({ length: width }, (_, i) => markdownCell(cells[i] ?? '')).join(' | ')} |`;
  const [first, ...rest] = table.rows;
  const header = first?.header ? first : undefined;
  const body = header ? rest : table.rows;
  return [
    ...(table.caption ? [`*${table.caption.replace(/[*<]/g, (c) => `\\${c}`)}*`] : []),
    line(header?.cells ?? []),
    `|${' --- |'.repeat(width)}`,
    ...body.map((r) => line(r.cells)),
  ].join('\n');
}
