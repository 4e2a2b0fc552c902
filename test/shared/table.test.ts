import { describe, expect, it } from 'vitest';
import { tableText } from '../../shared/article/model.ts';
import { parseArticleText } from '../../shared/article/reader.ts';
import { buildUnits } from '../../shared/pipeline/summarize.ts';
import { tableToHtml, tableToMarkdown } from '../../shared/render/table.ts';
import { summarizeBlocks } from '../../shared/summarize/extractive.ts';

const prose = [
  'The port operator and the union signed the agreement on Thursday after a night of talks.',
  'The agreement changes pay and safety rules for the port’s eight hundred workers.',
];
const TABLE = `<table><caption>Release dates</caption>
  <thead><tr><th>Release</th><th>Date</th></tr></thead>
  <tbody><tr><td>4.2.3</td><td>April 2014</td></tr><tr><td>4.3 <a href="https://x.example/n">notes</a></td><td>7 July 2014</td></tr></tbody>
</table>`;
const html = (table: string) =>
  `${prose.map((p) => `<p>${p}</p>`).join('')}${table}<p>Talks resume in March.</p>`;

describe('tables', () => {
  it('a data table is one block of kind table: caption, header and body cells, dates kept', async () => {
    const { blocks } = await parseArticleText(html(TABLE), 'html');
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'table', 'paragraph']);
    const table = blocks[2]?.table;
    expect(table).toEqual({
      caption: 'Release dates',
      rows: [
        { header: true, cells: ['Release', 'Date'] },
        { header: false, cells: ['4.2.3', 'April 2014'] },
        { header: false, cells: ['4.3 notes', '7 July 2014'] },
      ],
    });
    expect(blocks[2]?.text).toBe(tableText(table ?? { rows: [] }));
  });

  it('a layout table (a table in a table, lists in cells) is read as the page it lays out', async () => {
    const layout = `<table><tr><td><table><tr><td>a</td><td>b</td></tr></table></td><td><p>${prose[0]}</p><ul><li>One point</li></ul></td></tr></table>`;
    const { blocks } = await parseArticleText(html(layout), 'html');
    expect(blocks.some((b) => b.kind === 'table' && b.text.includes('One point'))).toBe(false);
    expect(blocks.some((b) => b.kind === 'list-item' && b.text === 'One point')).toBe(true);
  });

  it('a one-column table of a picture and its caption is layout too', async () => {
    const { blocks } = await parseArticleText(
      html('<table><tr><td>A crane</td></tr><tr><td>Photo: AP</td></tr></table>'),
      'html',
    );
    expect(blocks.some((b) => b.kind === 'table')).toBe(false);
  });

  it('a Markdown table is a table block; a header of empty cells is no header', async () => {
    const md = `${prose.join('\n\n')}\n\n| Item | Count |\n| --- | --- |\n| Cranes | 160 |\n\n|  |  |\n| --- | --- |\n| a | b |\n`;
    const { blocks } = await parseArticleText(md, 'md');
    expect(blocks.filter((b) => b.kind === 'table').map((b) => b.table)).toEqual([
      {
        rows: [
          { header: true, cells: ['Item', 'Count'] },
          { header: false, cells: ['Cranes', '160'] },
        ],
      },
      { rows: [{ header: false, cells: ['a', 'b'] }] },
    ]);
  });

  it('is never gisted or summarized, and each cell is its own unit; numbers and dates without words stay as they are', async () => {
    const { blocks } = await parseArticleText(html(TABLE), 'html');
    const { gists, summary } = summarizeBlocks(blocks, { sentences: 3 });
    expect(gists[2]).toBe('');
    for (const sentence of summary) expect(sentence).not.toMatch(/Release|April 2014/);
    const units = buildUnits({ blocks }, gists, summary).filter((u) => u.id.startsWith('c2.'));
    expect(units.map((u) => [u.id, u.text, u.translate])).toEqual([
      ['c2.0', 'Release dates', true],
      ['c2.1', 'Release', true],
      ['c2.2', 'Date', true],
      ['c2.3', '4.2.3', false],
      ['c2.4', 'April 2014', true],
      ['c2.5', '4.3 notes', true],
      ['c2.6', '7 July 2014', true],
    ]);
    expect(buildUnits({ blocks }, gists, summary).some((u) => u.id === 'p2')).toBe(false);
  });

  it('renders as an HTML table and a Markdown table, cells escaped', () => {
    const table = {
      caption: 'Fares <2027>',
      rows: [
        { header: true, cells: ['Route', 'Fare'] },
        { header: false, cells: ['A | B', '<b>3</b>'] },
      ],
    };
    expect(tableToHtml(table)).toBe(
      '<table><caption>Fares &lt;2027&gt;</caption><thead><tr><th>Route</th><th>Fare</th></tr></thead><tbody><tr><td>A | B</td><td>&lt;b&gt;3&lt;/b&gt;</td></tr></tbody></table>',
    );
    expect(tableToMarkdown(table)).toBe(
      '*Fares \\<2027>*\n| Route | Fare |\n| --- | --- |\n| A \\| B | \\<b>3\\</b> |',
    );
    expect(tableToMarkdown({ rows: [{ header: false, cells: ['x'] }] })).toBe('|  |\n| --- |\n| x |');
  });

  it('reads back from the Markdown it writes, caption included', async () => {
    const table = {
      caption: 'Fares *2027* <net>',
      rows: [
        { header: true, cells: ['Route', 'Fare'] },
        { header: false, cells: ['A | B', '3.50'] },
      ],
    };
    const md = `${prose.join('\n\n')}\n\n${tableToMarkdown(table)}\n\nAfter.\n`;
    const { blocks } = await parseArticleText(md, 'md');
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'table', 'paragraph']);
    expect(blocks[2]?.table).toEqual(table);
  });
});
