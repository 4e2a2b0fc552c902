import { type ChildNode, type Document, isTag, type ParentNode } from 'domhandler';
import { findAll, findOne } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { InputError } from '../errors.ts';
import { blocksOf, textReader } from './html-format.ts';
import { httpUrl } from './links.ts';
import type { Block, SourceMetadata } from './model.ts';
import { type PageHead, readPageHead } from './page-metadata.ts';
import { runReadability } from './readability.ts';
import { findStandfirst } from './standfirst.ts';
import { articleTitle } from './title.ts';

/**
 * A saved web page in, its article out. Mozilla's Readability finds the article among the page's
 * menus, teasers and footers; Paragraf's own walk then reads blocks, markup and furniture from it.
 * A page that is already the article (a CMS export, a clean body) is read whole (chooseArticle).
 */
export interface HtmlArticle {
  blocks: Block[];
  title?: string;
  metadata: SourceMetadata;
  /** Where relative links resolve: base href, canonical, og:url (absolute http(s) only). */
  baseUrl?: string;
}

/** Fewer letters than this outside links, on a page that is more than its article, is no article. */
const MIN_ARTICLE_LETTERS = 40;
/** Below this Readability guesses (its own charThreshold): a short page is read whole. */
const READABILITY_MIN_LETTERS = 500;
/** An article is at most this much link text (Readability's own cut for a candidate is 0.5). */
const MAX_LINK_SHARE = 0.5;
/** Readability is not run on pages larger than this many elements: bounded time on a 5 MB page. */
const MAX_ELEMENTS = 60_000;
/**
 * Nor on markup nested deeper than this: its time grows with the cube of the depth (1 s at 500
 * levels, 7 s at 1,000). News pages measured here nest 10 to 40 levels deep.
 */
const MAX_DEPTH = 200;

/**
 * Deeper than this, a page is refused before its walk (recursive, as the DOM is) can exhaust the
 * stack. News pages measured here nest at most 38 levels.
 */
const MAX_NESTING = 1_000;
/**
 * The tag count that rejects a page before parsing: htmlparser2 closes tags in time that grows
 * with the square of the depth (3 s at 50,000 levels), so a 10 MB page of open tags is stopped by
 * a linear scan first. It over-counts tags left unclosed (293 on the deepest page measured).
 */
const MAX_OPEN_TAGS = 10_000;
const VOID_OR_IMPLIED =
  /^(?:area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr|p|li|dt|dd|tr|td|th|option|optgroup|thead|tbody|tfoot|colgroup|rb|rt|rtc|rp|body|html|head)$/i;

/** The most tags open at once, by a linear scan of the text: an upper bound of the nesting. */
function openTagsAtMost(html: string): number {
  let open = 0;
  let most = 0;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(\/?)>/g)) {
    if (VOID_OR_IMPLIED.test(m[2] ?? '')) continue;
    if (m[1]) open = Math.max(0, open - 1);
    else if (!m[3]) most = Math.max(most, ++open);
  }
  return most;
}

function tooDeep(levels: number): InputError {
  return new InputError(
    'NESTED_TOO_DEEP',
    `The page nests its elements ${levels.toLocaleString('en')} levels deep; Paragraf reads pages nested up to ${MAX_NESTING.toLocaleString('en')} levels (news pages nest about 40). Upload the article's own HTML.`,
  );
}

/** Page furniture by element or landmark role: a page without any is an article body. */
const FURNITURE_ELEMENTS = new Set(['nav', 'header', 'footer', 'aside', 'form', 'menu']);
const FURNITURE_ROLES = /^(?:navigation|banner|contentinfo|search|complementary)$/;

/** A page's size and depth, and whether it has page furniture (menus, header, footer...). */
interface PageShape {
  elements: number;
  depth: number;
  furnished: boolean;
}

/** Elements, depth and furniture of a parsed page, counted without recursion (a hostile page nests 100,000 deep). */
function pageShape(document: Document): PageShape {
  let elements = 0;
  let depth = 0;
  let furnished = false;
  const stack: Array<[ChildNode, number]> = document.children.map((c) => [c, 1]);
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, level] = next;
    if (!isTag(node)) continue;
    elements++;
    depth = Math.max(depth, level);
    furnished ||= FURNITURE_ELEMENTS.has(node.name) || FURNITURE_ROLES.test(node.attribs.role ?? '');
    for (const child of node.children) stack.push([child, level + 1]);
  }
  return { elements, depth, furnished };
}

/** Letters and digits, not words: Chinese and Japanese put no spaces between words. */
const letters = (text: string) => text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
const lettersOf = (blocks: readonly Block[]) => blocks.reduce((n, b) => n + letters(b.text), 0);

/** Letters inside links: a menu is mostly links, an article mostly not. */
function linkLetters(blocks: readonly Block[]): number {
  let count = 0;
  for (const b of blocks) {
    for (const m of b.html?.matchAll(/<a\b[^>]*>(.*?)<\/a>/gs) ?? [])
      count += letters((m[1] ?? '').replace(/<[^>]+>/g, ' '));
  }
  return count;
}

/** The page's own address: canonical, then og:url, then the upload's source-url. */
function pageUrl(head: PageHead, sourceUrl: string | undefined): string | undefined {
  const fallback = httpUrl(head.ogUrl, sourceUrl) ?? sourceUrl;
  return httpUrl(head.canonical, fallback) ?? fallback;
}

interface Extracted {
  blocks: Block[];
  title?: string;
  byline?: string;
  siteName?: string;
  publishedTime?: string;
}

/** Readability's article, read by the walk; undefined when Readability finds nothing or is not run. */
async function readabilityArticle(html: string, shape: PageShape): Promise<Extracted | undefined> {
  if (shape.elements > MAX_ELEMENTS || shape.depth > MAX_DEPTH) return undefined;
  const found = await runReadability(html, MAX_ELEMENTS);
  if (!found) return undefined;
  const { content, ...metadata } = found;
  return { blocks: blocksOf(parseDocument(content, { decodeEntities: true })), ...metadata };
}

/** The page's <h1>s with words in them: one of them is the article's headline on most news pages. */
function headlinesOf(root: ParentNode, text: (node: ChildNode) => string): string[] {
  return findAll((e) => e.name === 'h1', root.children)
    .slice(0, 20)
    .map(text)
    .filter(Boolean);
}

function describeFound(blocks: readonly Block[]): string {
  const all = lettersOf(blocks);
  const linked = linkLetters(blocks);
  return `${blocks.length} text blocks, ${all} letters, ${linked} of them in links`;
}

/**
 * Chooses between the whole body and Readability's article; refuses a page with neither. A page
 * with menus, headers or footers is read through Readability. A page without any, or one too short
 * for Readability to judge, is read whole (Readability may keep only its longest part), unless
 * Readability holds more than the body's walk: then the walk dropped a container of the story.
 */
function chooseArticle(body: Block[], found: Extracted | undefined, furnished: boolean): Block[] {
  const inArticle = found ? lettersOf(found.blocks) : 0;
  const shortArticle = inArticle < READABILITY_MIN_LETTERS;
  const useBody = !found || ((!furnished || shortArticle) && inArticle <= lettersOf(body));
  const chosen = useBody ? body : found.blocks;
  if (furnished && !isArticle(chosen)) {
    throw new InputError(
      'NO_ARTICLE',
      `No article was found on this page: it has ${describeFound(body)}, and the best candidate for an article has ${describeFound(found?.blocks ?? [])}.`,
    );
  }
  return chosen;
}

/** Prose outside links, and more of it than of link text: a menu or a list of teasers is not an article. */
function isArticle(blocks: readonly Block[]): boolean {
  const all = lettersOf(blocks);
  const linked = linkLetters(blocks);
  return all - linked >= MIN_ARTICLE_LETTERS && linked <= all * MAX_LINK_SHARE;
}

export async function readHtmlPage(html: string, sourceUrl?: string): Promise<HtmlArticle> {
  const open = openTagsAtMost(html);
  if (open > MAX_OPEN_TAGS) throw tooDeep(open);
  const document: Document = parseDocument(html, { decodeEntities: true });
  const shape = pageShape(document);
  if (shape.depth > MAX_NESTING) throw tooDeep(shape.depth);
  const head = readPageHead(document);
  const root = findOne((e) => e.name === 'body', document.children) ?? document;
  const body = blocksOf(root);
  const found = await readabilityArticle(html, shape);
  const blocks = chooseArticle(body, found, shape.furnished);
  const url = pageUrl(head, sourceUrl);
  const baseUrl = httpUrl(head.baseHref, url) ?? url;
  const byline = head.author ?? found?.byline;
  const siteName = head.siteName ?? found?.siteName;
  const publishedTime = head.publishedTime ?? found?.publishedTime;
  const metadata: SourceMetadata = {
    ...(url ? { url } : {}),
    ...(siteName ? { siteName } : {}),
    ...(byline ? { byline } : {}),
    ...(publishedTime ? { publishedTime } : {}),
  };
  const text = textReader(root);
  const headlines = headlinesOf(root, text);
  const opening =
    blocks[0]?.kind === 'heading' && headlines.includes(blocks[0].text) ? blocks[0].text : undefined;
  const title = articleTitle({
    metaTitle: head.metaTitle,
    headlines,
    leadingHeadline: opening,
    titleTag: head.titleTag ?? found?.title,
    siteName,
    url,
  });
  const headed = dropTitleBlock(blocks, [title, opening]);
  const standfirst = title ? findStandfirst(document, opening ?? title, text) : undefined;
  return {
    blocks: standfirst ? withStandfirst(headed, standfirst) : headed,
    ...(title ? { title } : {}),
    metadata,
    ...(baseUrl ? { baseUrl } : {}),
  };
}

/**
 * The standfirst first, as its own kind. Where the article's first block is that text, it becomes
 * the standfirst; where a later block is, the text is the story's own and stays where it is.
 */
function withStandfirst(blocks: readonly Block[], standfirst: string): Block[] {
  const [first, ...rest] = blocks;
  if (first?.text === standfirst) return [{ ...first, kind: 'standfirst' }, ...rest];
  if (blocks.some((b) => b.text === standfirst)) return [...blocks];
  return [{ kind: 'standfirst', text: standfirst, translate: true }, ...blocks];
}

/** The headline repeated as the first heading is the title, not a paragraph. */
function dropTitleBlock(blocks: Block[], titles: ReadonlyArray<string | undefined>): Block[] {
  const first = blocks[0];
  return first?.kind === 'heading' && titles.includes(first.text) ? blocks.slice(1) : blocks;
}
