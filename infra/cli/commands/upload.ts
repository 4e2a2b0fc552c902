import type { Command } from 'commander';
import { inFlags } from '../messages.ts';
import { progressSink } from '../progress.ts';
import { upload, waitFor } from '../remote.ts';
import type { TargetOptions } from '../target.ts';
import type { CliContext } from './context.ts';

/** `paragraf upload`. */
export function registerUpload(program: Command, cli: CliContext): void {
  const { out, withTarget, connect, wait, statusLine } = cli;
  withTarget(
    program
      .command('upload')
      .description('upload articles to the input bucket of the deployed stack (or --local)')
      .argument('<file...>', 'articles (.txt, .md or .html)')
      .option('--to <langs>', 'target languages, comma-separated (default: the stack’s)')
      .option('--source <lang>', 'source language (default: detected)')
      .option(
        '--terminology <name>',
        'the custom terminology to apply to these articles (object metadata terminology=NAME; the stack must allow it)',
      )
      .option(
        '--source-url <url>',
        'where the article is published (object metadata source-url): its relative links resolve against it when the file names no address',
      )
      .option('--wait', 'wait until every article has succeeded or failed, showing progress')
      .option('--json', 'print JSON lines'),
  ).action(
    async (
      files: string[],
      opts: TargetOptions & {
        to?: string;
        source?: string;
        terminology?: string;
        sourceUrl?: string;
        wait?: boolean;
        json?: boolean;
      },
    ) => {
      const t = connect(opts);
      const since = new Date();
      // Locally the names are checked here, against what the endpoint serves; a stack checks its own.
      const terminology =
        opts.terminology && t.local
          ? (await import('../run.ts')).checkTerminologies(opts.terminology)
          : opts.terminology;
      const uploaded = await upload(t, files, { ...opts, ...(terminology ? { terminology } : {}) });
      for (const u of uploaded)
        out(
          opts.json
            ? JSON.stringify({ event: 'uploaded', ...u })
            : `uploaded ${u.file} -> s3://${t.inputBucket}/${u.key}  (article ${u.articleId})`,
        );
      if (!opts.wait) return;
      const ended = await waitFor(
        t,
        uploaded.map((u) => u.articleId),
        progressSink(process.stderr, Boolean(opts.json)),
        { ...wait, since },
      );
      const failed = [...ended.values()].filter((s) => s.state === 'failed');
      for (const s of ended.values()) out(opts.json ? JSON.stringify(s) : inFlags(statusLine(s)));
      if (failed.length > 0) program.setOptionValue('exitCode', 1);
    },
  );
}
