import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import pLimit, { type LimitFunction } from 'p-limit';
import { articleIdFor, outputKeys } from '../../shared/keys.ts';
import { parseStatus } from '../../shared/pipeline/ordering.ts';
import { ArticleDocument, type CorrectionRecord, StatusDocument } from '../../shared/schemas/document.ts';

/** The part of article.json a run reports: what it cost. */
const ArticleStats = ArticleDocument.pick({ stats: true });

import { decodeEventKey } from '../../shared/schemas/events.ts';
import { type LocalCloud, localTerminologyDir, startLocalCloud } from '../local/cloud.ts';
import type { ExecutionResult } from '../local/state-machine.ts';
import { TerminologyStore } from '../local/terminology.ts';
import { uploadCorrection, waitForCorrection } from './corrections.ts';
import { contentTypeFor, inputKeyFor } from './files.ts';
import { cliLogger } from './logging.ts';
import type { ProgressSink } from './progress.ts';
import { cliMetadata, toArticleId, UserError } from './remote.ts';
import { resolveTarget } from './target.ts';

export interface RunOptions {
  to?: string;
  source?: string;
  out: string;
  terminology?: string;
  /** Where the article is published: its relative links resolve against it (source-url metadata). */
  sourceUrl?: string;
  /** Where live progress goes (a terminal's block); none when undefined. */
  progress?: ProgressSink;
  /**
   * Keep the local cloud's buckets (and so the translation cache) in this folder between runs;
   * a throwaway folder when undefined.
   */
  data?: string;
  /** Told when the kept folder is in use by another run, so this one runs in a throwaway folder. */
  onNote?: (line: string) => void;
}

/**
 * The kept data folder, held by one run at a time: a second `paragraf run` beside a running one
 * works in a throwaway folder instead of sharing buckets with it.
 */
function holdDataFolder(data: string): { directory?: string; release(): void } {
  const lock = `${resolve(data)}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      mkdirSync(data, { recursive: true });
      return { directory: data, release: () => rmSync(lock, { force: true }) };
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      const holder = Number(readFileSync(lock, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && (holder === process.pid || isAlive(holder))) break;
      // Left by a run that is gone.
      rmSync(lock, { force: true });
    }
  }
  return { release: () => {} };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
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
  /** What the article cost: characters sent to Translate, and those its cache answered. */
  characters?: { sent: number; fromCache: number };
}

/**
 * Uploads at a time, in order. All at once, the first event waited for the SDK to sign and send
 * every one of them (0.6 s for 300) while the engine sat idle: in a run of 300, the first
 * translation came 4.8 s in, against about 3 s with 8 at a time.
 */
const UPLOADS_IN_FLIGHT = 8;

/** Uploads one file, waits for its execution, downloads what it produced. */
async function runOne(
  cloud: LocalCloud,
  client: S3Client,
  file: string,
  options: RunOptions,
  finished: Promise<ExecutionResult>,
  key: string,
  uploads: LimitFunction,
) {
  const articleId = articleIdFor(key, cloud.inputPrefix);
  const metadata = cliMetadata(options.to, options.source, undefined, options.sourceUrl);
  await uploads(() =>
    client.send(
      new PutObjectCommand({
        Bucket: cloud.inputBucket,
        Key: key,
        // Synchronous file calls here and below: each async one is a hand-off to libuv's thread pool
        // that costs more than the small read or write itself, times a dozen files per article.
        Body: readFileSync(file),
        ContentType: contentTypeFor(file),
        Metadata: metadata,
      }),
    ),
  );
  await finished;
  // Finished outputs are copied from the local store as they lie, without an S3 round trip each.
  const statusText = await cloud.s3.readText(cloud.outputBucket, outputKeys.status(articleId));
  const status = statusText ? StatusDocument.parse(JSON.parse(statusText)) : undefined;
  const directory = resolve(options.out, articleId);
  mkdirSync(directory, { recursive: true });
  const wanted = status?.state === 'failed' ? [outputKeys.error(articleId)] : (status?.outputs ?? []);
  const files: string[] = [];
  let characters: ArticleOutcome['characters'];
  // status.json as read above (not fetched twice), then the outputs it lists.
  const save = (outputKey: string, body: string | undefined) => {
    if (body === undefined) return;
    if (outputKey === outputKeys.article(articleId)) {
      const stats = ArticleStats.safeParse(JSON.parse(body));
      if (stats.success)
        characters = {
          sent: stats.data.stats.charactersSentToTranslate,
          fromCache: stats.data.stats.charactersFromCache,
        };
    }
    const name = outputKey.slice(articleId.length + 1);
    writeFileSync(join(directory, name), body);
    files.push(name);
  };
  save(outputKeys.status(articleId), statusText);
  for (const outputKey of wanted) save(outputKey, await cloud.s3.readText(cloud.outputBucket, outputKey));
  const outcome: ArticleOutcome = {
    file,
    key,
    articleId,
    state: status?.state === 'succeeded' ? 'succeeded' : 'failed',
    directory,
    files,
    ...(status?.error ? { error: status.error } : {}),
    ...(status?.failedLanguages ? { failedLanguages: status.failedLanguages } : {}),
    ...(characters ? { characters } : {}),
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
  const held = options.data === undefined ? undefined : holdDataFolder(options.data);
  if (options.data !== undefined && held?.directory === undefined)
    options.onNote?.(
      `${options.data} is in use by another paragraf run: this one starts with an empty cache.`,
    );
  const cloud = await startLocalCloud({
    logger: cliLogger(),
    // The uploads go in while the Lambdas' thread loads; each execution waits for it.
    lambdasLater: true,
    ...(options.terminology ? { env: { TERMINOLOGY_NAMES: options.terminology } } : {}),
    ...(held?.directory ? { directory: held.directory } : {}),
  }).catch((error) => {
    held?.release();
    throw error;
  });
  for (const r of cloud.recovered)
    options.onNote?.(
      `resumed ${r.key} (${r.reason === 'stuck' ? 'left running by a stopped run' : 'no outcome yet'})`,
    );
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
    const uploads = pLimit(UPLOADS_IN_FLIGHT);
    return await Promise.all(
      files.map(async (file, i) => {
        const outcome = await runOne(
          cloud,
          client,
          file,
          options,
          finished[i] as Promise<ExecutionResult>,
          keys[i] ?? '',
          uploads,
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
    held?.release();
  }
}

/**
 * `paragraf correct ... --local` with no `paragraf serve` answering: the correction goes to the
 * folder `paragraf run` keeps its buckets in, with the local cloud started on it for this command
 * (as `run` starts it), and waits for the outcome. The next `paragraf run` of the article finds
 * the editor's translation in its memory.
 */
export async function correctInRunFolder(
  data: string,
  article: string,
  file: string,
  lang: string,
): Promise<CorrectionRecord> {
  const held = holdDataFolder(data);
  if (held.directory === undefined)
    throw new UserError(`${data} is in use by another paragraf run; correct when it has ended.`);
  try {
    const cloud = await startLocalCloud({ logger: cliLogger(), directory: held.directory });
    try {
      // The cloud lives for this command only: hints name --local, not its passing endpoint.
      const target = {
        ...resolveTarget({ local: true, endpoint: cloud.s3.endpoint }),
        hintFlags: ' --local',
      };
      try {
        const articleId = toArticleId(article, target);
        const uploaded = await uploadCorrection(target, articleId, file, lang);
        return await waitForCorrection(target, articleId, lang, uploaded.etag, {
          intervalMs: 50,
          timeoutMs: 10 * 60 * 1000,
        });
      } finally {
        target.s3.destroy();
      }
    } finally {
      await cloud.stop();
    }
  } finally {
    held.release();
  }
}
