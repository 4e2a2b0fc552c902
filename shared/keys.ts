import { createHash } from 'node:crypto';

/**
 * Output layout, documented in the README:
 *   <articleId>/article.json, <articleId>/<lang>.md, <articleId>/status.json, <articleId>/error.json
 *   <workPrefix><articleId>/<runId>/... intermediate files of one run
 * The articleId is the input key below the input prefix, without its extension, each path segment
 * lower-cased with accents removed and every run of other characters turned into one '-'.
 */
export function articleIdFor(key: string, inputPrefix: string): string {
  const relative = key.startsWith(inputPrefix) ? key.slice(inputPrefix.length) : key;
  const withoutExtension = relative.replace(/\.[A-Za-z0-9]{1,10}$/, '');
  const segments = withoutExtension
    .split('/')
    .map((segment) =>
      segment
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter((segment) => segment.length > 0);
  const id = segments
    .join('/')
    .slice(0, 200)
    .replace(/[-/]+$/, '');
  return id.length > 0 ? id : `article-${sha256(key).slice(0, 12)}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** One run per object version: duplicate events for the same version share it. */
export function runIdFor(
  bucket: string,
  key: string,
  upload: { versionId?: string | undefined; sequencer?: string | undefined; etag?: string | undefined },
): string {
  // The version in a versioned bucket, else the PUT's sequencer: a re-upload of the same bytes is a new run.
  const identity = upload.versionId ?? upload.sequencer ?? upload.etag ?? '';
  return sha256(`${bucket}\n${key}\n${identity}`).slice(0, 16);
}

/**
 * Names one translation: the same text, languages and terminology always hash alike. The engine is
 * not part of it: an article's translation manifest names its engine once, for all its entries.
 */
export function translationHash(parts: {
  source: string;
  target: string;
  terminologyNames: readonly string[];
  text: string;
}): string {
  return sha256(
    JSON.stringify([parts.source, parts.target, [...parts.terminologyNames].sort(), parts.text]),
  ).slice(0, 32);
}

/**
 * The translations of an article's last completed run, read by the next run of the same article
 * (an edit, a re-upload, more languages): one object per article, not one per text.
 */
export function translationManifestKey(cachePrefix: string, articleId: string): string {
  return `${cachePrefix}articles/${articleId}.json`;
}

/** Where work files live in the output bucket, on AWS (the stack's setting) and locally. */
export const WORK_PREFIX = '_work/';
/** The translation memory, in the output bucket (no lifecycle rule expires it). */
export const MEMORY_PREFIX = '_memory/';
/** Where editors upload corrections, in the input bucket: corrections/<articleId>/<lang>.md. */
export const CORRECTIONS_PREFIX = 'corrections/';

/** Whether one prefix holds the other: a correction under the input prefix would also start a run. */
export const prefixesOverlap = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

export const outputKeys = {
  article: (articleId: string) => `${articleId}/article.json`,
  markdown: (articleId: string, lang: string) => `${articleId}/${lang}.md`,
  /** The translated article as a page to publish. */
  page: (articleId: string, lang: string) => `${articleId}/${lang}.html`,
  status: (articleId: string) => `${articleId}/status.json`,
  reader: (articleId: string) => `${articleId}/index.html`,
  error: (articleId: string) => `${articleId}/error.json`,
  /** What became of the last correction of one language: applied, or refused and why. */
  correction: (articleId: string, lang: string) => `${articleId}/corrections/${lang}.json`,
};

export function workKeys(workPrefix: string, articleId: string, runId: string) {
  const base = `${workPrefix}${articleId}/${runId}`;
  return {
    claim: `${base}/claim.json`,
    paragraphs: `${base}/paragraphs.json`,
    units: `${base}/units.json`,
    batch: (index: number) => `${base}/batch-${String(index).padStart(5, '0')}.json`,
    /** The units one batch translates, so a Map iteration never reads the whole article. */
    batchUnits: (index: number) => `${base}/batch-${String(index).padStart(5, '0')}-units.json`,
  };
}
