import { Lexer, marked, type Token, type Tokens } from 'marked';
import {
  hasMarkup,
  inlineFromMarkdown,
  inlineToHtml,
  normalizeInline,
  inlineText as textOfInline,
} from '../markup/inline.ts';
import { escapeText } from '../text/escape.ts';
import { type Block, type TableData, tableText } from './model.ts';

function inlineText(tokens: readonly Token[] | undefined, fallback: string): string {
  if (!tokens) return fallback;
  let out = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'br':
        out += ' ';
        break;
      case 'html':
        break;
      case 'codespan':
      case 'escape':
        out += token.text;
        break;
      case 'image':
        out += token.text;
        break;
      default:
        if ('tokens' in token && Array.isArray(token.tokens)) out += inlineText(token.tokens, token.raw);
        else out += 'text' in token && typeof token.text === 'string' ? token.text : token.raw;
    }
  }
  return out;
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function push(blocks: Block[], kind: Block['kind'], text: string, translate = true, html?: string): void {
  const value = kind === 'code' ? text.replace(/\n+$/, '') : clean(text);
  if (value.length > 0)
    blocks.push(html ? { kind, text: value, translate, html } : { kind, text: value, translate });
}

/** A paragraph's text and, when it has links, emphasis or code spans, its sanitized markup. */
function pushInline(
  blocks: Block[],
  kind: Block['kind'],
  tokens: readonly Token[] | undefined,
  fallback: string,
) {
  const text = inlineText(tokens, fallback);
  const inline = normalizeInline(inlineFromMarkdown(tokens));
  const html =
    tokens && hasMarkup(inline) && textOfInline(inline) === clean(text) ? inlineToHtml(inline) : undefined;
  push(blocks, kind, text, true, html);
}

/**
 * One paragraph's inline Markdown (no block syntax): its words, and its sanitized markup when it
 * has links, emphasis or code. An editor's corrected paragraph is read with it.
 */
export function parseInlineMarkdown(markdown: string): { text: string; html?: string } {
  const tokens = Lexer.lexInline(markdown);
  const text = clean(inlineText(tokens, markdown));
  const inline = normalizeInline(inlineFromMarkdown(tokens));
  return hasMarkup(inline) && textOfInline(inline) === text ? { text, html: inlineToHtml(inline) } : { text };
}

/** "*Caption*" on the line right above a table (as Paragraf writes one): the table's caption. */
const CAPTION = /^\*((?:\\.|[^*\\\n])+)\*\n$/;

function walk(tokens: readonly Token[], blocks: Block[], inQuote: boolean): void {
  let previous: Token | undefined;
  for (const token of tokens) {
    const before = previous;
    previous = token;
    switch (token.type) {
      case 'heading':
        pushInline(blocks, 'heading', token.tokens, token.text);
        break;
      case 'paragraph':
      case 'text':
        pushInline(blocks, inQuote ? 'quote' : 'paragraph', token.tokens, token.text);
        break;
      case 'blockquote':
        walk((token as Tokens.Blockquote).tokens, blocks, true);
        break;
      case 'list':
        for (const item of (token as Tokens.List).items) {
          const nested: Block[] = [];
          walk(item.tokens, nested, inQuote);
          const prose = nested.filter((b) => b.kind !== 'code');
          const text = prose.map((b) => b.text).join(' ');
          const html = prose.some((b) => b.html)
            ? prose.map((b) => b.html ?? escapeText(b.text)).join(' ')
            : undefined;
          push(blocks, 'list-item', text, true, html);
          for (const b of nested) if (b.kind === 'code') blocks.push(b);
        }
        break;
      case 'code':
        push(blocks, 'code', token.text, false);
        break;
      case 'table': {
        const { header, rows } = token as Tokens.Table;
        const cells = (row: readonly Tokens.TableCell[]) =>
          row.map((cell) => clean(inlineText(cell.tokens, cell.text)));
        const caption = before?.type === 'paragraph' ? CAPTION.exec(before.raw)?.[1] : undefined;
        if (caption) blocks.pop();
        const table: TableData = {
          ...(caption ? { caption: clean(caption.replace(/\\([*<])/g, '$1')) } : {}),
          rows: [
            // A header of empty cells is Markdown's way of writing a table without one.
            ...(header.some((c) => c.text.trim()) ? [{ header: true, cells: cells(header) }] : []),
            ...rows.map((row) => ({ header: false, cells: cells(row) })),
          ],
        };
        if (table.rows.length > 0)
          blocks.push({ kind: 'table', text: tableText(table), translate: true, table });
        break;
      }
      default:
        // space, hr, html and definitions carry no article prose.
        break;
    }
  }
}

/** Markdown: headings, paragraphs, quotes and list items become blocks; code is kept verbatim. */
export function parseMarkdown(text: string): { blocks: Block[]; title?: string } {
  const tokens = marked.lexer(text.replace(/\r\n?/g, '\n'));
  const blocks: Block[] = [];
  walk(tokens, blocks, false);
  const first = tokens.find((t) => t.type !== 'space');
  if (first?.type === 'heading' && (first as Tokens.Heading).depth === 1 && blocks[0]?.kind === 'heading') {
    const [titleBlock, ...rest] = blocks;
    return { blocks: rest, title: titleBlock?.text };
  }
  return { blocks };
}
