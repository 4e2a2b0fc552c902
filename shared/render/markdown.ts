import { inlineToMarkdown, parseInline } from '../markup/inline.ts';
import type { ArticleDocument } from '../schemas/document.ts';
import { datelineBefore } from './dateline.ts';
import { creditLine, labelsFor } from './labels.ts';
import { tableToMarkdown } from './table.ts';

/** The translated article as a person would want to read it. */
export function renderMarkdown(doc: ArticleDocument, lang: string): string {
  const lines: string[] = [];
  const title = doc.titleTranslations[lang] ?? doc.title;
  if (title) lines.push(`# ${title}`, '');
  const labels = labelsFor(lang);
  const summary = doc.summaryTranslations[lang] ?? [];
  if (summary.length > 0) lines.push(`> **${labels.summary}.** ${summary.join(' ')}`, '');
  for (const paragraph of doc.paragraphs) {
    const translation = paragraph.translations[lang];
    const html = translation ? translation.html : paragraph.html;
    // Links, bold, italic and code as Markdown; a paragraph without markup as written.
    const text =
      html && paragraph.kind !== 'code'
        ? inlineToMarkdown(parseInline(html))
        : (translation?.text ?? paragraph.text);
    switch (paragraph.kind) {
      case 'heading':
        lines.push(`## ${text}`);
        break;
      case 'quote':
        lines.push(`> ${text}`);
        break;
      case 'list-item':
        lines.push(`- ${text}`);
        break;
      case 'code':
        lines.push('```', text, '```');
        break;
      case 'table': {
        const table = translation?.table ?? paragraph.table;
        lines.push(table ? tableToMarkdown(table) : text);
        break;
      }
      default:
        lines.push(`${datelineBefore(doc, paragraph.index)}${text}`);
    }
    lines.push('');
  }
  lines.push(`---`, creditLine(doc, lang), '');
  return lines.join('\n');
}
