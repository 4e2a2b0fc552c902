import type { Command } from 'commander';
import { progressSink } from '../progress.ts';
import { statusReport, toArticleId, waitFor } from '../remote.ts';
import type { TargetOptions } from '../target.ts';
import type { CliContext } from './context.ts';

/** `paragraf status`. */
export function registerStatus(program: Command, cli: CliContext): void {
  const { out, withTarget, connect, wait, statusLine } = cli;
  withTarget(
    program
      .command('status')
      .description('show an article’s state, progress and, if it failed, why')
      .argument('<articleId>', 'the article id (or its input key)')
      .option('--wait', 'wait until it has succeeded or failed')
      .option('--json', 'print JSON'),
  ).action(async (id: string, opts: TargetOptions & { wait?: boolean; json?: boolean }) => {
    const t = connect(opts);
    const articleId = toArticleId(id, t);
    if (opts.wait) await waitFor(t, [articleId], progressSink(process.stderr, Boolean(opts.json)), wait);
    const { status, error } = await statusReport(t, articleId);
    if (opts.json) out(JSON.stringify({ ...status, ...(error ? { errorDocument: error } : {}) }, null, 2));
    else {
      out(statusLine(status));
      if (status.state === 'succeeded')
        out(
          `fetch it with: paragraf fetch ${articleId} --lang <lang> --format md|page|html|json${t.hintFlags}`,
        );
      if (status.state === 'running')
        out(`wait for it with: paragraf status ${articleId} --wait${t.hintFlags}`);
    }
    if (status.state === 'failed') program.setOptionValue('exitCode', 1);
  });
}
