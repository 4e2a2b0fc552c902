import { type ChildNode, isTag, isText } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { Token } from 'marked';
import { escapeHtml, escapeText } from '../text/escape.ts';

/**
 * A paragraph's inline markup: links, emphasis, code, superscripts and line breaks, the only
 * markup that survives from the source. Everything else inline is unwrapped to its text. This
 * module is the one place that reads and writes it, so every fragment the pipeline stores or
 * renders went through the same sanitizer: only these tags, `href` only http(s), mailto or
 * relative, `title` on links, no other attribute.
 */
export type InlineTag = 'a' | 'strong' | 'em' | 'code' | 'sup' | 'sub';
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'br' }
  | { type: 'element'; tag: InlineTag; href?: string; title?: string; children: Inline[] };

const SYNONYMS: Record<string, InlineTag> = {
  a: 'a',
  strong: 'strong',
  b: 'strong',
  em: 'em',
  i: 'em',
  code: 'code',
  kbd: 'code',
  samp: 'code',
  sup: 'sup',
  sub: 'sub',
};

/** Elements whose content is never prose: dropped with their text. */
export const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'svg',
  'math',
  'object',
  'button',
  'select',
  'textarea',
]);

/** http, https, mailto, or a relative reference (no scheme): never javascript:, data:, vbscript:... */
export function safeHref(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
  const visible = [...href.trim()]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('');
  const compact = visible.replace(/ /g, '');
  if (!compact || visible.length > 2048) return undefined;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(compact)?.[1]?.toLowerCase();
  if (scheme === undefined) return /^[^:]*$/.test(compact.split(/[/?#]/)[0] ?? '') ? visible : undefined;
  return scheme === 'http' || scheme === 'https' || scheme === 'mailto' ? visible : undefined;
}

/** How parsed HTML is read into the tree: which tags it keeps, and where its links go. */
export interface InlineReading {
  /** The inline tag an element stands for; undefined unwraps it to its content. */
  tagOf(name: string): InlineTag | undefined;
  /** A link's target and title from its attributes; undefined unwraps it to its words. */
  linkOf(attributes: Record<string, string>): { href: string; title?: string } | undefined;
}

/** A source's HTML: its own tag names, safe hrefs only, titles with their spacing collapsed. */
const SOURCE_READING: InlineReading = {
  tagOf: (name) => SYNONYMS[name],
  linkOf(attributes) {
    const href = safeHref(attributes.href);
    if (href === undefined) return undefined;
    const title = attributes.title?.replace(/\s+/g, ' ').trim();
    return title ? { href, title } : { href };
  },
};

/** Builds the sanitized tree from parsed HTML nodes (htmlparser2/domhandler). */
export function inlineFromNodes(
  nodes: readonly ChildNode[],
  reading: InlineReading = SOURCE_READING,
): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    if (isText(node)) out.push({ type: 'text', text: node.data });
    else if (isTag(node)) {
      const name = node.name.toLowerCase();
      if (DROPPED.has(name)) continue;
      if (name === 'br') {
        out.push({ type: 'br' });
        continue;
      }
      const children = inlineFromNodes(node.children, reading);
      const tag = reading.tagOf(name);
      const link = tag === 'a' ? reading.linkOf(node.attribs) : undefined;
      if (tag === 'a' && !link) out.push(...children);
      else if (tag) out.push({ type: 'element', tag, ...link, children });
      else out.push(...children);
    }
  }
  return out;
}

/** Builds the sanitized tree from marked's inline tokens; raw inline HTML is unwrapped. */
export function inlineFromMarkdown(tokens: readonly Token[] | undefined): Inline[] {
  const out: Inline[] = [];
  for (const token of tokens ?? []) {
    const children = () =>
      'tokens' in token && Array.isArray(token.tokens)
        ? inlineFromMarkdown(token.tokens)
        : [
            {
              type: 'text' as const,
              text: 'text' in token && typeof token.text === 'string' ? token.text : '',
            },
          ];
    switch (token.type) {
      case 'br':
        out.push({ type: 'br' });
        break;
      case 'html':
        break;
      case 'codespan':
        out.push({ type: 'element', tag: 'code', children: [{ type: 'text', text: token.text }] });
        break;
      case 'escape':
        out.push({ type: 'text', text: token.text });
        break;
      case 'image':
        out.push({ type: 'text', text: token.text });
        break;
      case 'strong':
      case 'em':
        out.push({ type: 'element', tag: token.type, children: children() });
        break;
      case 'link': {
        const href = safeHref(typeof token.href === 'string' ? token.href : undefined);
        const inner = children();
        if (href === undefined) out.push(...inner);
        else {
          const title = typeof token.title === 'string' ? token.title.replace(/\s+/g, ' ').trim() : '';
          out.push({ type: 'element', tag: 'a', href, ...(title ? { title } : {}), children: inner });
        }
        break;
      }
      default:
        if ('tokens' in token && Array.isArray(token.tokens)) out.push(...inlineFromMarkdown(token.tokens));
        else
          out.push({
            type: 'text',
            text: 'text' in token && typeof token.text === 'string' ? token.text : token.raw,
          });
    }
  }
  return out;
}

const hasText = (nodes: readonly Inline[]): boolean =>
  nodes.some((n) => (n.type === 'text' ? /\S/.test(n.text) : n.type === 'element' && hasText(n.children)));

/**
 * The canonical form: whitespace collapsed as the paragraph's text collapses it, trimmed at both
 * ends, adjacent texts merged, elements without text dropped (a link needs words to click), the
 * same element directly inside itself unwrapped, and line breaks at the edges dropped.
 */
export function normalizeInline(nodes: readonly Inline[]): Inline[] {
  const walk = (list: readonly Inline[], inside: ReadonlySet<InlineTag>): Inline[] => {
    const out: Inline[] = [];
    for (const node of list) {
      if (node.type === 'text') {
        const text = node.text.replace(/\s+/g, ' ');
        const last = out[out.length - 1];
        if (last?.type === 'text') last.text += text;
        else if (text) out.push({ type: 'text', text });
      } else if (node.type === 'br') out.push(node);
      else if (!hasText(node.children)) {
        // An element with no words keeps nothing but its spacing.
        if (node.children.some((c) => c.type === 'text' && c.text.length > 0))
          out.push({ type: 'text', text: ' ' });
      } else if (inside.has(node.tag)) {
        out.push(...walk(node.children, inside));
      } else {
        const children = walk(node.children, new Set([...inside, node.tag]));
        out.push({ ...node, children });
      }
    }
    // Merge texts that became adjacent through unwrapping.
    const merged: Inline[] = [];
    for (const node of out) {
      const last = merged[merged.length - 1];
      if (node.type === 'text' && last?.type === 'text')
        last.text = (last.text + node.text).replace(/ {2,}/g, ' ');
      else merged.push(node);
    }
    return merged;
  };
  const flat = walk(nodes, new Set());
  trimEdge(flat, 'start');
  trimEdge(flat, 'end');
  return flat;
}

/** Trims whitespace (and line breaks) at one end of the fragment, down into elements. */
function trimEdge(nodes: Inline[], edge: 'start' | 'end'): void {
  for (;;) {
    const i = edge === 'start' ? 0 : nodes.length - 1;
    const node = nodes[i];
    if (!node) return;
    if (node.type === 'br') {
      nodes.splice(i, 1);
      continue;
    }
    if (node.type === 'text') {
      node.text = edge === 'start' ? node.text.replace(/^\s+/, '') : node.text.replace(/\s+$/, '');
      if (!node.text) {
        nodes.splice(i, 1);
        continue;
      }
      return;
    }
    trimEdge(node.children, edge);
    return;
  }
}

/** The fragment's text as the paragraph's `text` has it: a line break reads as a space. */
export function inlineText(nodes: readonly Inline[]): string {
  const parts: string[] = [];
  const walk = (list: readonly Inline[]) => {
    for (const node of list) {
      if (node.type === 'text') parts.push(node.text);
      else if (node.type === 'br') parts.push(' ');
      else walk(node.children);
    }
  };
  walk(nodes);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Whether the fragment has any markup at all: a plain paragraph stores no `html`. */
export const hasMarkup = (nodes: readonly Inline[]) => nodes.some((n) => n.type !== 'text');

/** Serializes the tree as HTML. Only the sanitizer's tags and attributes can come out. */
export function inlineToHtml(nodes: readonly Inline[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'text') return escapeText(node.text);
      if (node.type === 'br') return '<br>';
      const inner = inlineToHtml(node.children);
      if (node.tag !== 'a') return `<${node.tag}>${inner}</${node.tag}>`;
      const title = node.title ? ` title="${escapeHtml(node.title)}"` : '';
      return `<a href="${escapeHtml(node.href ?? '')}"${title}>${inner}</a>`;
    })
    .join('');
}

/** Parses an HTML fragment into the sanitized, normalized tree: safe on any input. */
export function parseInline(html: string): Inline[] {
  return normalizeInline(inlineFromNodes(parseDocument(html, { decodeEntities: true }).children));
}

/** Sanitizes any HTML fragment: what renderers put on a page, whoever wrote article.json. */
export const sanitizeInline = (html: string): string => inlineToHtml(parseInline(html));

/** The fragment as Markdown: links, bold, italic and code; superscripts and line breaks as inline HTML. */
export function inlineToMarkdown(nodes: readonly Inline[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'text') return node.text.replace(/([\\`*_[\]])/g, '\\$1');
      if (node.type === 'br') return '<br>';
      if (node.tag === 'code') {
        const text = inlineText(node.children);
        const fence = '`'.repeat(
          (text.match(/`+/g) ?? []).reduce((n, run) => Math.max(n, run.length), 0) + 1,
        );
        return fence.length > 1 || text.startsWith('`') ? `${fence} ${text} ${fence}` : `\`${text}\``;
      }
      const inner = inlineToMarkdown(node.children);
      if (node.tag === 'strong') return `**${inner}**`;
      if (node.tag === 'em') return `*${inner}*`;
      if (node.tag === 'sup' || node.tag === 'sub') return `<${node.tag}>${inner}</${node.tag}>`;
      const href = (node.href ?? '').replace(/[()\s<>]/g, (c) => encodeURIComponent(c));
      const title = node.title ? ` "${node.title.replace(/["\\]/g, '\\$&')}"` : '';
      return `[${inner}](${href}${title})`;
    })
    .join('');
}

/**
 * Removes the first `count` characters of the fragment's text (a wire dateline cut from the
 * paragraph's text), keeping the markup around what is left.
 */
export function dropLeadingText(nodes: readonly Inline[], count: number): Inline[] {
  let left = count;
  const walk = (list: readonly Inline[]): Inline[] =>
    list.flatMap((node): Inline[] => {
      if (left <= 0) return [node];
      if (node.type === 'text') {
        const cut = Math.min(left, node.text.length);
        left -= cut;
        return [{ type: 'text', text: node.text.slice(cut) }];
      }
      if (node.type === 'br') {
        left -= 1;
        return [];
      }
      return [{ ...node, children: walk(node.children) }];
    });
  return normalizeInline(walk(nodes));
}
