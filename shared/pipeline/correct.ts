import { decodeArticle } from '../article/decode.ts';
import { alignCorrection } from '../corrections/align.ts';
import { applyCorrection } from '../corrections/apply.ts';
import { CorrectionError, classifyError } from '../errors.ts';
import { outputKeys } from '../keys.ts';
import { type ArticleDocument, CorrectionRecord, upgradeArticleDocument } from '../schemas/document.ts';
import type { ObjectCreatedEvent } from '../schemas/events.ts';
import { LanguageCode } from '../schemas/language.ts';
import type { Edit, MemoryEntry } from '../schemas/memory.ts';
import { CONDITIONAL_WRITE_ATTEMPTS, type Decision, updateIfMatch } from './conditional.ts';
import { type PipelineDeps, parseJsonOrUndefined, readableJson, writeJson } from './deps.ts';
import { remember } from './memory.ts';
import { compareSequencers, readStatus } from './ordering.ts';
import { renderingKeys, writeRenderings } from './outputs.ts';
import { resolveEventKey } from './source-key.ts';

export type CorrectDeps = Pick<PipelineDeps, 'config' | 'store' | 'logger' | 'metrics' | 'now'>;

/** The most a correction file may weigh: a long article's Markdown is a few hundred KiB. */
export const MAX_CORRECTION_BYTES = 1024 * 1024;

/** `<prefix><articleId>/<lang>.md` → its parts, or undefined when the key does not have that shape. */
export function parseCorrectionKey(
  key: string,
  prefix: string,
): { articleId: string; lang: string } | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const match = /^(.+)\/([^/]+)\.md$/.exec(key.slice(prefix.length));
  const [, articleId, lang] = match ?? [];
  if (!articleId || !lang || !LanguageCode.safeParse(lang).success) return undefined;
  return { articleId, lang };
}

/** Where a correction's outcome is written: beside the article's outputs, or by its key when it names none. */
export function correctionRecordKey(key: string, prefix: string): string {
  const parsed = parseCorrectionKey(key, prefix);
  if (parsed) return outputKeys.correction(parsed.articleId, parsed.lang);
  const rest = key.slice(prefix.length).replace(/\.[^/.]*$/, '') || 'unnamed';
  return `${prefix}${rest}.json`;
}

/**
 * An editor's corrected `<lang>.md` (uploaded to `corrections/<articleId>/<lang>.md`): lined up
 * with the article, applied to article.json and its renderings with origin "editor", and each
 * corrected pair added to the translation memory that later runs read first. Nothing goes to the
 * translator. A file that cannot be applied changes nothing and says why in the correction record.
 * Only a transient failure throws (the invocation is retried); every other outcome is a record.
 */
export async function correctArticle(
  event: ObjectCreatedEvent,
  deps: CorrectDeps,
): Promise<CorrectionRecord> {
  const { config, store, logger } = deps;
  const inputBucket = event.detail.bucket.name;
  const key = await resolveEventKey(store, inputBucket, event.detail.object.key);
  const etag = event.detail.object.etag ?? '';
  const sequencer = event.detail.object.sequencer;
  const base = {
    correctionKey: key,
    etag,
    ...(sequencer ? { sequencer } : {}),
  };
  const target = parseCorrectionKey(key, config.CORRECTIONS_PREFIX);
  const where = correctionRecordKey(key, config.CORRECTIONS_PREFIX);
  // A later upload of the same correction has been handled already: this older one changes nothing.
  const earlier = CorrectionRecord.safeParse(
    parseJsonOrUndefined(await store.getText(config.OUTPUT_BUCKET, where)),
  );
  if (
    earlier.success &&
    sequencer &&
    earlier.data.sequencer &&
    compareSequencers(earlier.data.sequencer, sequencer) > 0
  ) {
    logger.info('correct.superseded', { key, sequencer });
    return earlier.data;
  }
  const started = deps.now().getTime();
  let record: CorrectionRecord;
  try {
    record = { ...base, ...(await applyCorrectionFile(key, etag, target, event, deps)) };
  } catch (err) {
    const classified = classifyError(err);
    if (classified.retryable) throw err;
    record = {
      ...base,
      ...(target ? { articleId: target.articleId, language: target.lang } : {}),
      state: 'refused',
      at: deps.now().toISOString(),
      error: { code: classified.code, message: classified.message },
    };
  }
  await writeJson(store, config.OUTPUT_BUCKET, where, CorrectionRecord.parse(record));
  logger.info('correct.done', {
    key,
    state: record.state,
    code: record.error?.code,
    paragraphs: record.changed?.paragraphs.length,
    remembered: record.remembered,
    ms: deps.now().getTime() - started,
  });
  return record;
}

/** Reads, checks and applies the file; throws a CorrectionError (refused) or a transient error. */
async function applyCorrectionFile(
  key: string,
  etag: string,
  target: { articleId: string; lang: string } | undefined,
  event: ObjectCreatedEvent,
  deps: CorrectDeps,
): Promise<Omit<CorrectionRecord, 'correctionKey' | 'etag' | 'sequencer'>> {
  const { config, store } = deps;
  if (!target)
    throw new CorrectionError(
      'INVALID_CORRECTION',
      `A correction goes at ${config.CORRECTIONS_PREFIX}<articleId>/<lang>.md (for example ${config.CORRECTIONS_PREFIX}my-article/es.md), not ${key}.`,
    );
  const { articleId, lang } = target;
  const size = event.detail.object.size;
  if (size !== undefined && size > MAX_CORRECTION_BYTES)
    throw new CorrectionError(
      'CORRECTION_TOO_LARGE',
      `The correction is ${size.toLocaleString('en-US')} bytes; at most ${MAX_CORRECTION_BYTES.toLocaleString('en-US')} (1 MiB) are read. Upload the edited ${lang}.md Paragraf wrote, nothing else.`,
    );
  const object = await store.get(event.detail.bucket.name, key, event.detail.object['version-id']);
  if (object.bytes.length > MAX_CORRECTION_BYTES)
    throw new CorrectionError(
      'CORRECTION_TOO_LARGE',
      `The correction is ${object.bytes.length.toLocaleString('en-US')} bytes; at most 1 MiB is read.`,
    );
  const text = decodeArticle(object.bytes);
  if (text.trim() === '')
    throw new CorrectionError('EMPTY_INPUT', 'The correction has no text. Upload the edited Markdown file.');
  const edit: Edit = { at: deps.now().toISOString(), correction: key, etag: etag || object.etag, articleId };

  // article.json is rewritten only if nobody wrote it in between (another correction, a new run).
  const articleKey = outputKeys.article(articleId);
  const result = await updateIfMatch({
    store,
    bucket: config.OUTPUT_BUCKET,
    key: articleKey,
    decide: async (found): Promise<Decision<Applied>> => {
      const doc = await correctableArticle(found?.text, articleId, lang, deps);
      const alignment = alignCorrection(doc, lang, text);
      if (!alignment.ok) throw new CorrectionError('MISALIGNED_CORRECTION', alignment.message);
      const applied = applyCorrection(doc, lang, alignment, edit);
      const { changed } = applied;
      const outcome = { articleId, language: lang, state: 'applied' as const, at: edit.at, changed };
      if (changed.paragraphs.length + changed.summary.length + (changed.title ? 1 : 0) === 0)
        return { stop: { ...outcome, remembered: 0, outputs: [] } };
      // The memory first: a correction the outputs show is always one the next run will find.
      const remembered = await rememberAll(applied.memory, lang, deps);
      const body = readableJson(applied.doc);
      const record = {
        ...outcome,
        remembered,
        ...(applied.notRemembered ? { notRemembered: applied.notRemembered } : {}),
      };
      return { write: body, result: { ...record, outputs: [], written: { doc: applied.doc, body } } };
    },
    contended: `article.json of ${articleId} kept changing under this correction.`,
  });
  const { written, ...record } = result;
  if (!written) return record;
  return { ...record, outputs: await renderOutputs(written.doc, written.body, lang, deps) };
}

type Applied = Omit<CorrectionRecord, 'correctionKey' | 'etag' | 'sequencer'> & {
  written?: { doc: ArticleDocument; body: string };
};

/** The article a correction applies to, checked: there, not running, readable, in that language. */
async function correctableArticle(
  text: string | undefined,
  articleId: string,
  lang: string,
  deps: CorrectDeps,
): Promise<ArticleDocument> {
  const { config, store } = deps;
  if (text === undefined)
    throw new CorrectionError(
      'ARTICLE_NOT_FOUND',
      `There is no article ${articleId} in the output bucket. The key names the article folder Paragraf wrote (its article.json).`,
    );
  const status = await readStatus(store, config.OUTPUT_BUCKET, outputKeys.status(articleId));
  if (status?.state === 'running')
    throw new CorrectionError(
      'ARTICLE_RUNNING',
      `Article ${articleId} is being translated again right now; a correction now would be overwritten. Upload it again when its status is succeeded.`,
    );
  const doc = upgradeArticleDocument(parseJsonOrUndefined(text));
  if (!doc)
    throw new CorrectionError(
      'ARTICLE_NOT_FOUND',
      `${outputKeys.article(articleId)} is not an article.json this Paragraf can read; run the article again first.`,
    );
  if (!doc.targetLanguages.includes(lang))
    throw new CorrectionError(
      'LANGUAGE_NOT_TRANSLATED',
      `Article ${articleId} has no ${lang} translation (it has ${doc.targetLanguages.join(', ')}). Name the file after the translation you edited.`,
    );
  return doc;
}

/** The editor's pairs into each source language's memory; how many. */
async function rememberAll(
  memory: ReadonlyMap<string, MemoryEntry[]>,
  lang: string,
  deps: CorrectDeps,
): Promise<number> {
  let remembered = 0;
  for (const [source, entries] of memory) {
    await remember(
      deps.store,
      deps.config.OUTPUT_BUCKET,
      deps.config.MEMORY_PREFIX,
      { source, target: lang },
      entries,
      deps.now,
    );
    remembered += entries.length;
  }
  return remembered;
}

/**
 * The language's Markdown and page and the reader, from the article as written. Two corrections
 * at once may render in either order: the one that finds article.json changed after it rendered
 * renders again from the newer one, so the last renderings are always of the last article.json.
 */
async function renderOutputs(
  doc: ArticleDocument,
  written: string,
  lang: string,
  deps: CorrectDeps,
): Promise<string[]> {
  const { config, store } = deps;
  const articleKey = outputKeys.article(doc.articleId);
  let current = { doc, text: written };
  for (let attempt = 0; attempt < CONDITIONAL_WRITE_ATTEMPTS; attempt++) {
    await Promise.all(writeRenderings(store, config.OUTPUT_BUCKET, current.doc, [lang]));
    const latest = await store.getText(config.OUTPUT_BUCKET, articleKey);
    if (latest === undefined || latest === current.text) break;
    const next = upgradeArticleDocument(parseJsonOrUndefined(latest));
    if (!next) break;
    current = { doc: next, text: latest };
  }
  return [articleKey, ...renderingKeys(doc.articleId, [lang])];
}
