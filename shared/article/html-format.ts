import { type ChildNode, type Element, isTag, isText, type ParentNode } from 'domhandler';
import { findOne, textContent } from 'domutils';
import { hasMarkup, inlineFromNodes, inlineText, inlineToHtml, normalizeInline } from '../markup/inline.ts';
import { FURNITURE_ATTRIBUTE } from './furniture.ts';
import { type Block, type TableData, tableText } from './model.ts';

/** Elements whose content is never article prose. */
const DROPPED = new Set([
  'script',
  'style',
  'nav',
  'noscript',
  'template',
  'iframe',
  'svg',
  'form',
  'button',
  'select',
  'header',
  'footer',
  'aside',
  'head',
  'figure',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Furniture by markup: <address>, <figcaption>, or a class/id/rel/itemprop such as "byline". */
function hasFurnitureMarkup(node: Element): boolean {
  if (node.name === 'address' || node.name === 'figcaption') return true;
  const { class: cls = '', id = '', rel = '', itemprop = '' } = node.attribs;
  return FURNITURE_ATTRIBUTE.test(`${cls} ${id} ${rel} ${itemprop}`.replace(/[_]/g, '-'));
}

/** Elements whose text nobody reads: not counted when weighing a container. */
const SILENT = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'iframe']);

/** Words of text below each element, counted once for the whole tree (no recount per container). */
function countWords(nodes: readonly ChildNode[], counts: Map<Element, number>): number {
  let total = 0;
  for (const node of nodes) {
    if (isText(node)) total += node.data.split(/\s+/).filter(Boolean).length;
    else if (isTag(node) && !SILENT.has(node.name)) {
      const words = countWords(node.children, counts);
      counts.set(node, words);
      total += words;
    }
  }
  return total;
}

/** Inline elements: their text joins the paragraph around them. */
const INLINE = new Set([
  'span',
  'a',
  'em',
  'strong',
  'b',
  'i',
  'u',
  's',
  'small',
  'sup',
  'sub',
  'time',
  'abbr',
  'q',
  'code',
  'kbd',
  'samp',
  'mark',
  'cite',
  'br',
  'font',
  'ins',
  'del',
  'dfn',
  'var',
  'bdi',
  'bdo',
  'data',
]);

/**
 * Reads blocks below one root. Furniture is what the markup calls furniture, except a container
 * holding half the root's words or more: that is the story, whatever its class says (herald-sun's
 * `<div id="read-more">`, a `…share-btns…Parent` around an article body).
 */
class BlockReader {
  private readonly words = new Map<Element, number>();
  private readonly half: number;

  constructor(root: readonly ChildNode[]) {
    this.half = countWords(root, this.words) / 2;
  }

  private isFurniture(node: Element): boolean {
    return hasFurnitureMarkup(node) && (this.words.get(node) ?? 0) < this.half;
  }

  private skipped(node: ChildNode): boolean {
    return isTag(node) && (DROPPED.has(node.name) || this.isFurniture(node));
  }

  private visibleText(node: ChildNode): string {
    if (isText(node)) return node.data;
    if (!isTag(node) || this.skipped(node)) return '';
    if (node.name === 'br') return ' ';
    return node.children.map((c) => this.visibleText(c)).join('');
  }

  text(node: ChildNode): string {
    return collapse(this.visibleText(node));
  }

  /** Without furniture inside (a byline span in a paragraph): what the paragraph reads. */
  private readable(nodes: readonly ChildNode[]): ChildNode[] {
    return nodes.filter((n) => isText(n) || (isTag(n) && !this.skipped(n)));
  }

  /** Drops furniture and dropped elements below an inline node too. */
  private stripFurniture(node: ChildNode): ChildNode {
    if (isTag(node)) node.children = this.readable(node.children).map((c) => this.stripFurniture(c));
    return node;
  }

  /**
   * A block from its inline content: `text` as before, and `html` (sanitized links, emphasis, code,
   * superscripts and line breaks) only when the paragraph has markup.
   */
  private blockOf(kind: Block['kind'], nodes: readonly ChildNode[]): Block | undefined {
    const text = collapse(nodes.map((n) => this.visibleText(n)).join(''));
    if (!text) return undefined;
    const inline = normalizeInline(inlineFromNodes(this.readable(nodes).map((n) => this.stripFurniture(n))));
    // The fragment's words are the paragraph's words, or it is left out.
    return hasMarkup(inline) && inlineText(inline) === text
      ? { kind, text, translate: true, html: inlineToHtml(inline) }
      : { kind, text, translate: true };
  }

  /** A data table's caption and cells as text; undefined when it has no text. */
  private tableOf(node: Element, tableRows: readonly Element[]): TableData | undefined {
    const caption = findOne((e) => e.name === 'caption', node.children, false);
    const rows = tableRows
      .map((row) => {
        const cells = row.children.filter(
          (c): c is Element => isTag(c) && (c.name === 'td' || c.name === 'th'),
        );
        const header =
          cells.length > 0 &&
          ((row.parent?.type === 'tag' && row.parent.name === 'thead') ||
            cells.every((c) => c.name === 'th'));
        return { header, cells: cells.map((c) => this.text(c)) };
      })
      .filter((row) => row.cells.some(Boolean));
    if (rows.length === 0) return undefined;
    const captionText = caption ? this.text(caption) : '';
    return captionText ? { caption: captionText, rows } : { rows };
  }

  walk(nodes: readonly ChildNode[], blocks: Block[], inQuote: boolean): void {
    let loose: ChildNode[] = [];
    const add = (block: Block | undefined) => {
      if (block) blocks.push(block);
    };
    const flushLoose = () => {
      add(this.blockOf(inQuote ? 'quote' : 'paragraph', loose));
      loose = [];
    };
    for (const node of nodes) {
      if (isText(node)) {
        loose.push(node);
        continue;
      }
      if (!isTag(node) || this.skipped(node)) continue;
      const name = node.name;
      if (INLINE.has(name)) {
        loose.push(node);
        continue;
      }
      flushLoose();
      if (HEADINGS.has(name)) add(this.blockOf('heading', node.children));
      else if (name === 'p') add(this.blockOf(inQuote ? 'quote' : 'paragraph', node.children));
      else if (name === 'li') add(this.blockOf('list-item', node.children));
      else if (name === 'pre') {
        const code = textContent(node).replace(/^\n|\n+$/g, '');
        if (code) blocks.push({ kind: 'code', text: code, translate: false });
      } else if (name === 'table') {
        const rows = rowsOf(node);
        const table = isDataTable(node, rows) ? this.tableOf(node, rows) : undefined;
        if (table) blocks.push({ kind: 'table', text: tableText(table), translate: true, table });
        else this.walk(node.children, blocks, inQuote);
      } else if (name === 'blockquote') this.walk(node.children, blocks, true);
      else this.walk(node.children, blocks, inQuote);
    }
    flushLoose();
  }
}

/** A table's rows, its own only (a nested table's are not), in order. */
function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  const visit = (nodes: readonly ChildNode[]) => {
    for (const node of nodes) {
      if (!isTag(node) || node.name === 'table') continue;
      if (node.name === 'tr') rows.push(node);
      else if (node.name === 'thead' || node.name === 'tbody' || node.name === 'tfoot') visit(node.children);
    }
  };
  visit(table.children);
  return rows;
}

/**
 * A table of data rather than of layout (as Readability tells them): no table, list, heading or
 * quote inside it, no cell of a page's length, and marked as data (a caption, header cells, a
 * summary) or of at least two rows and two columns. A layout table is walked as the page it lays out.
 */
function isDataTable(table: Element, rows: readonly Element[]): boolean {
  if (table.attribs.role === 'presentation' || table.attribs.datatable === '0') return false;
  if (findOne((e) => /^(?:ul|ol|h[1-6]|pre|blockquote|table)$/.test(e.name), table.children)) return false;
  const cells = rows.map((r) =>
    r.children.filter((c): c is Element => isTag(c) && (c.name === 'td' || c.name === 'th')),
  );
  if (cells.some((row) => row.some((cell) => textContent(cell).split(/\s+/).length > MAX_CELL_WORDS)))
    return false;
  const marked =
    table.attribs.summary !== undefined ||
    findOne((e) => e.name === 'caption' || e.name === 'th' || e.name === 'thead', table.children) !== null;
  return marked || (rows.length >= 2 && Math.max(0, ...cells.map((row) => row.length)) >= 2);
}

/** A cell longer than this holds a page's column, not a datum. */
const MAX_CELL_WORDS = 150;

/** The blocks below a root: its headings, paragraphs, quotes and list items; script, style and nav are dropped. */
export function blocksOf(root: ParentNode): Block[] {
  const blocks: Block[] = [];
  new BlockReader(root.children).walk(root.children, blocks, false);
  return blocks;
}

/**
 * Elements' text as a reader of the article sees it (furniture and dropped elements aside), the
 * root's words counted once for every element asked about.
 */
export function textReader(root: ParentNode): (node: ChildNode) => string {
  const reader = new BlockReader(root.children);
  return (node) => reader.text(node);
}
