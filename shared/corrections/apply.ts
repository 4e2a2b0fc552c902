import { type TableData, tableStrings } from '../article/model.ts';
import { withChecks } from '../checks/article.ts';
import type { ArticleDocument } from '../schemas/document.ts';
import type { Edit, MemoryEntry } from '../schemas/memory.ts';
import { alignedSentences, sentenceHome } from '../text/segmenter.ts';
import type { Alignment } from './align.ts';

export interface Applied {
  doc: ArticleDocument;
  /** What goes to the translation memory, per source language (the target is the correction's). */
  memory: Map<string, MemoryEntry[]>;
  changed: { title: boolean; summary: number[]; paragraphs: number[] };
  /** Why some changes were not remembered, when some were not. */
  notRemembered?: string;
}

/**
 * The sentence `sentence` of an edited paragraph, when the edit keeps the source's sentence count
 * (a summary sentence or gist is then cut from the editor's words, as the pipeline cuts it from
 * the engine's).
 */
export function cutSentence(source: string, translation: string, sentence: number): string | undefined {
  return alignedSentences(source, translation)?.[sentence]?.trim() || undefined;
}

/** The editor's sentence in place of a gist that is a whole sentence of its paragraph, if they line up. */
export function editorsSentence(source: string, gist: string, edited: string): string | undefined {
  if (!gist) return undefined;
  const home = sentenceHome([source], gist);
  return home && home.sentence >= 0 ? cutSentence(source, edited, home.sentence) : undefined;
}

/** Each cell the editor changed goes to the memory, as the pipeline translates each cell. */
function rememberTable(
  paragraph: ArticleDocument['paragraphs'][number],
  previous: TableData | undefined,
  edited: TableData,
  remember: (source: string, entry: Omit<MemoryEntry, 'edit'>) => void,
): void {
  if (!paragraph.table) return;
  const targets = tableStrings(edited);
  const before = previous ? tableStrings(previous) : [];
  tableStrings(paragraph.table).forEach((source, k) => {
    const target = targets[k];
    if (source && target && target !== before[k] && /\p{L}/u.test(source))
      remember(paragraph.language, { source, target });
  });
}

type Remember = (source: string, entry: Omit<MemoryEntry, 'edit'>) => void;

/**
 * The summary in one language after a correction: the editor's sentences, and the engine's cut
 * again from a corrected paragraph where its sentences line up (else marked).
 */
function correctedSummary(
  doc: ArticleDocument,
  lang: string,
  alignment: Extract<Alignment, { ok: true }>,
  paragraphs: ArticleDocument['paragraphs'],
  editor: { origin: 'editor'; edit: Edit },
  remember: Remember,
) {
  const summary = [...(doc.summaryTranslations[lang] ?? [])];
  const summaryOrigins = [
    ...(doc.summaryOrigins[lang] ?? summary.map(() => ({ origin: 'machine' as const }))),
  ];
  for (const change of alignment.summary) {
    summary[change.index] = change.text;
    summaryOrigins[change.index] = editor;
    const source = doc.summary[change.index];
    const home = source ? homeOf(doc, source) : undefined;
    if (source) remember(home?.paragraph.language ?? doc.sourceLanguage, { source, target: change.text });
  }
  // A summary sentence the editor left, from a paragraph they corrected: their words where they line up.
  const correctedParagraphs = new Set(alignment.paragraphs.map((c) => c.index));
  doc.summary.forEach((source, k) => {
    if (alignment.summary.some((c) => c.index === k)) return;
    const home = homeOf(doc, source);
    if (!home || !correctedParagraphs.has(home.index)) return;
    const edited = paragraphs[home.index]?.translations[lang]?.text ?? '';
    const cut = cutSentence(home.paragraph.text, edited, home.sentence);
    if (cut) {
      summary[k] = cut;
      summaryOrigins[k] = editor;
    } else summaryOrigins[k] = { origin: 'machine', paragraphEdited: true };
  });

  return { summary, summaryOrigins };
}

/**
 * The article with an editor's changes in one language: their text, origin "editor" and the
 * correction that brought them. A summary sentence cut from a corrected paragraph is cut again
 * from the editor's words when the sentences line up, else marked; a gist is marked. And the
 * source → editor pairs for the translation memory. Pure: the caller writes.
 */
export function applyCorrection(
  doc: ArticleDocument,
  lang: string,
  alignment: Extract<Alignment, { ok: true }>,
  edit: Edit,
): Applied {
  const editor = { origin: 'editor' as const, edit };
  const memory = new Map<string, MemoryEntry[]>();
  let skipped = 0;
  const remember = (source: string, entry: Omit<MemoryEntry, 'edit'>) => {
    // Amazon Translate's own detection ("auto") names no pair; a copy in the same language is no translation.
    if (source === 'auto' || source === lang) {
      skipped++;
      return;
    }
    memory.set(source, [...(memory.get(source) ?? []), { ...entry, edit }]);
  };

  const paragraphs = doc.paragraphs.map((p) => ({ ...p, translations: { ...p.translations } }));
  for (const change of alignment.paragraphs) {
    const paragraph = paragraphs[change.index];
    const before = paragraph?.translations[lang];
    if (!paragraph || !before) continue;
    const { note: _note, html: _html, summaryNote: _stale, table: _table, ...rest } = before;
    if (change.table) {
      paragraph.translations[lang] = { ...rest, text: change.text, table: change.table, ...editor };
      rememberTable(paragraph, before.table, change.table, remember);
      continue;
    }
    const gistIsParagraph = paragraph.summary !== '' && paragraph.summary === paragraph.text;
    // A gist that is the whole paragraph is the editor's paragraph; one that is a sentence of it is
    // the editor's sentence where their sentences line up; another is the engine's, of the old one.
    const gist = gistIsParagraph
      ? change.text
      : editorsSentence(paragraph.text, paragraph.summary, change.text);
    paragraph.translations[lang] = {
      ...rest,
      text: change.text,
      ...(change.html ? { html: change.html } : {}),
      summary: gist ?? before.summary,
      ...(!gist && before.summary ? { summaryNote: 'paragraph-edited' as const } : {}),
      ...editor,
    };
    remember(paragraph.language, {
      source: paragraph.text,
      ...(paragraph.html ? { sourceHtml: paragraph.html } : {}),
      target: change.text,
      ...(change.html ? { targetHtml: change.html } : {}),
    });
  }

  const { summary, summaryOrigins } = correctedSummary(doc, lang, alignment, paragraphs, editor, remember);

  const titleTranslations = { ...doc.titleTranslations };
  const titleOrigins = { ...doc.titleOrigins };
  if (alignment.title !== undefined && doc.title) {
    titleTranslations[lang] = alignment.title;
    titleOrigins[lang] = editor;
    remember(doc.sourceLanguage, { source: doc.title, target: alignment.title });
  }
  return {
    // The editor's text is checked as the engine's was: a changed number is flagged, a fixed one clears.
    doc: withChecks({
      ...doc,
      titleTranslations,
      titleOrigins,
      summaryTranslations: { ...doc.summaryTranslations, [lang]: summary },
      summaryOrigins: { ...doc.summaryOrigins, [lang]: summaryOrigins },
      paragraphs,
    }),
    memory,
    changed: {
      title: alignment.title !== undefined,
      summary: alignment.summary.map((c) => c.index),
      paragraphs: alignment.paragraphs.map((c) => c.index),
    },
    ...(skipped > 0
      ? {
          notRemembered: `${skipped} change${skipped === 1 ? ' was' : 's were'} not added to the translation memory: the source language was detected per request ("auto"), or the paragraph is already in ${lang}.`,
        }
      : {}),
  };
}

/** The paragraph a summary sentence was taken from, and which of its sentences it is (as Summarize finds it). */
function homeOf(doc: ArticleDocument, sentence: string) {
  const found = sentenceHome(
    doc.paragraphs.map((p) => p.text),
    sentence,
  );
  const paragraph = found ? doc.paragraphs[found.paragraph] : undefined;
  return found && paragraph && found.sentence >= 0
    ? { index: found.paragraph, paragraph, sentence: found.sentence }
    : undefined;
}
