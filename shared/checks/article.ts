import type { ArticleDocument } from '../schemas/document.ts';
import { checkTranslation } from './checks.ts';

/**
 * The article with the QA checks on every translated paragraph (`translations[lang].checks`), title
 * (`titleChecks`) and summary sentence (`summaryChecks`), and the flagged paragraphs counted per
 * language (`stats.flagged`). Code, tables, copies in the same
 * language and text kept as written are not checked. Run on the engine's translations and again
 * on an editor's: a changed number is flagged, a fixed one clears.
 */
export function withChecks(doc: ArticleDocument): ArticleDocument {
  const flagged: Record<string, number> = Object.fromEntries(doc.targetLanguages.map((lang) => [lang, 0]));
  const paragraphs = doc.paragraphs.map((p) => {
    if (p.kind === 'code' || p.table) return p;
    const translations = Object.fromEntries(
      Object.entries(p.translations).map(([lang, t]) => {
        if (t.note === 'same-language' || t.note === 'no-engine-pair') return [lang, t];
        const checks = checkTranslation({
          source: p.text,
          translation: t.text,
          sourceLanguage: p.language,
          targetLanguage: lang,
          ...(p.html ? { sourceHtml: p.html } : {}),
          ...(t.html ? { translationHtml: t.html } : {}),
        });
        if (checks.length > 0) flagged[lang] = (flagged[lang] ?? 0) + 1;
        return [lang, { ...t, checks }];
      }),
    );
    return { ...p, translations };
  });
  const check = (source: string, translation: string, lang: string) =>
    checkTranslation({ source, translation, sourceLanguage: doc.sourceLanguage, targetLanguage: lang });
  const titleChecks = Object.fromEntries(
    Object.entries(doc.titleTranslations).map(([lang, t]) => [
      lang,
      doc.title ? check(doc.title, t, lang) : [],
    ]),
  );
  const summaryChecks = Object.fromEntries(
    Object.entries(doc.summaryTranslations).map(([lang, sentences]) => [
      lang,
      sentences.map((t, i) => check(doc.summary[i] ?? '', t, lang)),
    ]),
  );
  return { ...doc, paragraphs, titleChecks, summaryChecks, stats: { ...doc.stats, flagged } };
}
