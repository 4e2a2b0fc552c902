import { relative } from 'node:path';
import type { Command } from 'commander';
import { inFlags } from '../messages.ts';
import { progressSink } from '../progress.ts';
import { checkFiles, checkLanguages, checkSourceUrl } from '../remote.ts';
import type { CliContext } from './context.ts';
import { defaultRunData, PARTIAL_EXIT_CODE } from './context.ts';

/** `paragraf run`. */
export function registerRun(program: Command, cli: CliContext): void {
  const { out, errorOut } = cli;
  program
    .command('run')
    .description(
      'start the local cloud, put each file in the input bucket, wait for the pipeline and download the outputs',
    )
    .argument('<file...>', 'articles (.txt, .md or .html)')
    .option('--to <langs>', 'target languages, comma-separated (default: es)')
    .option('--source <lang>', 'source language (default: detected)')
    .option('--out <dir>', 'where the outputs go, one folder per article', 'out')
    .option(
      '--data <dir>',
      'keep the local buckets, and so the translation cache, in this folder between runs',
      defaultRunData(),
    )
    .option('--fresh', 'start from empty buckets in a throwaway folder (no cache from earlier runs)')
    .option(
      '--terminology <names>',
      'the custom terminology to apply (Amazon Translate applies one per request; local: examples/terminology/<name>.csv)',
    )
    .option(
      '--source-url <url>',
      'where the article is published: its relative links resolve against it when the file names no address',
    )
    .action(
      async (
        files: string[],
        opts: {
          to?: string;
          source?: string;
          out: string;
          data: string;
          fresh?: boolean;
          terminology?: string;
          sourceUrl?: string;
        },
      ) => {
        // The flags first: `--to --out x` is a missing language list, not an article named x.
        const to = checkLanguages(opts.to, '--to');
        const source = checkLanguages(opts.source, '--source');
        const sourceUrl = checkSourceUrl(opts.sourceUrl);
        checkFiles(files);
        // In a terminal, a live block on stderr; the "ok" and "failed" lines print above it, once.
        const progress = process.stderr.isTTY ? progressSink(process.stderr, false) : undefined;
        const print = (line: string, write: (line: string) => void) =>
          progress ? progress.print(line, write) : write(line);
        // The local cloud loads only for the commands that run it: --help, summarize and the
        // commands that talk to a stack start without it (bin/paragraf.mjs started its Lambda thread).
        const { checkTerminologies, runFiles } = await import('../run.ts');
        const outcomes = await runFiles(
          files,
          {
            ...(to ? { to } : {}),
            ...(source ? { source } : {}),
            out: opts.out,
            ...(opts.fresh ? {} : { data: opts.data }),
            onNote: (line) => print(line, errorOut),
            ...(opts.terminology ? { terminology: checkTerminologies(opts.terminology) } : {}),
            ...(sourceUrl ? { sourceUrl } : {}),
            ...(progress ? { progress } : {}),
          },
          (o) => {
            const where = relative(process.cwd(), o.directory) || '.';
            if (o.state === 'succeeded' && o.failedLanguages?.length) {
              print(`partial ${o.file} -> ${where}/ (${o.files.join(', ')})`, out);
              for (const f of o.failedLanguages)
                print(`        ${f.language} failed: ${f.code}: ${f.message}`, errorOut);
            } else if (o.state === 'succeeded')
              print(`ok      ${o.file} -> ${where}/ (${o.files.join(', ')})`, out);
            else
              print(
                `failed  ${o.file}: ${o.error ? `${o.error.code}: ${inFlags(o.error.message)}` : 'no status was written'} (see ${where}/error.json)`,
                errorOut,
              );
          },
        );
        // What Translate was sent, and what the cache of earlier runs (--data) answered instead.
        const sent = outcomes.reduce((n, o) => n + (o.characters?.sent ?? 0), 0);
        const cached = outcomes.reduce((n, o) => n + (o.characters?.fromCache ?? 0), 0);
        if (outcomes.some((o) => o.characters))
          out(
            `${sent.toLocaleString('en-US')} characters sent to Translate, ${cached.toLocaleString('en-US')} from the cache${sent === 0 && cached > 0 ? ' (unchanged since the last run)' : ''}`,
          );
        const failed = outcomes.filter((o) => o.state === 'failed').length;
        const partial = outcomes.filter((o) => o.state === 'succeeded' && o.failedLanguages?.length).length;
        out(
          `${outcomes.length - failed} succeeded${partial ? ` (${partial} without some languages)` : ''}, ${failed} failed`,
        );
        // 1: an article failed; 3: every article succeeded, but some without every language.
        if (failed > 0) program.setOptionValue('exitCode', 1);
        else if (partial > 0) program.setOptionValue('exitCode', PARTIAL_EXIT_CODE);
      },
    );
}
