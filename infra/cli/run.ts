import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { articleIdFor, outputKeys } from '../../shared/keys.ts';
import { parseStatus } from '../../shared/pipeline/ordering.ts';
import { StatusDocument } from '../../shared/schemas/document.ts';
import { decodeEventKey } from '../../shared/schemas/events.ts';
import { type LocalCloud, localTerminologyDir, startLocalCloud } from '../local/cloud.ts';
import type { ExecutionResult } from '../local/state-machine.ts';
import { TerminologyStore } from '../local/terminology.ts';
import { contentTypeFor, inputKeyFor } from './files.ts';
import { cliLogger } from './logging.ts';
import type { ProgressSink } from './progress.ts';
import { cliMetadata, UserError } from './remote.ts';

export interface RunOptions {
  to?: string;
  source?: string;
  out: string;
  terminology?: string;
  /** Where live progress goes (a terminal's block); none when undefined. */
  progress?: ProgressSink;
}

export interface ArticleOutcome {
  file: string;
  key: string;
  articleId: string;
  state: 'succeeded' | 'failed';
  directory: string;
  files: string[];
  error?: { code: string; message: string };
  /** Target languages that failed while the others succeeded. */
  failedLanguages?: Array<{ language: string; code: string; message: string }>;
  /** status.json as the run left it. */
  status?: StatusDocument;
}

/** Uploads one file, waits for its execution, downloads what it produced. */
async function runOne(
  cloud: LocalCloud,
  client: S3Client,
  file: string,
  options: RunOptions,
  finished: Promise<ExecutionResult>,
  key: string,
) {
  const articleId = articleIdFor(key, cloud.inputPrefix);
  const metadata = cliMetadata(options.to, options.source);
  await client.send(
    new PutObjectCommand({
      Bucket: cloud.inputBucket,
      Key: key,
      Body: await readFile(file),
      ContentType: contentTypeFor(file),
      Metadata: metadata,
    }),
  );
  await finished;
  // Finished outputs are copied from the local store as they lie, without an S3 round trip each.
  const statusText = await cloud.s3.readText(cloud.outputBucket, outputKeys.status(articleId));
  const status = statusText ? StatusDocument.parse(JSON.parse(statusText)) : undefined;
  const directory = resolve(options.out, articleId);
  await mkdir(directory, { recursive: true });
  const wanted = status?.state === 'failed' ? [outputKeys.error(articleId)] : (status?.outputs ?? []);
  const files: string[] = [];
  // status.json as read above (not fetched twice), then the outputs it lists.
  const save = async (outputKey: string, body: string | undefined) => {
    if (body === undefined) return;
    const name = outputKey.slice(articleId.length + 1);
    await writeFile(join(directory, name), body);
    files.push(name);
  };
  await save(outputKeys.status(articleId), statusText);
  for (const outputKey of wanted)
    await save(outputKey, await cloud.s3.readText(cloud.outputBucket, outputKey));
  const outcome: ArticleOutcome = {
    file,
    key,
    articleId,
    state: status?.state === 'succeeded' ? 'succeeded' : 'failed',
    directory,
    files,
    ...(status?.error ? { error: status.error } : {}),
    ...(status?.failedLanguages ? { failedLanguages: status.failedLanguages } : {}),
    ...(status ? { status } : {}),
  };
  return outcome;
}

/** --terminology checked against the terminologies the local engine serves, before anything starts. */
export function checkTerminologies(value: string): string {
  const dir = localTerminologyDir();
  const known = new TerminologyStore(dir).names();
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length > 1) {
    throw new UserError(
      `--terminology ${names.join(',')}: Amazon Translate applies one custom terminology per request. Name one, or merge them into one file.`,
    );
  }
  const unknown = names.find((n) => !known.includes(n));
  if (unknown !== undefined)
    throw new UserError(
      `No terminology "${unknown}" in ${dir}. Known: ${known.join(', ') || 'none'} (a terminology is <name>.csv, .tsv or .tmx, as Amazon Translate imports them).`,
    );
  return names.join(',');
}

/** `paragraf run`: the whole pipeline on the local cloud, for local files. */
export async function runFiles(
  files: readonly string[],
  options: RunOptions,
  onDone: (o: ArticleOutcome) => void,
): Promise<ArticleOutcome[]> {
  const cloud = await startLocalCloud({
    logger: cliLogger(),
    ...(options.terminology ? { env: { TERMINOLOGY_NAMES: options.terminology } } : {}),
  });
  try {
    const client = cloud.s3.client();
    const keys = files.map((f) => inputKeyFor(f, cloud.inputPrefix));
    const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
    if (duplicate) throw new Error(`Two files would be uploaded as ${duplicate}; rename one of them.`);
    // Waiters exist before the upload: the event can fire before PutObject returns.
    const waiters = new Map<string, (r: ExecutionResult) => void>();
    const finished = keys.map((key) => new Promise<ExecutionResult>((done) => waiters.set(key, done)));
    cloud.onExecution((key, result) => waiters.get(key)?.(result));
    // Progress is read from status.json when the pipeline writes it (the local S3's ObjectCreated
    // events), for the articles still running: no polling, whatever the number of articles.
    const sink = options.progress;
    const ids = keys.map((key) => articleIdFor(key, cloud.inputPrefix));
    const ended = new Set<string>();
    const statusKeys = new Map(ids.map((id) => [outputKeys.status(id), id]));
    for (const id of ids) sink?.update(id, undefined);
    if (sink) {
      cloud.s3.onObjectCreated((record) => {
        if (record.s3.bucket.name !== cloud.outputBucket) return;
        const id = statusKeys.get(decodeEventKey(record.s3.object.key) ?? '');
        if (id === undefined || ended.has(id)) return;
        cloud.s3
          .readText(cloud.outputBucket, outputKeys.status(id))
          .then((text) => {
            if (!ended.has(id)) sink.update(id, parseStatus(text));
          })
          .catch(() => {});
      });
    }
    return await Promise.all(
      files.map(async (file, i) => {
        const outcome = await runOne(
          cloud,
          client,
          file,
          options,
          finished[i] as Promise<ExecutionResult>,
          keys[i] ?? '',
        );
        ended.add(outcome.articleId);
        sink?.update(outcome.articleId, outcome.status);
        onDone(outcome);
        return outcome;
      }),
    );
  } finally {
    options.progress?.done();
    await cloud.stop();
  }
}
