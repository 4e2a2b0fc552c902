import type { Command } from 'commander';
import { outputKeys } from '../../../shared/keys.ts';
import { ArticleDocument } from '../../../shared/schemas/document.ts';
import { readText, toArticleId, UserError } from '../remote.ts';
import type { TargetOptions } from '../target.ts';
import type { CliContext } from './context.ts';

/** `paragraf review`: the paragraphs the QA checks flagged, to read first. */
export function registerReview(program: Command, cli: CliContext): void {
  const { out, withTarget, connect } = cli;
  withTarget(
    program
      .command('review')
      .description('list the translated paragraphs the QA checks flagged, with their reasons')
      .argument('<article>', 'the article id, or the input key or file name it came from')
      .option('--lang <lang>', 'one translation language (default: all)')
      .option('--json', 'print one JSON entry per line: {lang, paragraph, checks}'),
  ).action(async (id: string, opts: TargetOptions & { lang?: string; json?: boolean }) => {
    const t = connect(opts);
    const articleId = toArticleId(id, t);
    const text = await readText(t, outputKeys.article(articleId));
    if (!text)
      throw new UserError(
        `"${articleId}" has no article.json yet. Check it with: paragraf status ${articleId}${t.hintFlags}`,
      );
    const doc = ArticleDocument.parse(JSON.parse(text));
    const langs = opts.lang ? [opts.lang] : doc.targetLanguages;
    if (opts.lang && !doc.targetLanguages.includes(opts.lang))
      throw new UserError(
        `"${articleId}" has no ${opts.lang} translation; it has ${doc.targetLanguages.join(', ')}.`,
      );
    const flagged = langs.flatMap((lang) =>
      doc.paragraphs.flatMap((p) => {
        const checks = p.translations[lang]?.checks ?? [];
        return checks.length > 0
          ? [{ lang, paragraph: p.index + 1, text: p.translations[lang]?.text ?? '', checks }]
          : [];
      }),
    );
    if (opts.json) for (const { text: _, ...entry } of flagged) out(JSON.stringify(entry));
    else {
      for (const f of flagged)
        out(
          `${f.lang}  paragraph ${f.paragraph}  ${f.checks.map((c) => `${c.check} ${JSON.stringify(c.detail)}`).join(', ')}`,
        );
      out(`${flagged.length} flagged in ${langs.join(', ')}`);
    }
  });
}
