import { type ChildNode, type Element, isTag, isText } from 'domhandler';
import { findOne, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { hasMarkup, inlineFromNodes, inlineText, inlineToHtml, normalizeInline } from '../markup/inline.ts';
import { FURNITURE_ATTRIBUTE } from './furniture.ts';
import type { Block } from './model.ts';

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
function isFurnitureElement(node: Element): boolean {
  if (node.name === 'address' || node.name === 'figcaption') return true;
  const { class: cls = '', id = '', rel = '', itemprop = '' } = node.attribs;
  return FURNITURE_ATTRIBUTE.test(`${cls} ${id} ${rel} ${itemprop}`.replace(/[_]/g, '-'));
}

function visibleText(node: ChildNode): string {
  if (isText(node)) return node.data;
  if (!isTag(node) || DROPPED.has(node.name) || isFurnitureElement(node)) return '';
  if (node.name === 'br') return ' ';
  return node.children.map(visibleText).join('');
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

/** Without furniture inside (a byline span in a paragraph): what the paragraph reads. */
function readable(nodes: readonly ChildNode[]): ChildNode[] {
  return nodes.filter((n) => isText(n) || (isTag(n) && !DROPPED.has(n.name) && !isFurnitureElement(n)));
}

/**
 * A block from its inline content: `text` as before, and `html` (sanitized links, emphasis, code,
 * superscripts and line breaks) only when the paragraph has markup.
 */
function blockOf(kind: Block['kind'], nodes: readonly ChildNode[]): Block | undefined {
  const text = collapse(nodes.map(visibleText).join(''));
  if (!text) return undefined;
  const inline = normalizeInline(inlineFromNodes(readable(nodes).map(stripFurniture)));
  // The fragment's words are the paragraph's words, or it is left out.
  return hasMarkup(inline) && inlineText(inline) === text
    ? { kind, text, translate: true, html: inlineToHtml(inline) }
    : { kind, text, translate: true };
}

/** Drops furniture and dropped elements below an inline node too. */
function stripFurniture(node: ChildNode): ChildNode {
  if (isTag(node)) node.children = readable(node.children).map(stripFurniture);
  return node;
}

function walk(nodes: readonly ChildNode[], blocks: Block[], inQuote: boolean): void {
  let loose: ChildNode[] = [];
  const add = (block: Block | undefined) => {
    if (block) blocks.push(block);
  };
  const flushLoose = () => {
    add(blockOf(inQuote ? 'quote' : 'paragraph', loose));
    loose = [];
  };
  for (const node of nodes) {
    if (isText(node)) {
      loose.push(node);
      continue;
    }
    if (!isTag(node) || DROPPED.has(node.name) || isFurnitureElement(node)) continue;
    const name = node.name;
    if (INLINE.has(name)) {
      loose.push(node);
      continue;
    }
    flushLoose();
    if (HEADINGS.has(name)) add(blockOf('heading', node.children));
    else if (name === 'p') add(blockOf(inQuote ? 'quote' : 'paragraph', node.children));
    else if (name === 'li') add(blockOf('list-item', node.children));
    else if (name === 'pre') {
      const code = textContent(node).replace(/^\n|\n+$/g, '');
      if (code) blocks.push({ kind: 'code', text: code, translate: false });
    } else if (name === 'blockquote') walk(node.children, blocks, true);
    else walk(node.children, blocks, inQuote);
  }
  flushLoose();
}

/** HTML: the article's headings, paragraphs, quotes and list items; script, style and nav are dropped. */
export function parseHtml(html: string): { blocks: Block[]; title?: string } {
  const document = parseDocument(html, { decodeEntities: true });
  const root: Element | undefined =
    findOne((e) => e.name === 'article', document.children) ??
    findOne((e) => e.name === 'main', document.children) ??
    findOne((e) => e.name === 'body', document.children) ??
    undefined;
  const blocks: Block[] = [];
  walk(root ? root.children : document.children, blocks, false);
  const firstHeading = blocks[0];
  if (firstHeading?.kind === 'heading') {
    const h1 = findOne((e) => e.name === 'h1', root ? [root] : document.children);
    if (h1 && collapse(visibleText(h1)) === firstHeading.text) {
      return { blocks: blocks.slice(1), title: firstHeading.text };
    }
  }
  const titleElement = findOne((e) => e.name === 'title', document.children);
  const title = titleElement ? collapse(textContent(titleElement)) : '';
  return title ? { blocks, title } : { blocks };
}
