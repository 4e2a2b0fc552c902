import * as z from 'zod';

export const ARTICLE_FORMATS = ['txt', 'md', 'html'] as const;
export const ArticleFormat = z.enum(ARTICLE_FORMATS);
export type ArticleFormat = z.infer<typeof ArticleFormat>;

export const BlockKind = z.enum(['heading', 'paragraph', 'quote', 'list-item', 'code']);
export type BlockKind = z.infer<typeof BlockKind>;

/** One paragraph-level unit of an article. Code blocks are kept but never translated. */
export const Block = z.object({
  kind: BlockKind,
  text: z.string().min(1),
  translate: z.boolean(),
  /**
   * The paragraph's inline markup, sanitized (shared/markup): links, emphasis, code, superscripts,
   * line breaks. Absent when the paragraph has none; its words are always `text`'s.
   */
  html: z.string().min(1).optional(),
});
export type Block = z.infer<typeof Block>;

/**
 * What the source page says about itself (1.5): never paragraphs, never translated or summarized.
 * `url` is its canonical address (canonical link, og:url, or the upload's source-url metadata).
 */
export const SourceMetadata = z.object({
  url: z.url({ protocol: /^https?$/ }).optional(),
  siteName: z.string().min(1).optional(),
  byline: z.string().min(1).optional(),
  publishedTime: z.string().min(1).optional(),
  /** Relative links with no address to resolve them against: published as their words. */
  unresolvedLinks: z.number().int().positive().optional(),
});
export type SourceMetadata = z.infer<typeof SourceMetadata>;

export const ParsedArticle = z.object({
  format: ArticleFormat,
  title: z.string().min(1).optional(),
  blocks: z.array(Block),
  metadata: SourceMetadata.optional(),
});
export type ParsedArticle = z.infer<typeof ParsedArticle>;
