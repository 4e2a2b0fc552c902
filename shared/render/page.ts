import { sanitizeInline } from '../markup/inline.ts';
import type { ArticleDocument } from '../schemas/document.ts';
import { escapeHtml } from '../text/escape.ts';
import { datelineHtml } from './dateline.ts';
import { pageHead } from './html.ts';
import { creditParts, labelsFor } from './labels.ts';
import { tableToHtml } from './table.ts';

const STYLE = `
body { margin: 0 auto; max-width: 42rem; padding: 1rem; font: 18px/1.6 Georgia, "Times New Roman", serif; color: #111; background: #fff; }
h1 { font-size: 1.8rem; line-height: 1.2; }
h2 { font-size: 1.3rem; }
.summary { border-left: 4px solid #2563eb; padding: 0.25rem 1rem; color: #333; }
blockquote { margin: 1rem 0; padding-left: 1rem; border-left: 3px solid #ccc; font-style: italic; }
pre { white-space: pre-wrap; font-size: 0.9rem; }
.standfirst { font-size: 1.15rem; color: #333; }
.dateline { font-weight: 600; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; }
caption { text-align: left; font-style: italic; }
footer { margin-top: 2rem; border-top: 1px solid #ddd; color: #666; font-size: 0.85rem; }
a { color: #1d4ed8; }
`;

type Paragraph = ArticleDocument['paragraphs'][number];

/**
 * `<lang>.html`: the translated article as a page to publish or paste into a CMS. Title, the
 * summary on top, headings, paragraphs, lists and quotes in the source's order, with links and
 * emphasis; a one-line credit of the engine and the source at the foot. Self-contained: no script,
 * no remote stylesheet, font or image (its Content-Security-Policy allows none).
 */
export function renderPage(doc: ArticleDocument, lang: string): string {
  const labels = labelsFor(lang);
  const title = doc.titleTranslations[lang] ?? doc.title ?? doc.articleId;
  const inner = (p: Paragraph) => {
    const t = p.translations[lang];
    const html = t ? t.html : p.html;
    return html ? sanitizeInline(html) : escapeHtml(t?.text ?? p.text);
  };
  const body: string[] = [];
  // Consecutive list items share one list, consecutive quotes one blockquote.
  let open: 'ul' | 'blockquote' | undefined;
  const close = () => {
    if (open) body.push(`</${open}>`);
    open = undefined;
  };
  for (const p of doc.paragraphs) {
    const wanted = p.kind === 'list-item' ? 'ul' : p.kind === 'quote' ? 'blockquote' : undefined;
    if (wanted !== open) {
      close();
      if (wanted) body.push(`<${wanted}>`);
      open = wanted;
    }
    if (p.kind === 'heading') body.push(`<h2>${inner(p)}</h2>`);
    else if (p.kind === 'list-item') body.push(`<li>${inner(p)}</li>`);
    else if (p.kind === 'code') body.push(`<pre><code>${escapeHtml(p.text)}</code></pre>`);
    else if (p.table) body.push(tableToHtml(p.translations[lang]?.table ?? p.table));
    else if (p.kind === 'standfirst') body.push(`<p class="standfirst">${inner(p)}</p>`);
    else body.push(`<p>${datelineHtml(doc, p.index)}${inner(p)}</p>`);
  }
  close();
  const summary = doc.summaryTranslations[lang] ?? [];
  const credit = creditParts(doc, lang);
  const creditHtml = [
    ...credit.text.map(escapeHtml),
    ...(credit.url ? [`<a href="${escapeHtml(credit.url)}">${escapeHtml(credit.url)}</a>`] : []),
  ].join(' · ');
  // The original, for search engines and readers: only a real address, never the upload's key.
  const original =
    credit.url && doc.sourceLanguage !== 'auto'
      ? { href: credit.url, hreflang: doc.sourceLanguage }
      : undefined;
  return `${pageHead(lang, title, STYLE, false, original)}
<article>
<h1>${escapeHtml(title)}</h1>
${summary.length > 0 ? `<p class="summary"><strong>${escapeHtml(labels.summary)}.</strong> ${escapeHtml(summary.join(' '))}</p>\n` : ''}${body.join('\n')}
</article>
<footer><p>${creditHtml}</p></footer>
</body>
</html>
`;
}
