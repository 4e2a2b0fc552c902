import { type Command, InvalidArgumentError } from 'commander';
import type { StatusDocument } from '../../../shared/schemas/document.ts';
import { resolveTarget, type Target, type TargetOptions } from '../target.ts';

/**
 * The folder the CLI keeps its local state in: `.paragraf` in the working folder, or
 * PARAGRAF_HOME (the tests point it at a temporary folder, so they never touch a user's articles).
 */
export const paragrafHome = (): string => process.env.PARAGRAF_HOME || '.paragraf';

/** Where `paragraf run` keeps its buckets (and translation cache) between runs, unless --fresh. */
export const defaultRunData = (): string => `${paragrafHome()}/run`;

/** Where `paragraf serve` keeps its buckets. */
export const defaultServeData = (): string => `${paragrafHome()}/s3`;

/** Where `paragraf serve` appends completion events, and `paragraf events` reads them. */
export const defaultEventsFile = (): string => `${paragrafHome()}/events.jsonl`;

/** `paragraf run`'s exit code when every article succeeded but some lack a target language. */
export const PARTIAL_EXIT_CODE = 3;

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

/** Shared with main(): the stack the last command talked to, for error messages. */
export interface CliState {
  target?: Target;
}

/** What every command gets: where it writes, and how it reaches a stack. */
export interface CliContext {
  out: (line: string) => void;
  errorOut: (line: string) => void;
  state: CliState;
  /** Adds the options every command that talks to a stack shares. */
  withTarget: (command: Command) => Command;
  connect: (opts: TargetOptions) => Target;
  wait: { intervalMs: number; timeoutMs: number };
  statusLine: (s: StatusDocument) => string;
}

export function cliContext(
  out: (line: string) => void,
  errorOut: (line: string) => void,
  state: CliState,
): CliContext {
  /** The options every command that talks to a stack shares. */
  const withTarget = (command: Command) =>
    command
      .option('--local', 'talk to paragraf serve on this machine')
      .option(
        '--endpoint <url>',
        'with --local: the S3 endpoint of paragraf serve',
        process.env.PARAGRAF_ENDPOINT,
      )
      .option(
        '--outputs-file <file>',
        'the file cdk deploy --outputs-file wrote (default: ./cdk-outputs.json)',
      )
      .option('--input-bucket <name>', 'input bucket (or PARAGRAF_INPUT_BUCKET)')
      .option('--output-bucket <name>', 'output bucket (or PARAGRAF_OUTPUT_BUCKET)')
      .option('--region <region>', 'AWS region (default: the SDK chain: AWS_REGION, profile)');
  const connect = (opts: TargetOptions): Target => {
    state.target = resolveTarget(opts);
    return state.target;
  };
  const wait = { intervalMs: Number(process.env.PARAGRAF_POLL_MS ?? 1000), timeoutMs: 30 * 60 * 1000 };
  const statusLine = (s: StatusDocument) =>
    `${s.articleId}  ${s.state}${s.progress ? `  ${s.progress.done}/${s.progress.total} paragraphs` : ''}${s.error ? `  ${s.error.code}: ${s.error.message}` : ''}`;

  return { out, errorOut, state, withTarget, connect, wait, statusLine };
}
