import type { ChildNode, Document, Element } from 'domhandler';
import { isTag } from 'domhandler';
import { findOne } from 'domutils';

/**
 * The standfirst (deck, dek, strapline): the sentence or two under a headline that sums up the
 * story. Pages mark it by class, id or itemprop; it often sits in the article's <header>, which
 * the walk leaves out, so it is looked for on its own: the first element so marked that follows
 * the headline closely, reads as prose and is not a list of links. ("intro" and "lede" mark the
 * story's first paragraph on many sites, not a standfirst.) Bylines inside it are left out.
 */
const MARK =
  /(?:^|[\s_-])(?:standfirst|dek|deck|sub-?headline|subtitle|strapline|summary|description|alternativeheadline|article-?summary)(?:$|[\s_-])/i;
/** Elements after the headline within which the standfirst must come. */
const NEAR = 40;
const MIN_WORDS = 6;
const MAX_WORDS = 80;
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'nav',
  'footer',
  'aside',
  'form',
  'figure',
]);

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

function isMarked(e: Element): boolean {
  const { class: cls = '', id = '', itemprop = '' } = e.attribs;
  return MARK.test(`${cls} ${id} ${itemprop}`);
}

function linkShare(e: Element, text: string, textOf: ReadText): number {
  let linked = 0;
  const visit = (nodes: readonly ChildNode[]) => {
    for (const n of nodes) {
      if (!isTag(n)) continue;
      if (n.name === 'a') linked += collapse(textOf(n)).length;
      else visit(n.children);
    }
  };
  visit(e.children);
  return text.length ? linked / text.length : 1;
}

/** Elements in document order, without recursion (a hostile page nests deeply). */
function elementsInOrder(document: Document): Element[] {
  const out: Element[] = [];
  const stack: ChildNode[] = [...document.children].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (!isTag(node) || SKIPPED.has(node.name)) continue;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (child) stack.push(child);
    }
  }
  return out;
}

type ReadText = (node: ChildNode) => string;

/**
 * The standfirst under the <h1> that reads `headline`, or undefined. `textOf` reads an element as
 * the article's reader does (html-format.ts's textReader): bylines and the like left out.
 */
export function findStandfirst(document: Document, headline: string, textOf: ReadText): string | undefined {
  const elements = elementsInOrder(document);
  const target = collapse(headline);
  const at = elements.findIndex((e) => e.name === 'h1' && collapse(textOf(e)) === target);
  if (at < 0) return undefined;
  for (const e of elements.slice(at + 1, at + 1 + NEAR)) {
    if (e.name === 'h1') return undefined;
    if (!isMarked(e) || !/^(?:p|div|h2|h3|span|section)$/.test(e.name)) continue;
    // A marked container around the standfirst and more (a byline, a share bar): its first paragraph.
    const text = collapse(textOf(findOne((p) => p.name === 'p', e.children) ?? e));
    const n = words(text);
    if (n >= MIN_WORDS && n <= MAX_WORDS && text !== target && linkShare(e, text, textOf) < 0.2) return text;
  }
  return undefined;
}
