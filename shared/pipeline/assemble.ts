import { type TableData, tableStrings, tableText, withTableStrings } from '../article/model.ts';
import { withChecks } from '../checks/article.ts';
import { editorsSentence } from '../corrections/apply.ts';
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
  type Unit,
  UnitsFile,
} from '../schemas/steps.ts';
import { type PipelineDeps, readJson, writeJson } from './deps.ts';
import { isSuperseded, readStatus } from './ordering.ts';
import { renderingKeys, writeRenderings } from './outputs.ts';

export type AssembleDeps = Pick<PipelineDeps, 'config' | 'store' | 'events' | 'logger' | 'metrics' | 'now'>;

/** A table in one language: each string's translation in its place; an empty cell stays empty. */
function tableTranslation(table: TableData, translated: (k: number) => string) {
  const strings = tableStrings(table).map((text, k) => (text ? translated(k) : ''));
  const inLanguage = withTableStrings(table, strings);
  return { text: tableText(inLanguage), table: inLanguage, origin: 'machine' as const };
}

type WorkKeys = ReturnType<typeof workKeys>;

/** Each work file from the state when it rode there, else from S3. */
async function readWorkFiles(input: AssembleInput, deps: AssembleDeps, work: WorkKeys) {
  const { store } = deps;
  const bucket = deps.config.OUTPUT_BUCKET;
  const { batches } = input;
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
  return { paragraphs, unitsFile, batchFiles };
}

/** The languages produced, and those left out whole because a batch could not produce them. */
function settleTargets(run: AssembleInput['run'], batchFiles: readonly BatchFile[]) {
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
  return { failedLanguages, targets };
}

/** translated[lang][unitId], notes[lang][unitId], and edits[lang][unitId] (an editor's, from the translation memory). */
interface Translations {
  translated: Map<string, Map<string, string>>;
  notes: Map<string, Map<string, TranslationNote>>;
  edits: Map<string, Map<string, Edit>>;
}

function collectTranslations(
  batchFiles: readonly BatchFile[],
  unitsFile: UnitsFile,
  targets: readonly string[],
): Translations {
  const translated = new Map<string, Map<string, string>>();
  const notes = new Map<string, Map<string, TranslationNote>>();
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
  return { translated, notes, edits };
}

/** article.json from the run, its paragraphs, units and translations. */
class ArticleBuilder {
  markupLost = 0;
  private readonly unitById: Map<string, Unit>;
  private readonly t: Translations;
  private readonly unitsFile: UnitsFile;
  private readonly targets: readonly string[];

  constructor(t: Translations, unitsFile: UnitsFile, targets: readonly string[]) {
    this.t = t;
    this.unitsFile = unitsFile;
    this.targets = targets;
    this.unitById = new Map(unitsFile.units.map((u) => [u.id, u]));
  }

  provenance(lang: string, id: string): Provenance {
    const edit = this.t.edits.get(lang)?.get(id);
    return edit ? { origin: 'editor', edit } : { origin: 'machine' };
  }

  pick(lang: string, id: string): string {
    const value = this.t.translated.get(lang)?.get(id);
    if (value === undefined) throw new Error(`Batch output is missing unit ${id} for ${lang}`);
    return value;
  }

  byLanguage<T>(fn: (lang: string) => T): Record<string, T> {
    return Object.fromEntries(this.targets.map((lang) => [lang, fn(lang)]));
  }

  /** The gist's translation, flagged when the engine made it and an editor wrote its paragraph. */
  gistTranslation(lang: string, index: number, text: string, translated: string) {
    const gist = this.unitsFile.gists[index] ?? '';
    if (!gist) return { summary: '' };
    if (gist === text) return { summary: translated };
    const stale =
      this.provenance(lang, `p${index}`).origin === 'editor' &&
      this.provenance(lang, `g${index}`).origin === 'machine';
    // A gist that is a sentence of the paragraph: the editor's sentence, where theirs line up.
    const editors = stale ? editorsSentence(text, gist, translated) : undefined;
    if (editors) return { summary: editors };
    return {
      summary: this.pick(lang, `g${index}`),
      ...(stale ? { summaryNote: 'paragraph-edited' as const } : {}),
    };
  }

  /** A paragraph's translation; with markup, the engine's HTML checked and its links restored. */
  paragraphTranslation(lang: string, index: number, block: ParagraphsFile['blocks'][number]) {
    if (block.table) return tableTranslation(block.table, (k) => this.pick(lang, tableUnitId(index, k)));
    const note = this.t.notes.get(lang)?.get(`p${index}`);
    const translated = this.pick(lang, `p${index}`);
    const edit = this.t.edits.get(lang)?.get(`p${index}`);
    if (edit) {
      // The editor's markup, unless the source's has changed since the correction.
      const hit = this.unitById.get(`p${index}`)?.memory?.[lang];
      const html = hit?.html && (!block.html || hit.sourceHtml === block.html) ? hit.html : undefined;
      return { text: translated, ...(html ? { html } : {}), origin: 'editor' as const, edit };
    }
    const machine = { origin: 'machine' as const };
    if (!block.html || !block.translate) return { text: translated, ...(note ? { note } : {}), ...machine };
    // Copied or kept as written: the source's own markup.
    if (note) return { text: block.text, html: block.html, note, ...machine };
    const restored = restoreMarkup(block.html, translated);
    if (restored.kept) return { text: restored.text, html: restored.html, ...machine };
    this.markupLost++;
    return { text: restored.text, note: 'markup-lost' as const, ...machine };
  }

  /** Who wrote each summary sentence; the engine's cut from a paragraph an editor wrote is flagged. */
  summaryOrigins(lang: string) {
    return this.unitsFile.summary.map((_, i) => {
      const own = this.provenance(lang, `s${i}`);
      const home = this.unitById.get(`s${i}`)?.of?.unit;
      return own.origin === 'machine' && home && this.provenance(lang, home).origin === 'editor'
        ? { ...own, paragraphEdited: true as const }
        : own;
    });
  }

  paragraphs(blocks: ParagraphsFile['blocks'], sourceLanguage: string) {
    return blocks.map((block, index) => ({
      index,
      kind: block.kind,
      language: block.language ?? sourceLanguage,
      text: block.text,
      ...(block.html ? { html: block.html } : {}),
      ...(block.table ? { table: block.table } : {}),
      summary: this.unitsFile.gists[index] ?? '',
      translations: this.byLanguage((lang) => {
        const { text, ...rest } = this.paragraphTranslation(lang, index, block);
        return { text, ...this.gistTranslation(lang, index, block.text, text), ...rest };
      }),
    }));
  }
}

/** Step 4: merge the batches into article.json and one Markdown file per language. */
export async function assembleArticle(input: AssembleInput, deps: AssembleDeps): Promise<AssembleOutput> {
  const { config, store, logger } = deps;
  const { run } = input;
  const bucket = config.OUTPUT_BUCKET;
  const work = workKeys(config.WORK_PREFIX, run.articleId, run.runId);
  // A later upload of the same key has started or finished: its outputs win, ours are not written.
  if (isSuperseded(await readStatus(store, bucket, outputKeys.status(run.articleId)), run)) {
    logger.info('assemble.superseded', { articleId: run.articleId, runId: run.runId });
    return { articleId: run.articleId, status: 'superseded', outputs: [] };
  }
  const { paragraphs, unitsFile, batchFiles } = await readWorkFiles(input, deps, work);
  const { failedLanguages, targets } = settleTargets(run, batchFiles);
  const builder = new ArticleBuilder(collectTranslations(batchFiles, unitsFile, targets), unitsFile, targets);
  const now = deps.now();
  const articleParagraphs = builder.paragraphs(paragraphs.blocks, run.sourceLanguage);
  const doc: ArticleDocument = withChecks(
    ArticleDocument.parse({
      schemaVersion: SCHEMA_VERSION,
      articleId: run.articleId,
      source: run.source,
      ...(paragraphs.metadata ? { sourceMetadata: paragraphs.metadata } : {}),
      ...(paragraphs.dateline ? { dateline: paragraphs.dateline } : {}),
      sourceLanguage: run.sourceLanguage,
      targetLanguages: targets,
      failedLanguages,
      title: paragraphs.title ?? null,
      titleTranslations: paragraphs.title ? builder.byLanguage((lang) => builder.pick(lang, 't')) : {},
      summary: unitsFile.summary,
      summaryTranslations: builder.byLanguage((lang) =>
        unitsFile.summary.map((_, i) => builder.pick(lang, `s${i}`)),
      ),
      titleOrigins: paragraphs.title ? builder.byLanguage((lang) => builder.provenance(lang, 't')) : {},
      summaryOrigins: builder.byLanguage((lang) => builder.summaryOrigins(lang)),
      paragraphs: articleParagraphs,
      stats: {
        paragraphs: paragraphs.blocks.length,
        characters: paragraphs.blocks.reduce((sum, b) => sum + b.text.length, 0),
        charactersSentToTranslate: batchFiles.reduce((sum, b) => sum + b.characters, 0),
        charactersFromCache: batchFiles.reduce((sum, b) => sum + b.cachedCharacters, 0),
        translateRequests: batchFiles.reduce((sum, b) => sum + b.requests, 0),
        batches: batchFiles.length,
        markupLost: builder.markupLost,
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
    }),
  );

  return publishArticle(doc, { run, batchFiles, targets, failedLanguages }, deps);
}

/** The outputs, then status.json, then the completion event: each only once the ones before are in place. */
async function publishArticle(
  doc: ArticleDocument,
  context: {
    run: AssembleInput['run'];
    batchFiles: readonly BatchFile[];
    targets: string[];
    failedLanguages: ArticleDocument['failedLanguages'];
  },
  deps: AssembleDeps,
): Promise<AssembleOutput> {
  const { config, store, logger } = deps;
  const { run, batchFiles, targets, failedLanguages } = context;
  const bucket = config.OUTPUT_BUCKET;
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
    ...(doc.stats.flagged ? { flagged: doc.stats.flagged } : {}),
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
      ...(doc.stats.flagged ? { flagged: doc.stats.flagged } : {}),
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
