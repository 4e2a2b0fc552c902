import { type ChildNode, type Element, isTag, isText } from 'domhandler';
import { findOne, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
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

function walk(nodes: readonly ChildNode[], blocks: Block[], inQuote: boolean): void {
  let loose = '';
  const flushLoose = () => {
    const text = collapse(loose);
    if (text) blocks.push({ kind: inQuote ? 'quote' : 'paragraph', text, translate: true });
    loose = '';
  };
  for (const node of nodes) {
    if (isText(node)) {
      loose += node.data;
      continue;
    }
    if (!isTag(node) || DROPPED.has(node.name) || isFurnitureElement(node)) continue;
    const name = node.name;
    const push = (kind: Block['kind'], text: string, translate = true) => {
      flushLoose();
      if (text) blocks.push({ kind, text, translate });
    };
    if (HEADINGS.has(name)) push('heading', collapse(visibleText(node)));
    else if (name === 'p') push(inQuote ? 'quote' : 'paragraph', collapse(visibleText(node)));
    else if (name === 'li') push('list-item', collapse(visibleText(node)));
    else if (name === 'pre') push('code', textContent(node).replace(/^\n|\n+$/g, ''), false);
    else if (name === 'blockquote') {
      flushLoose();
      walk(node.children, blocks, true);
    } else if (
      [
        'span',
        'a',
        'em',
        'strong',
        'b',
        'i',
        'u',
        'small',
        'sup',
        'sub',
        'time',
        'abbr',
        'q',
        'code',
        'mark',
        'cite',
        'br',
      ].includes(name)
    ) {
      loose += visibleText(node);
    } else {
      flushLoose();
      walk(node.children, blocks, inQuote);
    }
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
