import type { TableData } from '../article/model.ts';
import { sanitizeInline } from '../markup/inline.ts';
import type { ArticleDocument } from '../schemas/document.ts';
import { escapeHtml } from '../text/escape.ts';
import { datelineHtml } from './dateline.ts';
import { fileName, labelsFor, languageTitle } from './labels.ts';
import { tableToHtml } from './table.ts';

/**
 * The start of a self-contained page, up to <body>: its language, title and inline style, and a
 * Content-Security-Policy that lets nothing load (and runs only inline script, where it has one).
 */
export function pageHead(
  lang: string,
  title: string,
  style: string,
  inlineScript: boolean,
  original?: { href: string; hreflang: string },
): string {
  const script = inlineScript ? "; script-src 'unsafe-inline'" : '';
  const alternate = original
    ? `\n<link rel="alternate" hreflang="${escapeHtml(original.hreflang)}" href="${escapeHtml(original.href)}">`
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'${script}">
<title>${escapeHtml(title)}</title>${alternate}
<style>${style}</style>
</head>
<body>`;
}

const STYLE = `
:root { color-scheme: light dark; --muted: #6b7280; --line: #e5e7eb; --accent: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
header, main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.2rem 0; }
.meta { color: var(--muted); font-size: 0.85rem; }
.summary { border-left: 4px solid var(--accent); padding: 0.5rem 1rem; margin: 1rem 0; background: color-mix(in srgb, var(--accent) 8%, transparent); }
.summary > summary { cursor: pointer; font-weight: 600; }
.summary h2 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.05em; margin: 0.6rem 0 0.2rem; color: var(--muted); }
.columns { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); padding: 0.4rem 0; }
ul { margin: 0; padding-left: 1.25rem; list-style: disc; }
.langs { display: flex; gap: 0.5rem; flex-wrap: wrap; margin: 0.5rem 0; }
.langs button { font: inherit; padding: 0.3rem 0.8rem; border-radius: 999px; border: 1px solid var(--line); background: transparent; cursor: pointer; }
.langs button[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; padding: 0.9rem 0; border-top: 1px solid var(--line); }
.row > div { min-width: 0; overflow-wrap: anywhere; }
a { color: var(--accent); }
.gist { color: var(--muted); font-size: 0.9rem; margin-top: 0.4rem; }
.gist.machine { font-style: italic; }
.machine-mark { font-weight: normal; text-transform: none; }
.dateline { font-weight: 600; }
.checks { color: #b45309; font-size: 0.85rem; margin-top: 0.3rem; }
.edited { border-left: 3px solid #16a34a; padding-left: 0.6rem; }
.edited-mark { display: inline-block; font-size: 0.7rem; text-transform: uppercase; letter-spacing: 0.05em; color: #16a34a; margin-bottom: 0.2rem; }
.gist .label { font-size: 0.7rem; text-transform: uppercase; letter-spacing: 0.05em; margin-right: 0.4rem; }
.heading p:not(.gist) { font-weight: 700; font-size: 1.15rem; }
.heading .gist { display: none; }
.quote p { font-style: italic; }
.standfirst p:not(.gist) { font-size: 1.05rem; font-weight: 600; }
table { display: block; overflow-x: auto; max-width: 100%; border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid var(--line); padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
caption { text-align: left; font-style: italic; }
pre { white-space: pre-wrap; margin: 0; }
[lang] p { margin: 0; }
@media (max-width: 42rem) { .row { grid-template-columns: 1fr; gap: 0.5rem; } .row .translation { padding-left: 0.75rem; border-left: 3px solid var(--line); } .columns { display: none; } }
`;

/** Switches the visible language; folds the summary on a phone; no network, no library. */
const SCRIPT = `
if (window.matchMedia('(max-width: 42rem)').matches) document.querySelector('details.summary').open = false;
document.querySelectorAll('.langs button').forEach(function (button) {
  button.addEventListener('click', function () {
    var lang = button.getAttribute('data-lang');
    document.querySelectorAll('[data-target-lang]').forEach(function (el) { el.hidden = el.getAttribute('data-target-lang') !== lang; });
    document.querySelectorAll('.langs button').forEach(function (b) { b.setAttribute('aria-pressed', String(b === button)); });
  });
});
`;

/**
 * index.html: the original and each translation side by side, paragraph by paragraph, with the
 * article summary on top. Self-contained (inline style and script, no fetches), escaped
 * throughout, one column on a phone.
 */
export function renderReader(doc: ArticleDocument): string {
  const langs = doc.targetLanguages;
  const first = langs[0] ?? '';
  const title = doc.title ?? doc.articleId;
  const perLang = (lang: string, body: string) =>
    `<div data-target-lang="${escapeHtml(lang)}"${lang === first ? '' : ' hidden'}>${body}</div>`;
  // A paragraph's markup (links, emphasis) is shown on both sides, sanitized again here.
  const block = (kind: string, text: string, html: string | undefined, table?: TableData, index = -1) => {
    if (kind === 'code') return `<pre>${escapeHtml(text)}</pre>`;
    if (table) return tableToHtml(table);
    // The wire dateline heads the first paragraph on both sides, as the source printed it.
    const inner = datelineHtml(doc, index) + (html ? sanitizeInline(html) : escapeHtml(text));
    if (kind === 'list-item') return `<ul><li><p>${inner}</p></li></ul>`;
    return `<p>${inner}</p>`;
  };
  // A gist that is its paragraph (or none, for code) adds nothing: the row shows the paragraph only.
  // Its label is in the language of the text it labels.
  // The engine's gist of a paragraph an editor has since corrected says whose it is.
  const gist = (p: ArticleDocument['paragraphs'][number], text: string, lang: string, stale = false) =>
    p.summary && p.summary !== p.text
      ? `<p class="gist${stale ? ' machine' : ''}"><span class="label">${escapeHtml(labelsFor(lang).gist)}${stale ? ` <span class="machine-mark">(${escapeHtml(labelsFor(lang).machineGist)})</span>` : ''}</span>${escapeHtml(text)}</p>`
      : '';
  // A paragraph an editor corrected says so, with when and from which correction.
  const edited = (t: ArticleDocument['paragraphs'][number]['translations'][string] | undefined) =>
    t?.origin === 'editor'
      ? ` class="edited" data-origin="editor" title="${escapeHtml(t.edit ? `${t.edit.at} · ${t.edit.correction}` : '')}"`
      : '';
  // What the QA checks flagged, for the editor to read first (never in <lang>.html, the page to publish).
  const flags = (t: ArticleDocument['paragraphs'][number]['translations'][string] | undefined) =>
    t?.checks && t.checks.length > 0
      ? `<p class="checks" data-checks="${escapeHtml(t.checks.map((c) => c.check).join(' '))}">⚑ ${escapeHtml(t.checks.map((c) => `${c.check}: ${c.detail}`).join(' · '))}</p>`
      : '';
  const editedMark = (lang: string) =>
    `<span class="edited-mark">${escapeHtml(labelsFor(lang).edited)}</span>`;
  const rows = doc.paragraphs
    .map((p) => {
      const translations = langs
        .map((lang) =>
          perLang(
            lang,
            `<div lang="${escapeHtml(lang)}"${edited(p.translations[lang])}>${p.translations[lang]?.origin === 'editor' ? editedMark(lang) : ''}${block(p.kind, p.translations[lang]?.text ?? '', p.translations[lang]?.html, p.translations[lang]?.table, p.index)}${gist(p, p.translations[lang]?.summary ?? '', lang, p.translations[lang]?.summaryNote === 'paragraph-edited')}${flags(p.translations[lang])}</div>`,
          ),
        )
        .join('');
      return `<section class="row ${escapeHtml(p.kind)}" data-index="${p.index}"><div class="original" lang="${escapeHtml(doc.sourceLanguage)}">${block(p.kind, p.text, p.html, p.table, p.index)}${gist(p, p.summary, doc.sourceLanguage)}</div><div class="translation">${translations}</div></section>`;
    })
    .join('\n');
  // Each summary under a heading in its own language: "Summary · English", "Resumen · Español".
  const source = doc.sourceLanguage;
  const labelled = (lang: string, sentences: readonly string[]) =>
    `<div lang="${escapeHtml(lang)}"><h2>${escapeHtml(labelsFor(lang).summary)} · ${escapeHtml(languageTitle(lang, lang))}</h2><p>${escapeHtml(sentences.join(' '))}</p></div>`;
  const summaries = langs
    .map((lang) => perLang(lang, labelled(lang, doc.summaryTranslations[lang] ?? [])))
    .join('');
  const columns = `<div class="row columns" aria-hidden="true"><div lang="${escapeHtml(source)}">${escapeHtml(languageTitle(source, source))} (${escapeHtml(labelsFor(source).original)})</div><div>${langs
    .map((lang) =>
      perLang(lang, `<span lang="${escapeHtml(lang)}">${escapeHtml(languageTitle(lang, lang))}</span>`),
    )
    .join('')}</div></div>`;
  const titles = langs
    .map((lang) =>
      perLang(
        lang,
        `<p class="meta" lang="${escapeHtml(lang)}">${escapeHtml(doc.titleTranslations[lang] ?? '')}</p>`,
      ),
    )
    .join('');
  const switcher =
    langs.length > 1
      ? `<nav class="langs" aria-label="Translation language">${langs
          .map(
            (lang) =>
              `<button type="button" data-lang="${escapeHtml(lang)}" lang="${escapeHtml(lang)}" aria-pressed="${lang === first}">${escapeHtml(languageTitle(lang, lang))}</button>`,
          )
          .join('')}</nav>`
      : '';
  return `${pageHead(doc.sourceLanguage, title, STYLE, true)}
<header>
<p class="meta">${escapeHtml(fileName(doc.source.key))} · ${escapeHtml(languageTitle(source, source))} → ${escapeHtml(langs.map((l) => languageTitle(l, l)).join(', '))} · ${doc.paragraphs.length} ${escapeHtml(labelsFor(source).paragraphs)}</p>
<h1>${escapeHtml(title)}</h1>
${titles}
${switcher}
<details class="summary" open><summary>${escapeHtml(labelsFor(source).summary)}</summary>${labelled(source, doc.summary)}${summaries}</details>
</header>
<main>
${columns}
${rows}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
