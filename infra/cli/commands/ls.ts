import type { Command } from 'commander';
import { listArticles } from '../remote.ts';
import type { TargetOptions } from '../target.ts';
import type { CliContext } from './context.ts';

/** `paragraf ls`. */
export function registerLs(program: Command, cli: CliContext): void {
  const { out, withTarget, connect, statusLine } = cli;
  withTarget(
    program
      .command('ls')
      .description('list the articles in the output bucket with their state')
      .option('--json', 'print JSON'),
  ).action(async (opts: TargetOptions & { json?: boolean }) => {
    const t = connect(opts);
    const articles = await listArticles(t);
    if (opts.json) out(JSON.stringify(articles, null, 2));
    else if (articles.length === 0)
      out(`No articles yet. Upload one with: paragraf upload <file>${t.hintFlags}`);
    else for (const a of articles) out(`${statusLine(a)}  (updated ${a.updatedAt})`);
  });
}
