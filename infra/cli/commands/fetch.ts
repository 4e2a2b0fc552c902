import type { Command } from 'commander';
import { FetchFormat, fetchOutputs, toArticleId, UserError } from '../remote.ts';
import type { TargetOptions } from '../target.ts';
import type { CliContext } from './context.ts';

/** `paragraf fetch`. */
export function registerFetch(program: Command, cli: CliContext): void {
  const { out, withTarget, connect } = cli;
  withTarget(
    program
      .command('fetch')
      .description('download an article’s outputs')
      .argument('<article>', 'the article id, or the input key or file name it came from')
      .option('--lang <lang>', 'translation language (default: the first)')
      .option(
        '--format <format>',
        'md (<lang>.md), page (<lang>.html, the translated page to publish), html (index.html, the side-by-side reader) or json (article.json)',
        'md',
      )
      .option('--out <dir>', 'save under DIR/<articleId>/ instead of printing'),
  ).action(async (id: string, opts: TargetOptions & { lang?: string; format: string; out?: string }) => {
    const format = FetchFormat.safeParse(opts.format);
    if (!format.success) throw new UserError(`--format must be md, page, html or json, not ${opts.format}`);
    const t = connect(opts);
    const result = await fetchOutputs(t, toArticleId(id, t), {
      format: format.data,
      ...(opts.lang ? { lang: opts.lang } : {}),
      ...(opts.out ? { out: opts.out } : {}),
    });
    out(result.path ? `saved ${result.path}` : result.body.trimEnd());
  });
}
