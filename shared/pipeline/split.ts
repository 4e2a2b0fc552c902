import { readArticle } from '../article/reader.ts';
import { InputError } from '../errors.ts';
import { articleIdFor, outputKeys, runIdFor, workKeys } from '../keys.ts';
import type { StatusDocument } from '../schemas/document.ts';
import { decodeEventKey } from '../schemas/events.ts';
import {
  ClaimFile,
  LanguageCode,
  type ParagraphsFile,
  type SplitInput,
  type SplitOutput,
} from '../schemas/steps.ts';
import { type PipelineDeps, parseJsonOrUndefined, writeJson } from './deps.ts';
import { isSuperseded, readStatus } from './ordering.ts';

export type SplitDeps = Pick<PipelineDeps, 'config' | 'store' | 'detector' | 'logger' | 'now'>;

function parseLanguages(value: string, origin: string): string[] {
  const codes = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const code of codes) {
    if (!LanguageCode.safeParse(code).success) {
      throw new InputError(
        'INVALID_LANGUAGE_CODE',
        `${origin} has "${code.slice(0, 20)}", which is not a language code such as es or fr.`,
      );
    }
  }
  return codes;
}

/** Metadata beats configuration beats detection; records which one decided. */
function settleSourceLanguage(
  metadataValue: string | undefined,
  configured: string,
  detect: () => string | undefined,
): { sourceLanguage: string | undefined; languageSource: string } {
  if (metadataValue) {
    return {
      sourceLanguage: parseLanguages(metadataValue, 'The source-language metadata')[0],
      languageSource: 'metadata:source-language',
    };
  }
  if (configured !== 'auto') return { sourceLanguage: configured, languageSource: 'config:SOURCE_LANGUAGE' };
  return { sourceLanguage: detect(), languageSource: 'detected' };
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
  const key = decodeEventKey(event.detail.object.key);
  const articleId = articleIdFor(key, config.INPUT_PREFIX);
  const { size, etag: eventEtag, sequencer } = event.detail.object;
  const versionId = event.detail.object['version-id'];
  const runId = runIdFor(bucket, key, { versionId, sequencer, etag: eventEtag });
  const work = workKeys(config.WORK_PREFIX, articleId, runId);
  const skip = (reason: 'duplicate' | 'superseded'): SplitOutput => {
    logger.info('split.skipped', { articleId, runId, reason });
    return { skip: true, reason, articleId };
  };

  if (
    isSuperseded(await readStatus(store, config.OUTPUT_BUCKET, outputKeys.status(articleId)), {
      runId,
      sequencer,
    })
  ) {
    return skip('superseded');
  }
  const claim: ClaimFile = {
    executionId,
    ...(sequencer ? { sequencer } : {}),
    claimedAt: started.toISOString(),
  };
  if (
    !(await store.putIfAbsent(config.OUTPUT_BUCKET, work.claim, JSON.stringify(claim), 'application/json'))
  ) {
    const existing = ClaimFile.safeParse(
      parseJsonOrUndefined(await store.getText(config.OUTPUT_BUCKET, work.claim)),
    );
    // The same execution retrying this step proceeds; another execution for the same upload stops.
    if (!existing.success || existing.data.executionId !== executionId) return skip('duplicate');
  }

  // Rejected on the event's size, before a byte is downloaded.
  if (size !== undefined && size > config.MAX_INPUT_BYTES) {
    throw new InputError(
      'INPUT_TOO_LARGE',
      `The file is ${size} bytes; the limit is ${config.MAX_INPUT_BYTES} bytes (MAX_INPUT_BYTES).`,
    );
  }
  const object = await store.get(bucket, key, versionId);
  // Without versions, a newer upload may already have replaced the bytes: its own run handles it.
  if (!versionId && eventEtag && object.etag && object.etag !== eventEtag) return skip('superseded');
  if (object.bytes.length > config.MAX_INPUT_BYTES) {
    throw new InputError(
      'INPUT_TOO_LARGE',
      `The file is ${object.bytes.length} bytes; the limit is ${config.MAX_INPUT_BYTES} bytes (MAX_INPUT_BYTES).`,
    );
  }
  const article = readArticle(object.bytes, key, object.contentType);

  const { sourceLanguage, languageSource } = settleSourceLanguage(
    object.metadata['source-language'],
    config.SOURCE_LANGUAGE,
    () =>
      detector.detect(
        article.blocks
          .filter((b) => b.translate)
          .map((b) => b.text)
          .join('\n'),
      ),
  );
  if (!sourceLanguage) {
    throw new InputError(
      'LANGUAGE_UNDETECTED',
      'The source language could not be detected. Set the object metadata source-language (for example en).',
    );
  }
  const requested = object.metadata['target-languages'];
  const targets = (
    requested ? parseLanguages(requested, 'The target-languages metadata') : config.DEFAULT_TARGET_LANGUAGES
  ).filter((lang, i, all) => lang !== sourceLanguage && all.indexOf(lang) === i);
  if (targets.length === 0) {
    throw new InputError(
      'NO_TARGET_LANGUAGES',
      `No target language differs from the source language (${sourceLanguage}).`,
    );
  }

  const paragraphs: ParagraphsFile =
    article.title === undefined
      ? { blocks: article.blocks }
      : { title: article.title, blocks: article.blocks };
  await writeJson(store, config.OUTPUT_BUCKET, work.paragraphs, paragraphs);
  const status: StatusDocument = {
    articleId,
    runId,
    ...(sequencer ? { sequencer } : {}),
    state: 'running',
    sourceKey: key,
    updatedAt: deps.now().toISOString(),
    paragraphs: article.blocks.length,
    progress: { done: 0, total: article.blocks.length },
  };
  await writeJson(store, config.OUTPUT_BUCKET, outputKeys.status(articleId), status);
  logger.info('split.done', {
    articleId,
    runId,
    bytes: object.bytes.length,
    format: article.format,
    paragraphs: article.blocks.length,
    sourceLanguage,
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
      languageSource: languageSource === 'detected' ? detector.name : languageSource,
      ...(sequencer ? { sequencer } : {}),
      startedAt: started.toISOString(),
    },
    paragraphs: article.blocks.length,
  };
}
