import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { readArticle } from '../../shared/article/reader.ts';
import { ParagrafError } from '../../shared/errors.ts';
import { summarizeBlocks } from '../../shared/summarize/extractive.ts';
import { ApertiumMissingError } from '../local/apertium.ts';
import { startLocalCloud } from '../local/cloud.ts';
import { parseLanguageList } from './files.ts';
import { cliLogger } from './logging.ts';
import { runFiles } from './run.ts';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

function describe(err: unknown): string {
  if (err instanceof ParagrafError) return `${err.code}: ${err.message}`;
  if (err instanceof ApertiumMissingError) return err.message;
  if (err instanceof Error && 'code' in err && err.code === 'ENOENT' && 'path' in err)
    return `No such file: ${String(err.path)}`;
  return err instanceof Error ? err.message : String(err);
}

export function buildProgram(out: (line: string) => void, errorOut: (line: string) => void): Command {
  const program = new Command('paragraf')
    .description('Paragraph-aligned translations and summaries of news articles, locally or on AWS.')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => errorOut(s.trimEnd()) })
    .exitOverride();

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
      '--terminology <names>',
      'custom terminologies to apply, comma-separated (local: examples/terminology/<name>.csv)',
    )
    .action(
      async (files: string[], opts: { to?: string; source?: string; out: string; terminology?: string }) => {
        const to = parseLanguageList(opts.to);
        const outcomes = await runFiles(
          files,
          {
            ...(to ? { to } : {}),
            ...(opts.source ? { source: opts.source } : {}),
            out: opts.out,
            ...(opts.terminology ? { terminology: opts.terminology } : {}),
          },
          (o) => {
            const where = relative(process.cwd(), o.directory) || '.';
            if (o.state === 'succeeded') out(`ok      ${o.file} -> ${where}/ (${o.files.join(', ')})`);
            else
              errorOut(
                `failed  ${o.file}: ${o.error ? `${o.error.code}: ${o.error.message}` : 'no status was written'} (see ${where}/error.json)`,
              );
          },
        );
        const failed = outcomes.filter((o) => o.state === 'failed').length;
        out(`${outcomes.length - failed} succeeded, ${failed} failed`);
        if (failed > 0) program.setOptionValue('exitCode', 1);
      },
    );

  program
    .command('serve')
    .description('start the local cloud and keep it running, for the AWS CLI or SDKs')
    .option('--s3-port <port>', 'S3 port', positiveInt, 4568)
    .option('--translate-port <port>', 'Translate port', positiveInt, 4569)
    .option('--data <dir>', 'keep bucket contents in this folder', '.paragraf/s3')
    .action(async (opts: { s3Port: number; translatePort: number; data: string }) => {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(opts.data, { recursive: true });
      const cloud = await startLocalCloud({
        s3Port: opts.s3Port,
        translatePort: opts.translatePort,
        directory: opts.data,
        logger: cliLogger(),
      });
      cloud.onExecution((key, result) =>
        out(`${result.status === 'SUCCEEDED' ? 'succeeded' : 'failed   '} ${key}`),
      );
      out(
        [
          'Paragraf local cloud is running. Press Ctrl+C to stop.',
          `  S3 endpoint:        ${cloud.s3.endpoint}  (path-style; any credentials)`,
          `  Translate endpoint: ${cloud.translate.url}`,
          `  Input:   s3://${cloud.inputBucket}/${cloud.inputPrefix}`,
          `  Output:  s3://${cloud.outputBucket}/<articleId>/`,
          '',
          'Try:',
          '  export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1',
          `  aws --endpoint-url ${cloud.s3.endpoint} s3 cp article.txt s3://${cloud.inputBucket}/${cloud.inputPrefix}article.txt --metadata target-languages=es`,
          `  aws --endpoint-url ${cloud.s3.endpoint} s3 cp s3://${cloud.outputBucket}/article/es.md -`,
        ].join('\n'),
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await cloud.stop();
    });

  program
    .command('summarize')
    .description('print article summaries with the domain code only (no cloud, no translation)')
    .argument('<file...>', 'articles (.txt, .md or .html)')
    .option('--sentences <n>', 'summary length in sentences', positiveInt)
    .option('--words <n>', 'summary length as a word budget', positiveInt)
    .option('--json', 'print JSON: an array of {file, title, summary}')
    .action(async (files: string[], opts: { sentences?: number; words?: number; json?: boolean }) => {
      const length = opts.words ? { words: opts.words } : { sentences: opts.sentences ?? 3 };
      const results = [];
      for (const file of files) {
        const article = readArticle(await readFile(file), file);
        const { summary } = summarizeBlocks(article.blocks, length);
        results.push({ file, title: article.title ?? null, summary });
      }
      if (opts.json) out(JSON.stringify(results, null, 2));
      else
        for (const r of results)
          out(`${r.file}${r.title ? ` — ${r.title}` : ''}\n${r.summary.map((s) => `  ${s}`).join('\n')}\n`);
    });

  return program;
}

/** Runs the CLI; returns the exit code. */
export async function main(
  argv: readonly string[],
  out = (l: string) => console.log(l),
  errorOut = (l: string) => console.error(l),
): Promise<number> {
  const program = buildProgram(out, errorOut);
  try {
    await program.parseAsync([...argv]);
    return program.getOptionValue('exitCode') === 1 ? 1 : 0;
  } catch (err) {
    if (
      err &&
      typeof err === 'object' &&
      'exitCode' in err &&
      typeof err.exitCode === 'number' &&
      'code' in err &&
      String(err.code).startsWith('commander.')
    ) {
      return err.exitCode;
    }
    errorOut(`paragraf: ${describe(err)}`);
    return 1;
  }
}
