import { type TableData, tableStrings, tableText, withTableStrings } from '../article/model.ts';
import { TranslationError } from '../errors.ts';
import { outputKeys, translationManifestKey, workKeys } from '../keys.ts';
import { restoreMarkup } from '../markup/engine.ts';
import {
  ARTICLE_COMPLETED,
  ArticleDocument,
  SCHEMA_VERSION,
  type StatusDocument,
} from '../schemas/document.ts';
import type { Edit, Provenance } from '../schemas/memory.ts';
import {
  type AssembleInput,
  type AssembleOutput,
  BatchFile,
  ParagraphsFile,
  type TranslationManifest,
  type TranslationNote,
  tableUnitId,
  UnitsFile,
} from '../schemas/steps.ts';
import { type PipelineDeps, readJson, writeJson } from './deps.ts';
import { isSuperseded, readStatus } from './ordering.ts';
import { renderingKeys, writeRenderings } from './outputs.ts';

export type AssembleDeps = Pick<PipelineDeps, 'config' | 'store' | 'events' | 'logger' | 'metrics' | 'now'>;

/** Step 4: merge the batches into article.json and one Markdown file per language. */
/** A table in one language: each string's translation in its place; an empty cell stays empty. */
function tableTranslation(table: TableData, translated: (k: number) => string) {
  const strings = tableStrings(table).map((text, k) => (text ? translated(k) : ''));
  const inLanguage = withTableStrings(table, strings);
  return { text: tableText(inLanguage), table: inLanguage, origin: 'machine' as const };
}

export async function assembleArticle(input: AssembleInput, deps: AssembleDeps): Promise<AssembleOutput> {
  const { config, store, logger } = deps;
  const { run, batches } = input;
  const bucket = config.OUTPUT_BUCKET;
  const work = workKeys(config.WORK_PREFIX, run.articleId, run.runId);
  // A later upload of the same key has started or finished: its outputs win, ours are not written.
  if (isSuperseded(await readStatus(store, bucket, outputKeys.status(run.articleId)), run)) {
    logger.info('assemble.superseded', { articleId: run.articleId, runId: run.runId });
    return { articleId: run.articleId, status: 'superseded', outputs: [] };
  }
  // Each work file from the state when it rode there, else from S3.
  const [paragraphs, unitsFile, batchFiles] = await Promise.all([
    input.paragraphsFile ?? readJson(store, bucket, work.paragraphs, (v) => ParagraphsFile.parse(v)),
    input.unitsFile ?? readJson(store, bucket, work.units, (v) => UnitsFile.parse(v)),
    Promise.all(
      batches.map(
        (b) =>
          input.translated.find((t) => t.index === b.index)?.batchFile ??
          readJson(store, bucket, work.batch(b.index), (v) => BatchFile.parse(v)),
      ),
    ),
  ]);
  // A language any batch could not produce is left out whole; the others go on.
  const failedLanguages = run.targetLanguages.flatMap((language) => {
    const failure = batchFiles.find((b) => b.failed[language])?.failed[language];
    return failure ? [{ language, ...failure }] : [];
  });
  const targets = run.targetLanguages.filter((l) => !failedLanguages.some((f) => f.language === l));
  if (targets.length === 0) {
    throw new TranslationError(
      'UNSUPPORTED_LANGUAGE_PAIR',
      failedLanguages.map((f) => f.message).join(' ') || 'No target language could be produced.',
    );
  }
  // translated[lang][unitId], and notes[lang][unitId]
  const translated = new Map<string, Map<string, string>>();
  const notes = new Map<string, Map<string, TranslationNote>>();
  // edits[lang][unitId]: the translation is an editor's, from the translation memory.
  const edits = new Map<string, Map<string, Edit>>();
  for (const lang of targets) {
    translated.set(lang, new Map());
    notes.set(lang, new Map());
    edits.set(lang, new Map());
  }
  for (const file of batchFiles) {
    for (const [lang, texts] of Object.entries(file.translations)) {
      texts.forEach((text, offset) => {
        const unit = unitsFile.units[file.start + offset];
        if (unit) translated.get(lang)?.set(unit.id, text);
        const note = file.notes[lang]?.[String(offset)];
        if (unit && note) notes.get(lang)?.set(unit.id, note);
        const edit = file.edits[lang]?.[String(offset)];
        if (unit && edit) edits.get(lang)?.set(unit.id, edit);
      });
    }
  }
  // A repeated text was translated once, with the unit it repeats.
  for (const unit of unitsFile.units) {
    if (!unit.same) continue;
    for (const lang of targets) {
      const text = translated.get(lang)?.get(unit.same);
      // Missing stays missing (pick says so) rather than the placeholder passing for a translation.
      if (text === undefined) translated.get(lang)?.delete(unit.id);
      else translated.get(lang)?.set(unit.id, text);
      const note = notes.get(lang)?.get(unit.same);
      if (note) notes.get(lang)?.set(unit.id, note);
      const edit = edits.get(lang)?.get(unit.same);
      if (edit) edits.get(lang)?.set(unit.id, edit);
    }
  }
  const unitById = new Map(unitsFile.units.map((u) => [u.id, u]));
  const provenance = (lang: string, id: string): Provenance => {
    const edit = edits.get(lang)?.get(id);
    return edit ? { origin: 'editor', edit } : { origin: 'machine' };
  };
  const pick = (lang: string, id: string): string => {
    const value = translated.get(lang)?.get(id);
    if (value === undefined) throw new Error(`Batch output is missing unit ${id} for ${lang}`);
    return value;
  };
  /** The gist's translation, flagged when the engine made it and an editor wrote its paragraph. */
  const gistTranslation = (lang: string, index: number, text: string, translated: string) => {
    const gist = unitsFile.gists[index] ?? '';
    if (!gist) return { summary: '' };
    if (gist === text) return { summary: translated };
    const stale =
      provenance(lang, `p${index}`).origin === 'editor' && provenance(lang, `g${index}`).origin === 'machine';
    return {
      summary: pick(lang, `g${index}`),
      ...(stale ? { summaryNote: 'paragraph-edited' as const } : {}),
    };
  };
  const byLanguage = <T>(fn: (lang: string) => T): Record<string, T> =>
    Object.fromEntries(targets.map((lang) => [lang, fn(lang)]));
  let markupLost = 0;
  /** A paragraph's translation; with markup, the engine's HTML checked and its links restored. */
  const paragraphTranslation = (lang: string, index: number, block: ParagraphsFile['blocks'][number]) => {
    if (block.table) return tableTranslation(block.table, (k) => pick(lang, tableUnitId(index, k)));
    const note = notes.get(lang)?.get(`p${index}`);
    const translated = pick(lang, `p${index}`);
    const edit = edits.get(lang)?.get(`p${index}`);
    if (edit) {
      // The editor's markup, unless the source's has changed since the correction.
      const hit = unitById.get(`p${index}`)?.memory?.[lang];
      const html = hit?.html && (!block.html || hit.sourceHtml === block.html) ? hit.html : undefined;
      return { text: translated, ...(html ? { html } : {}), origin: 'editor' as const, edit };
    }
    const machine = { origin: 'machine' as const };
    if (!block.html || !block.translate) return { text: translated, ...(note ? { note } : {}), ...machine };
    // Copied or kept as written: the source's own markup.
    if (note) return { text: block.text, html: block.html, note, ...machine };
    const restored = restoreMarkup(block.html, translated);
    if (restored.kept) return { text: restored.text, html: restored.html, ...machine };
    markupLost++;
    return { text: restored.text, note: 'markup-lost' as const, ...machine };
  };

  const now = deps.now();
  const doc: ArticleDocument = ArticleDocument.parse({
    schemaVersion: SCHEMA_VERSION,
    articleId: run.articleId,
    source: run.source,
    ...(paragraphs.metadata ? { sourceMetadata: paragraphs.metadata } : {}),
    sourceLanguage: run.sourceLanguage,
    targetLanguages: targets,
    failedLanguages,
    title: paragraphs.title ?? null,
    titleTranslations: paragraphs.title ? byLanguage((lang) => pick(lang, 't')) : {},
    summary: unitsFile.summary,
    summaryTranslations: byLanguage((lang) => unitsFile.summary.map((_, i) => pick(lang, `s${i}`))),
    titleOrigins: paragraphs.title ? byLanguage((lang) => provenance(lang, 't')) : {},
    summaryOrigins: byLanguage((lang) =>
      unitsFile.summary.map((_, i) => {
        const own = provenance(lang, `s${i}`);
        const home = unitById.get(`s${i}`)?.of?.unit;
        return own.origin === 'machine' && home && provenance(lang, home).origin === 'editor'
          ? { ...own, paragraphEdited: true as const }
          : own;
      }),
    ),
    paragraphs: paragraphs.blocks.map((block, index) => ({
      index,
      kind: block.kind,
      language: block.language ?? run.sourceLanguage,
      text: block.text,
      ...(block.html ? { html: block.html } : {}),
      ...(block.table ? { table: block.table } : {}),
      summary: unitsFile.gists[index] ?? '',
      translations: byLanguage((lang) => {
        const { text, ...rest } = paragraphTranslation(lang, index, block);
        return { text, ...gistTranslation(lang, index, block.text, text), ...rest };
      }),
    })),
    stats: {
      paragraphs: paragraphs.blocks.length,
      characters: paragraphs.blocks.reduce((sum, b) => sum + b.text.length, 0),
      charactersSentToTranslate: batchFiles.reduce((sum, b) => sum + b.characters, 0),
      charactersFromCache: batchFiles.reduce((sum, b) => sum + b.cachedCharacters, 0),
      translateRequests: batchFiles.reduce((sum, b) => sum + b.requests, 0),
      batches: batchFiles.length,
      markupLost,
      durationsMs: {
        translate: input.translated.reduce((sum, t) => sum + t.ms, 0),
        total: now.getTime() - Date.parse(run.startedAt),
      },
    },
    // Each engine is named by the step that ran it.
    engines: {
      translation: [...new Set(batchFiles.map((b) => b.translator))].join(', '),
      summarization: unitsFile.summarizer,
      languageDetection: run.languageSource,
    },
    createdAt: now.toISOString(),
  });

  const outputs = [outputKeys.article(run.articleId), ...renderingKeys(run.articleId, targets)];
  // The next run of this article (an edit, a re-upload, a language added) reuses these.
  const manifest: TranslationManifest = { engine: batchFiles[0]?.translator ?? '', entries: {} };
  for (const file of batchFiles) Object.assign(manifest.entries, file.entries);
  await Promise.all([
    writeJson(store, bucket, outputKeys.article(run.articleId), doc),
    ...writeRenderings(store, bucket, doc, targets),
    store.put(
      bucket,
      translationManifestKey(config.CACHE_PREFIX, run.articleId),
      JSON.stringify(manifest),
      'application/json',
    ),
  ]);
  // status.json last: "succeeded" means every output is in place.
  const status: StatusDocument = {
    articleId: run.articleId,
    runId: run.runId,
    ...(run.sequencer ? { sequencer: run.sequencer } : {}),
    ...(run.source.etag ? { etag: run.source.etag } : {}),
    state: 'succeeded',
    sourceKey: run.source.key,
    updatedAt: deps.now().toISOString(),
    paragraphs: doc.paragraphs.length,
    progress: { done: doc.paragraphs.length, total: doc.paragraphs.length },
    outputs,
    ...(failedLanguages.length > 0 ? { failedLanguages } : {}),
  };
  await writeJson(store, bucket, outputKeys.status(run.articleId), status);
  // Last: a downstream system that reacts to the event finds every output in place.
  await deps.events.publish(ARTICLE_COMPLETED, {
    articleId: run.articleId,
    status: 'succeeded',
    sourceKey: run.source.key,
    outputBucket: bucket,
    outputs,
    sourceLanguage: run.sourceLanguage,
    targetLanguages: targets,
    failedLanguages,
    stats: {
      paragraphs: doc.stats.paragraphs,
      charactersSentToTranslate: doc.stats.charactersSentToTranslate,
      charactersFromCache: doc.stats.charactersFromCache,
      durationMs: doc.stats.durationsMs.total,
    },
  });
  logger.info('assemble.done', {
    articleId: run.articleId,
    runId: run.runId,
    paragraphs: doc.paragraphs.length,
    characters: doc.stats.characters,
    translateRequests: doc.stats.translateRequests,
    totalMs: doc.stats.durationsMs.total,
  });
  deps.metrics.count('ArticlesSucceeded', 1);
  deps.metrics.count('Paragraphs', doc.stats.paragraphs);
  deps.metrics.count('CharactersTranslated', doc.stats.charactersSentToTranslate);
  deps.metrics.count('CharactersFromCache', doc.stats.charactersFromCache);
  return { articleId: run.articleId, status: 'succeeded', outputs };
}
