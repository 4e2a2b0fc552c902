import { parseDocument } from 'htmlparser2';
import { escapeText } from '../text/escape.ts';
import {
  type Inline,
  type InlineReading,
  type InlineTag,
  inlineFromNodes,
  inlineText,
  inlineToHtml,
  normalizeInline,
  parseInline,
} from './inline.ts';

/**
 * What a translation engine sees of a paragraph's markup. Amazon Translate's TranslateText takes
 * HTML and keeps its tags around the translated words (the local endpoint does the same): the
 * paragraph goes as HTML with the shortest tags that say the same thing, and nothing an engine
 * could bill or change: no URL, no title. A lone link is `<a>`; several are `<a href="1">`,
 * `<a href="2">`..., placeholders that tell them apart. `<code translate="no">` is copied as is.
 */
const ENGINE_TAG: Record<InlineTag, string> = {
  a: 'a',
  strong: 'b',
  em: 'i',
  code: 'code',
  sup: 'sup',
  sub: 'sub',
};
const FROM_ENGINE: Record<string, InlineTag> = {
  a: 'a',
  b: 'strong',
  strong: 'strong',
  i: 'em',
  em: 'em',
  code: 'code',
  sup: 'sup',
  sub: 'sub',
};

interface Link {
  href: string;
  title?: string;
}

function linksOf(nodes: readonly Inline[], into: Link[] = []): Link[] {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    if (node.tag === 'a') into.push({ href: node.href ?? '', ...(node.title ? { title: node.title } : {}) });
    linksOf(node.children, into);
  }
  return into;
}

/** The engine's form of a stored (sanitized) fragment. */
export function toEngineHtml(html: string): string {
  const nodes = parseInline(html);
  const numbered = linksOf(nodes).length > 1;
  let link = 0;
  const write = (list: readonly Inline[]): string =>
    list
      .map((node) => {
        if (node.type === 'text') return escapeText(node.text);
        if (node.type === 'br') return '<br>';
        const inner = write(node.children);
        if (node.tag === 'code') return `<code translate="no">${inner}</code>`;
        if (node.tag === 'a') {
          link++;
          return numbered ? `<a href="${link}">${inner}</a>` : `<a>${inner}</a>`;
        }
        const tag = ENGINE_TAG[node.tag];
        return `<${tag}>${inner}</${tag}>`;
      })
      .join('');
  return write(nodes);
}

/** The engine's answer as read back: its tags mapped to ours, links by placeholder (or in order). */
function engineReading(links: readonly Link[]): InlineReading {
  let next = 0;
  return {
    tagOf: (name) => FROM_ENGINE[name],
    linkOf(attributes) {
      const placeholder = Number(attributes.href);
      const index = Number.isInteger(placeholder) && placeholder > 0 ? placeholder - 1 : next;
      next++;
      // A link the source does not have keeps its words, not a made-up target.
      return links[index];
    },
  };
}

/** Tags in document order, a link as its target: what a translation must keep of its source. */
function signature(nodes: readonly Inline[]): { links: string[]; tags: string[] } {
  const links: string[] = [];
  const tags: string[] = [];
  const walk = (list: readonly Inline[]) => {
    for (const node of list) {
      if (node.type === 'br') tags.push('br');
      if (node.type !== 'element') continue;
      tags.push(node.tag);
      if (node.tag === 'a') links.push(`${node.href}\n${node.title ?? ''}`);
      walk(node.children);
    }
  };
  walk(nodes);
  return { links, tags: tags.sort() };
}

export type RestoredMarkup = { html: string; text: string; kept: true } | { text: string; kept: false };

/**
 * The translated fragment with the source's links restored, checked against the source: the same
 * tags as often, the links in the same order, every element with words in it. Where the engine
 * broke any of that, only the words are kept (kept: false) and the paragraph is published without
 * markup rather than with wrong or broken markup.
 */
export function restoreMarkup(sourceHtml: string, translated: string): RestoredMarkup {
  const source = parseInline(sourceHtml);
  const links = linksOf(source);
  const tree = normalizeInline(
    inlineFromNodes(parseDocument(translated, { decodeEntities: true }).children, engineReading(links)),
  );
  const text = inlineText(tree);
  const want = signature(source);
  const got = signature(tree);
  const same = want.links.join('\0') === got.links.join('\0') && want.tags.join(',') === got.tags.join(',');
  return same && text ? { html: inlineToHtml(tree), text, kept: true } : { text, kept: false };
}

/** The words of an engine's HTML answer: how a sentence is cut from a translated paragraph. */
export const engineHtmlText = (html: string): string => inlineText(parseInline(html));
