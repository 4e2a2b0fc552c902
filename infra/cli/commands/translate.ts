import type { Command } from 'commander';
import { inFlags } from '../messages.ts';
import { progressSink } from '../progress.ts';
import { addLanguages, toArticleId, waitFor } from '../remote.ts';
import type { TargetOptions } from '../target.ts';
import type { CliContext } from './context.ts';

/** `paragraf translate`. */
export function registerTranslate(program: Command, cli: CliContext): void {
  const { out, withTarget, connect, wait, statusLine } = cli;
  withTarget(
    program
      .command('translate')
      .description(
        'add target languages to an article; the ones it has are kept (from the cache, at no cost)',
      )
      .argument('<article>', 'article id, input key or file name')
      .requiredOption('--to <langs>', 'languages to add, comma-separated')
      .option('--wait', 'wait until the article has been translated again, showing progress'),
  ).action(async (article: string, opts: TargetOptions & { to: string; wait?: boolean }) => {
    const t = connect(opts);
    const articleId = toArticleId(article, t);
    const since = new Date();
    const languages = await addLanguages(t, articleId, opts.to);
    out(`translating ${articleId} into ${languages.join(', ')}`);
    if (!opts.wait) return;
    const ended = await waitFor(t, [articleId], progressSink(process.stderr, false), { ...wait, since });
    for (const s of ended.values()) {
      out(inFlags(statusLine(s)));
      if (s.state === 'failed') program.setOptionValue('exitCode', 1);
    }
  });
}
