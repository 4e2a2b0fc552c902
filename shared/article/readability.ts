/**
 * Mozilla's Readability on linkedom's DOM, loaded on first use: half a megabyte of DOM and CSS
 * code that a plain-text or Markdown article, and every other Lambda, never pays for at cold start.
 */
export interface ReadabilityResult {
  content: string;
  title?: string | undefined;
  byline?: string | undefined;
  siteName?: string | undefined;
  publishedTime?: string | undefined;
}

type Run = (html: string, maxElements: number) => ReadabilityResult | undefined;

let loading: Promise<Run> | undefined;

async function load(): Promise<Run> {
  const [{ Readability }, { parseHTML }] = await Promise.all([
    import('@mozilla/readability'),
    import('linkedom'),
  ]);
  const clean = (v: string | null | undefined) => v?.replace(/\s+/g, ' ').trim() || undefined;
  return (html, maxElements) => {
    const { document } = parseHTML(
      /<html[\s>]/i.test(html) ? html : `<!doctype html><html><body>${html}</body></html>`,
    );
    // Classes stay: Paragraf's own walk reads bylines and captions by class afterwards.
    const found = new Readability(document, { keepClasses: true, maxElemsToParse: maxElements }).parse();
    if (!found?.content) return undefined;
    return {
      content: found.content,
      title: clean(found.title),
      byline: clean(found.byline),
      siteName: clean(found.siteName),
      publishedTime: clean(found.publishedTime),
    };
  };
}

/** The article Readability finds in a page, as HTML with its metadata; undefined when it finds none. */
export async function runReadability(
  html: string,
  maxElements: number,
): Promise<ReadabilityResult | undefined> {
  loading ??= load();
  return (await loading)(html, maxElements);
}
