import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { readArticle } from '../../shared/article/reader.ts';
import { ParagrafError } from '../../shared/errors.ts';
import { WORK_PREFIX } from '../../shared/keys.ts';
import { PARALLEL_DATA_SEGMENT_BYTES, toCsv, toTmx } from '../../shared/memory/export.ts';
import type { StatusDocument } from '../../shared/schemas/document.ts';
import { summarizeBlocks } from '../../shared/summarize/extractive.ts';
import { ApertiumMissingError, localPairs } from '../local/apertium.ts';
import {
  describeCorrection,
  listMemory,
  paragrafVersion,
  readMemoryPair,
  uploadCorrection,
  waitForCorrection,
} from './corrections.ts';
import { eventLine, readEvents } from './events.ts';
import { cliLogger } from './logging.ts';
import { busyPortMessage } from './ports.ts';
import { progressSink } from './progress.ts';
import {
  addLanguages,
  checkFiles,
  checkLanguages,
  checkSourceUrl,
  FetchFormat,
  fetchOutputs,
  listArticles,
  statusReport,
  toArticleId,
  UserError,
  upload,
  waitFor,
} from './remote.ts';
import { describeAwsError, resolveTarget, type Target, TargetError, type TargetOptions } from './target.ts';

/** Where `paragraf run` keeps its buckets (and translation cache) between runs, unless --fresh. */
const DEFAULT_RUN_DATA = '.paragraf/run';

/** Where `paragraf serve` appends completion events, and `paragraf events` reads them. */
const DEFAULT_EVENTS_FILE = '.paragraf/events.jsonl';

/** `paragraf run`'s exit code when every article succeeded but some lack a target language. */
export const PARTIAL_EXIT_CODE = 3;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

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

/** Shared with main(): the stack the last command talked to, for error messages. */
export interface CliState {
  target?: Target;
}

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
      DEFAULT_RUN_DATA,
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
        checkFiles(files);
        const to = checkLanguages(opts.to, '--to');
        const source = checkLanguages(opts.source, '--source');
        const sourceUrl = checkSourceUrl(opts.sourceUrl);
        // In a terminal, a live block on stderr; the "ok" and "failed" lines print above it, once.
        const progress = process.stderr.isTTY ? progressSink(process.stderr, false) : undefined;
        const print = (line: string, write: (line: string) => void) =>
          progress ? progress.print(line, write) : write(line);
        // The local cloud loads only for the commands that run it: --help, summarize and the
        // commands that talk to a stack start without it (bin/paragraf.mjs started its Lambda thread).
        const { checkTerminologies, runFiles } = await import('./run.ts');
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
                `failed  ${o.file}: ${o.error ? `${o.error.code}: ${o.error.message}` : 'no status was written'} (see ${where}/error.json)`,
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

  program
    .command('languages')
    .description(
      "list the language pairs: Amazon Translate's when a stack is configured (or --aws), else the local engine's",
    )
    .option('--aws', "list Amazon Translate's languages (needs AWS credentials and a region)")
    .option('--local', "list the local engine's (Apertium) pairs even when a stack is configured")
    .option('--region <region>', 'with --aws: AWS region (default: the SDK chain)')
    .action(async (opts: { aws?: boolean; local?: boolean; region?: string }) => {
      // A deployed stack (cdk-outputs.json, or its buckets in the environment) translates with Amazon Translate.
      const stackConfigured = existsSync('cdk-outputs.json') || Boolean(process.env.PARAGRAF_INPUT_BUCKET);
      if (opts.aws || (stackConfigured && !opts.local)) {
        const { TranslateClient, ListLanguagesCommand } = await import('@aws-sdk/client-translate');
        const client = new TranslateClient(opts.region ? { region: opts.region } : {});
        const languages: Array<{ code: string; name: string }> = [];
        let token: string | undefined;
        do {
          const page = await client.send(new ListLanguagesCommand({ NextToken: token, MaxResults: 500 }));
          for (const l of page.Languages ?? [])
            if (l.LanguageCode) languages.push({ code: l.LanguageCode, name: l.LanguageName ?? '' });
          token = page.NextToken;
        } while (token);
        out(`Amazon Translate: ${languages.length} languages; any two of them make a pair.`);
        for (const l of languages) out(`  ${l.code.padEnd(6)} ${l.name}`);
        return;
      }
      const pairs = localPairs();
      out('Local engine (Apertium) language pairs:');
      const via = (p: (typeof pairs)[number]) => (p.via ? ` via ${p.via}` : '');
      for (const p of pairs.filter((x) => x.installed))
        out(`  ${p.source} → ${p.target}${via(p)}   installed`);
      for (const p of pairs.filter((x) => !x.installed))
        out(
          `  ${p.source} → ${p.target}${via(p)}   add with: bash infra/local/setup.sh --pairs ${p.missing.join(',')}`,
        );
      out('On AWS, Amazon Translate translates between any two of its languages: paragraf languages --aws');
    });

  program
    .command('events')
    .description(
      'the completion events paragraf serve put on its local bus (Paragraf Article Completed/Failed)',
    )
    .option('--file <file>', 'the events file paragraf serve writes', DEFAULT_EVENTS_FILE)
    .option('--json', 'print each event as JSON, as a rule target receives it')
    .action(async (opts: { file: string; json?: boolean }) => {
      const events = await readEvents(opts.file);
      if (events.length === 0)
        out(`No events yet in ${opts.file}. paragraf serve writes them there as articles end.`);
      for (const e of events) out(opts.json ? JSON.stringify(e) : eventLine(e));
    });

  program
    .command('serve')
    .description('start the local cloud and keep it running, for the AWS CLI or SDKs')
    .option('--s3-port <port>', 'S3 port', positiveInt, 4568)
    .option('--translate-port <port>', 'Translate port', positiveInt, 4569)
    .option('--data <dir>', 'keep bucket contents in this folder', '.paragraf/s3')
    .option('--events-file <file>', 'append completion events here (JSON lines)', DEFAULT_EVENTS_FILE)
    .option(
      '--terminology <name>',
      'the custom terminology applied to every article (an upload may name another with its terminology metadata)',
    )
    .action(
      async (opts: {
        s3Port: number;
        translatePort: number;
        data: string;
        eventsFile: string;
        terminology?: string;
      }) => {
        const { checkTerminologies } = await import('./run.ts');
        const { startLocalCloud } = await import('../local/cloud.ts');
        const terminology = opts.terminology ? checkTerminologies(opts.terminology) : undefined;
        const busy = await busyPortMessage({ s3: opts.s3Port, translate: opts.translatePort });
        if (busy) throw new UserError(busy);
        const { mkdirSync } = await import('node:fs');
        mkdirSync(opts.data, { recursive: true });
        const cloud = await startLocalCloud({
          s3Port: opts.s3Port,
          translatePort: opts.translatePort,
          directory: opts.data,
          // Beside the buckets, not among them: s3rver lists every folder of --data as a bucket.
          terminologyStore: join(dirname(resolve(opts.data)), 'terminologies'),
          eventsFile: opts.eventsFile,
          logger: cliLogger(),
          ...(terminology ? { env: { TERMINOLOGY_NAMES: terminology } } : {}),
        });
        cloud.onExecution((key, result) =>
          out(`${result.status === 'SUCCEEDED' ? 'succeeded' : 'failed   '} ${key}`),
        );
        cloud.onCorrection((key, record) =>
          out(
            record
              ? describeCorrection(record)
              : `failed    ${key} (the correction could not be applied; see the log)`,
          ),
        );
        out(
          [
            'Paragraf local cloud is running. Press Ctrl+C to stop.',
            `  S3 endpoint:        ${cloud.s3.endpoint}  (path-style; any credentials)`,
            `  Translate endpoint: ${cloud.translate.url}`,
            `  Input:   s3://${cloud.inputBucket}/${cloud.inputPrefix}`,
            `  Output:  s3://${cloud.outputBucket}/<articleId>/`,
            `  Events:  ${opts.eventsFile} (paragraf events), as on the default EventBridge bus`,
            '',
            'Try:',
            '  export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1',
            `  aws --endpoint-url ${cloud.s3.endpoint} s3 cp article.txt s3://${cloud.inputBucket}/${cloud.inputPrefix}article.txt --metadata target-languages=es`,
            `  aws --endpoint-url ${cloud.s3.endpoint} s3 cp s3://${cloud.outputBucket}/article/es.md -`,
          ].join('\n'),
        );
        // Uploads with no outcome in the kept buckets (a stop or a crash before they ran) run now.
        for (const r of cloud.recovered)
          out(
            `resumed   ${r.key} (${r.reason === 'stuck' ? 'left running by a stopped serve' : 'no outcome for its upload yet'})`,
          );
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await cloud.stop();
      },
    );

  program
    .command('summarize')
    .description('print article summaries with the domain code only (no cloud, no translation)')
    .argument('<file...>', 'articles (.txt, .md or .html)')
    .option('--sentences <n>', 'summary length in sentences', positiveInt)
    .option('--words <n>', 'summary length as a word budget', positiveInt)
    .option('--json', 'print JSON: an array of {file, title, summary, paragraphs: [{text, gist}]}')
    .action(async (files: string[], opts: { sentences?: number; words?: number; json?: boolean }) => {
      const length = opts.words ? { words: opts.words } : { sentences: opts.sentences ?? 3 };
      const results = [];
      for (const file of files) {
        const article = await readArticle(await readFile(file), file);
        const { summary, gists } = summarizeBlocks(article.blocks, length);
        const paragraphs = article.blocks.map((b, i) => ({ text: b.text, gist: gists[i] ?? '' }));
        results.push({ file, title: article.title ?? null, summary, paragraphs });
      }
      if (opts.json) out(JSON.stringify(results, null, 2));
      else
        for (const r of results)
          out(`${r.file}${r.title ? ` — ${r.title}` : ''}\n${r.summary.map((s) => `  ${s}`).join('\n')}\n`);
    });

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
      out(statusLine(s));
      if (s.state === 'failed') program.setOptionValue('exitCode', 1);
    }
  });

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
          ? (await import('./run.ts')).checkTerminologies(opts.terminology)
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
      for (const s of ended.values()) out(opts.json ? JSON.stringify(s) : statusLine(s));
      if (failed.length > 0) program.setOptionValue('exitCode', 1);
    },
  );

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

  withTarget(
    program
      .command('reconcile')
      .description(
        'find uploads with no outcome for their ETag (a lost event) and articles stuck running past the timeout; --start runs them',
      )
      .option(
        '--start',
        'start them: StartExecution named by the run key, or RedriveExecution of a stuck run (dry run without)',
      )
      .option('--json', 'print JSON'),
  ).action(async (opts: TargetOptions & { start?: boolean; json?: boolean }) => {
    const t = connect(opts);
    // Loaded here: the Step Functions client is most of it, and no other command needs it.
    const [{ findUnreconciled, startUnreconciled }, { SFNClient }] = await Promise.all([
      import('./reconcile.ts'),
      import('@aws-sdk/client-sfn'),
    ]);
    let rows = await findUnreconciled(t);
    if (opts.start && rows.length > 0) {
      if (!t.local && !t.stateMachineArn)
        throw new UserError(
          '--start needs the state machine: deploy with npm run deploy (cdk-outputs.json has StateMachineArn) or set PARAGRAF_STATE_MACHINE_ARN.',
        );
      const sfn = t.local ? undefined : new SFNClient(opts.region ? { region: opts.region } : {});
      try {
        rows = await startUnreconciled(
          t,
          rows,
          sfn && t.stateMachineArn
            ? { sfn, stateMachineArn: t.stateMachineArn, workPrefix: WORK_PREFIX }
            : undefined,
        );
      } finally {
        sfn?.destroy();
      }
    }
    if (opts.json) {
      out(JSON.stringify(rows, null, 2));
      return;
    }
    for (const r of rows)
      out(
        `${r.reason === 'stuck' ? 'stuck     ' : 'no outcome'}  ${r.key}  (article ${r.articleId})${r.started ? `  -> ${r.started}` : ''}`,
      );
    const stuck = rows.filter((r) => r.reason === 'stuck').length;
    out(
      rows.length === 0
        ? 'Every upload has an outcome.'
        : `${rows.length - stuck} without an outcome, ${stuck} stuck${opts.start ? '' : `. Start them with: paragraf reconcile --start${t.hintFlags}`}`,
    );
    if (rows.some((r) => r.started?.startsWith('failed'))) program.setOptionValue('exitCode', 1);
  });

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
      .option('--json', 'print JSON'),
  ).action(
    async (
      article: string,
      file: string,
      opts: TargetOptions & { lang: string; wait?: boolean; json?: boolean },
    ) => {
      const t = connect(opts);
      const articleId = toArticleId(article, t);
      const uploaded = await uploadCorrection(t, articleId, file, opts.lang);
      if (!opts.wait) {
        out(
          opts.json
            ? JSON.stringify({ event: 'uploaded', ...uploaded })
            : `uploaded ${file} -> s3://${t.inputBucket}/${uploaded.key}`,
        );
        return;
      }
      const record = await waitForCorrection(t, articleId, opts.lang, uploaded.etag, wait);
      out(opts.json ? JSON.stringify(record, null, 2) : describeCorrection(record));
      if (record.state === 'refused') program.setOptionValue('exitCode', 1);
    },
  );

  const memory = program
    .command('memory')
    .description("the translation memory: editors' corrections, which every run uses before the engine");
  withTarget(
    memory
      .command('ls')
      .description('the language pairs in the memory, with their segment counts')
      .option('--json', 'print JSON'),
  ).action(async (opts: TargetOptions & { json?: boolean }) => {
    const t = connect(opts);
    const pairs = await listMemory(t);
    if (opts.json) out(JSON.stringify(pairs, null, 2));
    else if (pairs.length === 0)
      out(
        `The translation memory is empty. Corrections fill it: paragraf correct <article> <file> --lang <code>${t.hintFlags}`,
      );
    else
      for (const p of pairs)
        out(
          `${p.source} -> ${p.target}  ${p.segments} segment${p.segments === 1 ? '' : 's'}  (updated ${p.updatedAt})`,
        );
  });
  withTarget(
    memory
      .command('export')
      .description('write one language pair as TMX 1.4 (CAT tools, Amazon Translate parallel data) or CSV')
      .requiredOption('--from <code>', 'source language, such as en')
      .requiredOption('--to <code>', 'target language, such as es')
      .option('--format <format>', 'tmx or csv', 'tmx')
      .option('--out <file>', 'write to this file instead of printing'),
  ).action(async (opts: TargetOptions & { from: string; to: string; format: string; out?: string }) => {
    if (opts.format !== 'tmx' && opts.format !== 'csv')
      throw new UserError(`--format must be tmx or csv, not ${opts.format}`);
    const t = connect(opts);
    const file = await readMemoryPair(t, opts.from, opts.to);
    const exported =
      opts.format === 'tmx' ? toTmx(file, { version: paragrafVersion(), now: new Date() }) : toCsv(file);
    if (opts.out) await writeFile(opts.out, exported.text);
    else process.stdout.write(exported.text);
    errorOut(
      `${opts.out ? `wrote ${opts.out}: ` : ''}${exported.written} segment${exported.written === 1 ? '' : 's'}${exported.leftOut > 0 ? `; ${exported.leftOut} left out (a side over ${PARALLEL_DATA_SEGMENT_BYTES} bytes, Amazon Translate's parallel data limit)` : ''}`,
    );
  });

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
