import type { Command } from 'commander';
import { readArticleDocument, toArticleId, UserError } from '../remote.ts';
import type { TargetOptions } from '../target.ts';
import { reasonsOf } from './check.ts';
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
      .option('--json', 'print one JSON entry per line: {lang, place, checks}'),
  ).action(async (id: string, opts: TargetOptions & { lang?: string; json?: boolean }) => {
    const t = connect(opts);
    const articleId = toArticleId(id, t);
    const { doc } = await readArticleDocument(t, articleId);
    const langs = opts.lang ? [opts.lang] : doc.targetLanguages;
    if (opts.lang && !doc.targetLanguages.includes(opts.lang))
      throw new UserError(
        `"${articleId}" has no ${opts.lang} translation; it has ${doc.targetLanguages.join(', ')}.`,
      );
    // The title, each summary sentence and each paragraph, in reading order.
    const flagged = langs.flatMap((lang) =>
      [
        { place: 'title', checks: doc.titleChecks?.[lang] ?? [] },
        ...(doc.summaryChecks?.[lang] ?? []).map((checks, i) => ({ place: `summary ${i + 1}`, checks })),
        ...doc.paragraphs.map((p) => ({
          place: `paragraph ${p.index + 1}`,
          checks: p.translations[lang]?.checks ?? [],
        })),
      ]
        .filter((f) => f.checks.length > 0)
        .map((f) => ({ lang, ...f })),
    );
    if (opts.json) for (const entry of flagged) out(JSON.stringify(entry));
    else {
      for (const f of flagged) out(`${f.lang}  ${f.place}  ${reasonsOf(f.checks)}`);
      out(`${flagged.length} flagged in ${langs.join(', ')}`);
    }
  });
}
