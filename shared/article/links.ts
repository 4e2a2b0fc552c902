import { hasMarkup, type Inline, inlineToHtml, normalizeInline, parseInline } from '../markup/inline.ts';
import type { Block } from './model.ts';

/** A scheme ("https:", "mailto:") makes a link absolute; anything else needs an address to resolve against. */
const ABSOLUTE = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/**
 * Links as they work where the translation is published: each relative href resolved against the
 * page's address; with no address, the link becomes its words (a broken link is worse than none)
 * and is counted.
 */
export function resolveLinks(
  blocks: readonly Block[],
  baseUrl: string | undefined,
): { blocks: Block[]; unresolved: number } {
  let unresolved = 0;
  const visit = (nodes: readonly Inline[]): Inline[] =>
    nodes.flatMap((node): Inline[] => {
      if (node.type !== 'element') return [node];
      const children = visit(node.children);
      if (node.tag !== 'a' || node.href === undefined || ABSOLUTE.test(node.href))
        return [{ ...node, children }];
      const href = baseUrl ? httpUrl(node.href, baseUrl) : undefined;
      if (href) return [{ ...node, href, children }];
      unresolved++;
      return children;
    });
  const resolved = blocks.map((block) => {
    if (!block.html || !/<a\s/.test(block.html)) return block;
    const inline = normalizeInline(visit(parseInline(block.html)));
    const { html: _, ...plain } = block;
    return hasMarkup(inline) ? { ...plain, html: inlineToHtml(inline) } : plain;
  });
  return { blocks: resolved, unresolved };
}

/** An http(s) address, resolved against `base` when relative; undefined for anything else. */
export function httpUrl(url: string | undefined, base?: string): string | undefined {
  if (!url) return undefined;
  try {
    const resolved = new URL(url, base);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : undefined;
  } catch {
    return undefined;
  }
}
