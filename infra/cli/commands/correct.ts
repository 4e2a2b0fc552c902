import type { Command } from 'commander';
import { outputKeys } from '../../../shared/keys.ts';
import { describeCorrection, uploadCorrection, waitForCorrection } from '../corrections.ts';
import { paragrafAnswers } from '../ports.ts';
import { toArticleId } from '../remote.ts';
import { LOCAL_ENDPOINT, type TargetOptions } from '../target.ts';
import { type CliContext, defaultRunData } from './context.ts';

/** `paragraf correct`. */
export function registerCorrect(program: Command, cli: CliContext): void {
  const { out, errorOut, withTarget, connect, wait } = cli;
  withTarget(
    program
      .command('correct')
      .description(
        "apply an editor's corrected <lang>.md: the outputs show the editor's paragraphs, and every later run uses them (translation memory)",
      )
      .argument('<article>', 'the article id (or its input key)')
      .argument('<file>', 'the edited <lang>.md (fetch it with: paragraf fetch <article> --lang <code>)')
      .requiredOption('--lang <code>', 'the translation the file is, such as es')
      .option('--wait', 'wait until it has been applied or refused')
      .option(
        '--data <dir>',
        'with --local and no paragraf serve answering: the folder paragraf run keeps its articles in',
        defaultRunData(),
      )
      .option('--json', 'print JSON'),
  ).action(
    async (
      article: string,
      file: string,
      opts: TargetOptions & { lang: string; wait?: boolean; json?: boolean; data: string },
    ) => {
      const endpoint = opts.endpoint ?? process.env.PARAGRAF_ENDPOINT ?? LOCAL_ENDPOINT;
      if (opts.local && !(await paragrafAnswers(endpoint))) {
        // run -> correct -> run, with no server: the articles `paragraf run` made, in its folder.
        errorOut(
          `Nothing answers at the local endpoint: correcting in ${opts.data}, where paragraf run keeps its articles.`,
        );
        const { correctInRunFolder } = await import('../run.ts');
        const record = await correctInRunFolder(opts.data, article, file, opts.lang);
        out(opts.json ? JSON.stringify(record, null, 2) : describeCorrection(record));
        if (record.state === 'refused') program.setOptionValue('exitCode', 1);
        return;
      }
      const t = connect(opts);
      const articleId = toArticleId(article, t);
      const uploaded = await uploadCorrection(t, articleId, file, opts.lang);
      if (!opts.wait) {
        out(
          opts.json
            ? JSON.stringify({ event: 'uploaded', ...uploaded })
            : `uploaded ${file} -> s3://${t.inputBucket}/${uploaded.key}\nIt lines up with the article. Its outcome will be in s3://${t.outputBucket}/${outputKeys.correction(articleId, opts.lang)} (--wait waits for it).`,
        );
        return;
      }
      const record = await waitForCorrection(t, articleId, opts.lang, uploaded.etag, wait);
      out(opts.json ? JSON.stringify(record, null, 2) : describeCorrection(record));
      if (record.state === 'refused') program.setOptionValue('exitCode', 1);
    },
  );
}
