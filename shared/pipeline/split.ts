import { httpUrl } from '../article/links.ts';
import type { Block, ParsedArticle } from '../article/model.ts';
import { readArticle } from '../article/reader.ts';
import { TERMINOLOGY_NAME } from '../config.ts';
import { InputError } from '../errors.ts';
import { articleIdFor, outputKeys, runIdFor, workKeys } from '../keys.ts';
import { parseLanguageCodes, sameLanguage } from '../languages.ts';
import type { StatusDocument } from '../schemas/document.ts';
import { ClaimFile, type ParagraphsFile, type SplitInput, type SplitOutput } from '../schemas/steps.ts';
import { keepWorkFile, type PipelineDeps, parseJsonOrUndefined, writeJson } from './deps.ts';
import { settleLanguages } from './languages.ts';
import { isSuperseded, parseStatus } from './ordering.ts';
import { resolveEventKey } from './source-key.ts';

export type SplitDeps = Pick<PipelineDeps, 'config' | 'store' | 'detector' | 'logger' | 'metrics' | 'now'>;

/**
 * What a message says to fix, in terms of the object: its metadata. A client that sets the
 * metadata from its own options (the CLI's --source, --to) says so in its own words.
 */
export const METADATA = {
  source: {
    what: 'The source-language metadata',
    fix: 'Set the object metadata source-language to a code such as en.',
  },
  targets: {
    what: 'The target-languages metadata',
    fix: 'Set the object metadata target-languages to codes such as es+fr (with the AWS CLI: --metadata target-languages=es+fr).',
  },
  terminology: { what: 'The terminology metadata' },
  sourceUrl: { what: 'The source-url metadata' },
} as const;

/**
 * The article's language: metadata, then the stack's default, then detection; when nothing
 * applies, Amazon Translate's own "auto" where the configuration allows it. Records which decided.
 */
function settleSourceLanguage(
  blocks: readonly Block[],
  metadata: Record<string, string>,
  config: SplitDeps['config'],
  detector: SplitDeps['detector'],
): { article: string; languageSource: string; blocks: Array<string | undefined> } {
  const fromMetadata = metadata['source-language'];
  const given = fromMetadata
    ? parseLanguageCodes(fromMetadata, METADATA.source)[0]
    : config.DEFAULT_SOURCE_LANGUAGE !== 'auto'
      ? config.DEFAULT_SOURCE_LANGUAGE
      : undefined;
  const settled = settleLanguages(blocks, detector, given);
  const languageSource = fromMetadata
    ? 'metadata:source-language'
    : given
      ? 'config:DEFAULT_SOURCE_LANGUAGE'
      : detector.name;
  if (settled.article) return { article: settled.article, languageSource, blocks: settled.blocks };
  if (config.UNDETECTED_SOURCE_LANGUAGE === 'auto') {
    return { article: 'auto', languageSource: 'translate:auto', blocks: settled.blocks };
  }
  throw new InputError(
    'LANGUAGE_UNDETECTED',
    `The source language could not be detected (the text is short, or mixes languages evenly). ${METADATA.source.fix}`,
  );
}

/**
 * The terminology an upload chose (`terminology` metadata; CLI `--terminology`), checked against
 * what the stack allows: undefined when it chose none (the configured default applies).
 */
function chosenTerminology(
  metadata: Record<string, string>,
  config: SplitDeps['config'],
): string[] | undefined {
  const chosen = metadata.terminology?.trim();
  if (chosen === undefined || chosen === '') return undefined;
  const what = METADATA.terminology.what;
  if (chosen.toLowerCase() === 'none') return [];
  if (!TERMINOLOGY_NAME.test(chosen) || chosen.length > 256) {
    throw new InputError(
      'INVALID_TERMINOLOGY',
      `${what} has "${chosen.slice(0, 40)}", which is not a terminology name (one name: letters, digits, - and _).`,
    );
  }
  const allowed = config.ALLOWED_TERMINOLOGY_NAMES;
  if (allowed !== '*' && !allowed.includes(chosen) && !config.TERMINOLOGY_NAMES.includes(chosen)) {
    const known = [...new Set([...config.TERMINOLOGY_NAMES, ...allowed])];
    throw new InputError(
      'INVALID_TERMINOLOGY',
      `${what} names "${chosen}", which this stack does not allow. Allowed: ${known.join(', ') || 'none'} (deploy with -c paragraf:allowedTerminologies=${chosen} to allow it).`,
    );
  }
  return [chosen];
}

/**
 * Where the article was published (`source-url` metadata; CLI `--source-url`): the address its
 * relative links resolve against when the file itself names none.
 */
function sourceUrlOf(metadata: Record<string, string>): string | undefined {
  const given = metadata['source-url']?.trim();
  if (!given) return undefined;
  const url = httpUrl(given);
  if (url) return url;
  throw new InputError(
    'INVALID_SOURCE_URL',
    `${METADATA.sourceUrl.what} has "${given.slice(0, 80)}", which is not an http(s) address such as https://news.example/2026/story.html.`,
  );
}

/** The languages to translate into: the upload's metadata, else the stack's default, less the source. */
function targetLanguages(
  metadata: Record<string, string>,
  sourceLanguage: string,
  config: SplitDeps['config'],
): string[] {
  const requested = metadata['target-languages'];
  const targets = (
    requested
      ? parseLanguageCodes(requested, METADATA.targets, config.MAX_TARGET_LANGUAGES)
      : config.DEFAULT_TARGET_LANGUAGES
  ).filter((lang) => sourceLanguage === 'auto' || !sameLanguage(lang, sourceLanguage));
  if (targets.length === 0) {
    throw new InputError(
      'NO_TARGET_LANGUAGES',
      `No target language differs from the source language (${sourceLanguage}). ${METADATA.targets.fix}`,
    );
  }
  return targets;
}

/** The paragraphs file (each block with its own language where it differs): in the state when small, else in S3. */
async function keepParagraphs(
  article: ParsedArticle,
  languages: ReadonlyArray<string | undefined>,
  key: string,
  deps: SplitDeps,
) {
  const blocks = article.blocks.map((b, i) => {
    const language = languages[i];
    return language ? { ...b, language } : b;
  });
  const paragraphs: ParagraphsFile = {
    ...(article.title === undefined ? {} : { title: article.title }),
    ...(article.metadata ? { metadata: article.metadata } : {}),
    ...(article.dateline ? { dateline: article.dateline } : {}),
    blocks,
  };
  return keepWorkFile(deps.store, deps.config.OUTPUT_BUCKET, key, paragraphs, deps.config.INLINE_WORK_BYTES);
}

/** status.json as Split leaves it: running, none of its paragraphs translated yet. */
function runningStatus(
  run: {
    articleId: string;
    runId: string;
    sequencer: string | undefined;
    etag: string | undefined;
    key: string;
  },
  paragraphs: number,
  now: Date,
): StatusDocument {
  return {
    articleId: run.articleId,
    runId: run.runId,
    ...(run.sequencer ? { sequencer: run.sequencer } : {}),
    ...(run.etag ? { etag: run.etag } : {}),
    state: 'running',
    sourceKey: run.key,
    updatedAt: now.toISOString(),
    paragraphs,
    progress: { done: 0, total: paragraphs },
  };
}

/** Claims the run for this execution; false when another execution claimed it (a duplicate event). */
async function claimRun(
  store: SplitDeps['store'],
  bucket: string,
  key: string,
  executionId: string,
  sequencer: string | undefined,
  started: Date,
): Promise<boolean> {
  const claim: ClaimFile = {
    executionId,
    ...(sequencer ? { sequencer } : {}),
    claimedAt: started.toISOString(),
  };
  if (await store.putIfAbsent(bucket, key, JSON.stringify(claim), 'application/json')) return true;
  const existing = ClaimFile.safeParse(parseJsonOrUndefined(await store.getText(bucket, key)));
  // The same execution retrying this step proceeds; another execution for the same upload stops.
  return existing.success && existing.data.executionId === executionId;
}

function checkSize(bytes: number | undefined, limit: number): void {
  if (bytes !== undefined && bytes > limit)
    throw new InputError(
      'INPUT_TOO_LARGE',
      `The file is ${bytes} bytes; the limit is ${limit} bytes (MAX_INPUT_BYTES).`,
    );
}

/**
 * Step 1: claim the run, read the uploaded object, cut it into paragraphs, settle the languages.
 * A duplicate delivery of an event, or an event older than one already handled, writes nothing.
 */
export async function splitArticle(
  { event, executionId }: SplitInput,
  deps: SplitDeps,
): Promise<SplitOutput> {
  const { config, store, detector, logger } = deps;
  const started = deps.now();
  const bucket = event.detail.bucket.name;
  const key = await resolveEventKey(store, bucket, event.detail.object.key);
  const articleId = articleIdFor(key, config.INPUT_PREFIX);
  const { size, etag: eventEtag, sequencer } = event.detail.object;
  const versionId = event.detail.object['version-id'];
  const runId = runIdFor(bucket, key, { versionId, sequencer, etag: eventEtag });
  const work = workKeys(config.WORK_PREFIX, articleId, runId);
  const skip = (reason: 'duplicate' | 'superseded'): SplitOutput => {
    logger.info('split.skipped', { articleId, runId, reason });
    return { skip: true, reason, articleId };
  };

  const statusText = await store.getText(config.OUTPUT_BUCKET, outputKeys.status(articleId));
  if (isSuperseded(parseStatus(statusText), { runId, sequencer })) return skip('superseded');
  if (!(await claimRun(store, config.OUTPUT_BUCKET, work.claim, executionId, sequencer, started)))
    return skip('duplicate');

  // Rejected on the event's size, before a byte is downloaded.
  checkSize(size, config.MAX_INPUT_BYTES);
  const object = await store.get(bucket, key, versionId);
  // Without versions, a newer upload may already have replaced the bytes: its own run handles it.
  if (!versionId && eventEtag && object.etag && object.etag !== eventEtag) return skip('superseded');
  checkSize(object.bytes.length, config.MAX_INPUT_BYTES);
  const article = await readArticle(object.bytes, key, object.contentType, {
    sourceUrl: sourceUrlOf(object.metadata),
  });

  const languages = settleSourceLanguage(article.blocks, object.metadata, config, detector);
  const sourceLanguage = languages.article;
  const targets = targetLanguages(object.metadata, sourceLanguage, config);

  const terminologyNames = chosenTerminology(object.metadata, config);
  const paragraphsFile = await keepParagraphs(article, languages.blocks, work.paragraphs, deps);
  await writeJson(
    store,
    config.OUTPUT_BUCKET,
    outputKeys.status(articleId),
    runningStatus(
      { articleId, runId, sequencer, etag: object.etag || eventEtag, key },
      article.blocks.length,
      deps.now(),
    ),
  );
  logger.info('split.done', {
    articleId,
    runId,
    bytes: object.bytes.length,
    format: article.format,
    paragraphs: article.blocks.length,
    unresolvedLinks: article.metadata?.unresolvedLinks ?? 0,
    sourceLanguage,
    paragraphsInOtherLanguages: languages.blocks.filter(Boolean).length,
    targets: targets.join(','),
    ms: deps.now().getTime() - started.getTime(),
  });
  const version = object.versionId ?? versionId;
  return {
    skip: false,
    run: {
      articleId,
      runId,
      source: {
        bucket,
        key,
        etag: object.etag || eventEtag || '',
        bytes: object.bytes.length,
        format: article.format,
        ...(version ? { versionId: version } : {}),
      },
      sourceLanguage,
      targetLanguages: targets,
      languageSource: languages.languageSource,
      ...(sequencer ? { sequencer } : {}),
      startedAt: started.toISOString(),
      seenBefore: statusText !== undefined,
      ...(terminologyNames ? { terminologyNames } : {}),
    },
    paragraphs: article.blocks.length,
    ...(paragraphsFile ? { paragraphsFile } : {}),
  };
}
