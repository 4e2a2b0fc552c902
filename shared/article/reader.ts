import { InputError } from '../errors.ts';
import { dropLeadingText, inlineText, inlineToHtml, parseInline } from '../markup/inline.ts';
import { decodeArticle } from './decode.ts';
import { furnitureKind, stripWireDateline, wireDateline } from './furniture.ts';
import { resolveLinks } from './links.ts';
import { parseMarkdown } from './markdown-format.ts';
import { type ArticleFormat, type Block, isProse, type ParsedArticle, type SourceMetadata } from './model.ts';
import { readHtmlPage } from './page.ts';
import { looksLikeTitle, parseText } from './text-format.ts';

const BY_EXTENSION: Record<string, ArticleFormat> = {
  txt: 'txt',
  text: 'txt',
  md: 'md',
  markdown: 'md',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
};

const BY_CONTENT_TYPE: Record<string, ArticleFormat> = {
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/x-markdown': 'md',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
};

/** Picks the format from the key's extension, then the content type, then the content itself. */
export function detectFormat(key: string, contentType: string | undefined, text: string): ArticleFormat {
  const extension = /\.([A-Za-z0-9]+)$/.exec(key)?.[1]?.toLowerCase();
  const fromExtension = extension ? BY_EXTENSION[extension] : undefined;
  if (fromExtension) return fromExtension;
  const mime = contentType?.split(';')[0]?.trim().toLowerCase();
  const fromType = mime ? BY_CONTENT_TYPE[mime] : undefined;
  if (fromType) return fromType;
  if (/^\s*(<!doctype html|<html[\s>])/i.test(text)) return 'html';
  return 'txt';
}

/** Where the upload came from, when the uploader said so (`source-url` metadata, `--source-url`). */
export interface ReadOptions {
  sourceUrl?: string | undefined;
}

async function parseFormat(
  text: string,
  format: ArticleFormat,
  sourceUrl: string | undefined,
): Promise<{ blocks: Block[]; title?: string; metadata?: SourceMetadata; baseUrl?: string }> {
  if (format === 'html') return readHtmlPage(text, sourceUrl);
  const parsed = format === 'md' ? parseMarkdown(text) : { blocks: parseText(text) };
  return sourceUrl ? { ...parsed, metadata: { url: sourceUrl }, baseUrl: sourceUrl } : parsed;
}

/** Parses already-decoded text. The title rule (a short first line without final punctuation) applies to every format. */
export async function parseArticleText(
  text: string,
  format: ArticleFormat,
  options: ReadOptions = {},
): Promise<ParsedArticle> {
  const parsed = await parseFormat(text, format, options.sourceUrl);
  let { title } = parsed;
  let blocks = withoutFurniture(parsed.blocks);
  const first = blocks[0];
  if (title === undefined && first && isProse(first) && looksLikeTitle(first.text) && blocks.length > 1) {
    if (format !== 'txt' || isSingleLineFirstParagraph(text)) {
      title = first.text;
      blocks = blocks.slice(1);
    }
  }
  const wire = withoutWireDateline(blocks);
  blocks = wire.blocks;
  const { dateline } = wire;
  if (!blocks.some((b) => b.translate)) {
    throw new InputError('NO_PARAGRAPHS', `No article paragraphs were found in this ${format} file.`);
  }
  const links = resolveLinks(blocks, parsed.baseUrl);
  const metadata: SourceMetadata = {
    ...parsed.metadata,
    ...(links.unresolved > 0 ? { unresolvedLinks: links.unresolved } : {}),
  };
  return {
    format,
    ...(title === undefined ? {} : { title }),
    blocks: links.blocks,
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    ...(dateline ? { dateline } : {}),
  };
}

/** Bylines, date lines, captions, "Related:" links and prompts are not paragraphs of the story. */
function withoutFurniture(blocks: readonly Block[]): Block[] {
  return blocks.filter((b) => !isProse(b) || furnitureKind(b.text) === undefined);
}

/**
 * "LONDON (Reuters) — " opens the story's first paragraph; it is not news to translate (the
 * article keeps it as its `dateline`, printed as it was at the head of every language).
 */
function withoutWireDateline(blocks: readonly Block[]): { blocks: Block[]; dateline?: string } {
  const first = blocks.findIndex((b) => b.kind === 'paragraph');
  const b = blocks[first];
  const text = b && stripWireDateline(b.text);
  if (!b || !text || text === b.text) return { blocks: [...blocks] };
  // The markup around the rest of the paragraph stays; the dateline's characters go.
  const html = b.html && inlineToHtml(dropLeadingText(parseInline(b.html), b.text.length - text.length));
  const { html: _, ...plain } = b;
  const stripped =
    html && inlineText(parseInline(html)) === text ? { ...plain, text, html } : { ...plain, text };
  const dateline = wireDateline(b.text);
  return {
    blocks: blocks.map((block, i) => (i === first ? stripped : block)),
    ...(dateline ? { dateline } : {}),
  };
}

function isSingleLineFirstParagraph(text: string): boolean {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/^\s*\n/, '')
    .split('\n');
  const second = lines[1];
  return second === undefined || second.trim() === '';
}

/** Bytes in, article out: strict decoding, format detection, parsing. */
export async function readArticle(
  bytes: Uint8Array,
  key: string,
  contentType?: string,
  options: ReadOptions = {},
): Promise<ParsedArticle> {
  const text = decodeArticle(bytes);
  return parseArticleText(text, detectFormat(key, contentType, text), options);
}
