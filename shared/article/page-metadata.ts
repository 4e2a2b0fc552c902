import type { Document, Element } from 'domhandler';
import { findAll, findOne, textContent } from 'domutils';

/** What a page's head (and its first <h1>) says about the article, read before any extraction. */
export interface PageHead {
  baseHref?: string;
  canonical?: string;
  ogUrl?: string;
  /** og:title, else twitter:title: the article's own headline, often without the site name. */
  metaTitle?: string;
  /** The <title> element, usually "Headline - Site". */
  titleTag?: string;
  siteName?: string;
  author?: string;
  publishedTime?: string;
  language?: string;
}

function collapse(text: string | undefined): string | undefined {
  const collapsed = text?.replace(/\s+/g, ' ').trim();
  return collapsed ? collapsed : undefined;
}

/** Values of <meta> by property or name, first one wins, lower-cased keys. */
function metaValues(document: Document): Map<string, string> {
  const values = new Map<string, string>();
  for (const meta of findAll((e) => e.name === 'meta', document.children)) {
    const content = collapse(meta.attribs.content);
    if (!content) continue;
    for (const key of `${meta.attribs.property ?? ''} ${meta.attribs.name ?? ''}`
      .toLowerCase()
      .split(/\s+/)) {
      if (key && !values.has(key)) values.set(key, content);
    }
  }
  return values;
}

function linkHref(document: Document, rel: string): string | undefined {
  const link = findOne(
    (e) => e.name === 'link' && (e.attribs.rel ?? '').toLowerCase().split(/\s+/).includes(rel),
    document.children,
  );
  return collapse(link?.attribs.href);
}

/** An author given as a profile URL is not a byline. */
function personName(value: string | undefined): string | undefined {
  return value && !/^https?:\/\//i.test(value) && value.length <= 200 ? value : undefined;
}

export function readPageHead(document: Document): PageHead {
  const meta = metaValues(document);
  const base = findOne((e) => e.name === 'base' && e.attribs.href !== undefined, document.children);
  const title = findOne((e) => e.name === 'title', document.children);
  const html = findOne((e: Element) => e.name === 'html', document.children);
  const head: PageHead = {
    baseHref: collapse(base?.attribs.href),
    canonical: linkHref(document, 'canonical'),
    ogUrl: meta.get('og:url'),
    metaTitle: meta.get('og:title') ?? meta.get('twitter:title'),
    titleTag: title ? collapse(textContent(title)) : undefined,
    siteName: meta.get('og:site_name') ?? meta.get('application-name'),
    author: personName(meta.get('author') ?? meta.get('article:author') ?? meta.get('parsely-author')),
    publishedTime:
      meta.get('article:published_time') ??
      meta.get('parsely-pub-date') ??
      meta.get('date') ??
      meta.get('dc.date') ??
      meta.get('pubdate'),
    language: collapse(html?.attribs.lang),
  };
  return Object.fromEntries(Object.entries(head).filter(([, v]) => v !== undefined));
}
