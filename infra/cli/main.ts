import { Command } from 'commander';
import { ParagrafError } from '../../shared/errors.ts';
import { ApertiumMissingError } from '../local/apertium.ts';
import { registerCheck } from './commands/check.ts';
import { type CliState, cliContext } from './commands/context.ts';
import { registerCorrect } from './commands/correct.ts';
import { registerEvents } from './commands/events.ts';
import { registerFetch } from './commands/fetch.ts';
import { registerLanguages } from './commands/languages.ts';
import { registerLs } from './commands/ls.ts';
import { registerMemory } from './commands/memory.ts';
import { registerReconcile } from './commands/reconcile.ts';
import { registerReview } from './commands/review.ts';
import { registerRun } from './commands/run.ts';
import { registerServe } from './commands/serve.ts';
import { registerStatus } from './commands/status.ts';
import { registerSummarize } from './commands/summarize.ts';
import { registerTranslate } from './commands/translate.ts';
import { registerUpload } from './commands/upload.ts';
import { UserError } from './remote.ts';
import { describeAwsError, type Target, TargetError } from './target.ts';

export { type CliState, PARTIAL_EXIT_CODE } from './commands/context.ts';

function describe(err: unknown, target: Target | undefined): string {
  if (err instanceof ParagrafError) return `${err.code}: ${err.message}`;
  if (err instanceof UserError || err instanceof TargetError) return err.message;
  const aws = describeAwsError(err, target ?? { inputBucket: '?', outputBucket: '?', local: false });
  if (aws) return aws;
  if (err instanceof ApertiumMissingError) return err.message;
  if (err instanceof Error && 'code' in err && 'path' in err) {
    const path = String(err.path);
    if (err.code === 'ENOENT') return `No such file: ${path}`;
    if (err.code === 'EISDIR')
      return `${path} is a folder, not an article. Name the files in it, for example: ${path.replace(/\/$/, '')}/*.txt`;
    if (err.code === 'EACCES' || err.code === 'EPERM') return `${path} cannot be read (permission denied).`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** The `paragraf` program: one module per command (infra/cli/commands/), wired here in help order. */
export function buildProgram(
  out: (line: string) => void,
  errorOut: (line: string) => void,
  state: CliState = {},
): Command {
  const program = new Command('paragraf')
    .description('Paragraph-aligned translations and summaries of news articles, locally or on AWS.')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => errorOut(s.trimEnd()) })
    .exitOverride();
  const cli = cliContext(out, errorOut, state);
  registerRun(program, cli);
  registerLanguages(program, cli);
  registerEvents(program, cli);
  registerServe(program, cli);
  registerSummarize(program, cli);
  registerCheck(program, cli);
  registerTranslate(program, cli);
  registerUpload(program, cli);
  registerStatus(program, cli);
  registerFetch(program, cli);
  registerLs(program, cli);
  registerReconcile(program, cli);
  registerCorrect(program, cli);
  registerReview(program, cli);
  registerMemory(program, cli);
  program.hook('postAction', () => {
    state.target?.s3.destroy();
  });
  return program;
}

/** Runs the CLI; returns the exit code. */
export async function main(
  argv: readonly string[],
  out = (l: string) => console.log(l),
  errorOut = (l: string) => console.error(l),
): Promise<number> {
  const state: CliState = {};
  const program = buildProgram(out, errorOut, state);
  try {
    await program.parseAsync([...argv]);
    const code: unknown = program.getOptionValue('exitCode');
    return typeof code === 'number' ? code : 0;
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
    errorOut(`paragraf: ${describe(err, state.target)}`);
    // The stack is for whoever debugs paragraf, not for its users.
    if (process.env.PARAGRAF_LOG === 'debug' && err instanceof Error && err.stack) errorOut(err.stack);
    return 1;
  }
}
