import { outputKeys } from '../keys.ts';
import type { ObjectStore } from '../ports.ts';
import { renderReader } from '../render/html.ts';
import { renderMarkdown } from '../render/markdown.ts';
import { renderPage } from '../render/page.ts';
import type { ArticleDocument } from '../schemas/document.ts';

/** The keys of an article's renderings: `<lang>.md` and `<lang>.html` per language, and the reader. */
export function renderingKeys(articleId: string, langs: readonly string[]): string[] {
  return [
    ...langs.flatMap((lang) => [outputKeys.markdown(articleId, lang), outputKeys.page(articleId, lang)]),
    outputKeys.reader(articleId),
  ];
}

/** Writes those renderings of `doc` (Assemble for every language, a correction for its own). */
export function writeRenderings(
  store: ObjectStore,
  bucket: string,
  doc: ArticleDocument,
  langs: readonly string[],
): Promise<void>[] {
  const id = doc.articleId;
  return [
    ...langs.flatMap((lang) => [
      store.put(
        bucket,
        outputKeys.markdown(id, lang),
        renderMarkdown(doc, lang),
        'text/markdown; charset=utf-8',
      ),
      store.put(bucket, outputKeys.page(id, lang), renderPage(doc, lang), 'text/html; charset=utf-8'),
    ]),
    store.put(bucket, outputKeys.reader(id), renderReader(doc), 'text/html; charset=utf-8'),
  ];
}
