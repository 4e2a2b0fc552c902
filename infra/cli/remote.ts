import { accessSync, constants, type Stats, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { S3ObjectStore } from '../../shared/adapters/s3-store.ts';
import { httpUrl } from '../../shared/article/links.ts';
import { InputError } from '../../shared/errors.ts';
import { articleIdFor, outputKeys } from '../../shared/keys.ts';
import { parseLanguageCodes } from '../../shared/languages.ts';
import { parseJsonOrUndefined } from '../../shared/pipeline/deps.ts';
import { ArticleDocument, ErrorDocument, StatusDocument } from '../../shared/schemas/document.ts';
import { contentTypeFor, inputKeyFor } from './files.ts';
import type { ProgressSink } from './progress.ts';
import type { Target } from './target.ts';

/** A problem the user can act on: the message names the next step. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** The output bucket through the same adapter the pipeline uses: undefined for a missing key. */
export function readText(target: Target, key: string): Promise<string | undefined> {
  return new S3ObjectStore(target.s3).getText(target.outputBucket, key);
}

export async function readStatusOf(target: Target, articleId: string): Promise<StatusDocument | undefined> {
  // A status caught mid-write (the local stand-in writes files in place) reads as not there yet.
  const parsed = StatusDocument.safeParse(
    parseJsonOrUndefined(await readText(target, outputKeys.status(articleId))),
  );
  return parsed.success ? parsed.data : undefined;
}

/** An article id, or an input key or file name that maps to one. */
export function toArticleId(value: string, target: Target): string {
  if (value.startsWith(target.inputPrefix) || /\.(txt|md|markdown|html?)$/i.test(value)) {
    return articleIdFor(
      value.startsWith(target.inputPrefix) ? value : `${target.inputPrefix}${basename(value)}`,
      target.inputPrefix,
    );
  }
  return value.replace(/\/+$/, '');
}

/** Every input is a readable file, checked before anything starts or is uploaded. */
export function checkFiles(files: readonly string[]): void {
  for (const file of files) {
    let stats: Stats;
    try {
      stats = statSync(file);
    } catch {
      throw new UserError(`No such file: ${file}`);
    }
    if (stats.isDirectory())
      throw new UserError(
        `${file} is a folder, not an article. Name the files in it, for example: ${file.replace(/\/+$/, '')}/*.txt`,
      );
    try {
      accessSync(file, constants.R_OK);
    } catch {
      throw new UserError(`${file} cannot be read (permission denied).`);
    }
  }
}

/** The CLI's own default for the local cloud's MAX_TARGET_LANGUAGES; a stack enforces its own. */
export const CLI_MAX_TARGET_LANGUAGES = 8;

/**
 * --to and --source, checked before anything is uploaded: case-insensitive ("ES" is es), regional
 * codes as Amazon Translate takes them (es-MX, pt-PT), at most five targets.
 */
export function checkLanguages(value: string | undefined, flag: '--to' | '--source'): string | undefined {
  if (value === undefined) return undefined;
  // `--to --out x`: the option parser took the next option as the codes.
  if (value.startsWith('-'))
    throw new UserError(
      `${flag} needs ${flag === '--to' ? 'language codes such as es,fr' : 'a language code such as en'} right after it; it was followed by ${value}.`,
    );
  try {
    const codes = parseLanguageCodes(
      value,
      { what: flag, fix: 'Run paragraf languages to see the language pairs.' },
      flag === '--to' ? CLI_MAX_TARGET_LANGUAGES : undefined,
    );
    if (codes.length === 0) throw new UserError(`${flag} needs a language code, such as es.`);
    if (flag === '--source' && codes.length > 1)
      throw new UserError(`--source takes one language code; it has ${codes.join(', ')}.`);
    return codes.join(',');
  } catch (err) {
    if (err instanceof InputError) throw new UserError(err.message);
    throw err;
  }
}

/** The object metadata the CLI's options set on an upload. */
export function cliMetadata(
  to: string | undefined,
  source: string | undefined,
  terminology?: string,
  sourceUrl?: string,
): Record<string, string> {
  return {
    ...(to ? { 'target-languages': to } : {}),
    ...(source ? { 'source-language': source } : {}),
    ...(terminology ? { terminology } : {}),
    ...(sourceUrl ? { 'source-url': sourceUrl } : {}),
  };
}

/** `--source-url`: where the article is published, so that its relative links resolve. */
export function checkSourceUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // S3 metadata is ASCII: the URL's own encoding (href) keeps it so.
  const url = httpUrl(value);
  if (!url)
    throw new UserError(
      `--source-url needs an http(s) address such as https://news.example/2026/story.html, not "${value}".`,
    );
  return url;
}

export interface Uploaded {
  file: string;
  key: string;
  articleId: string;
}

export async function upload(
  target: Target,
  files: readonly string[],
  options: { to?: string; source?: string; terminology?: string; sourceUrl?: string },
): Promise<Uploaded[]> {
  const to = checkLanguages(options.to, '--to');
  const source = checkLanguages(options.source, '--source');
  const sourceUrl = checkSourceUrl(options.sourceUrl);
  checkFiles(files);
  const uploaded: Uploaded[] = [];
  for (const file of files) {
    const key = inputKeyFor(file, target.inputPrefix);
    const metadata = cliMetadata(to, source, options.terminology, sourceUrl);
    await target.s3.send(
      new PutObjectCommand({
        Bucket: target.inputBucket,
        Key: key,
        Body: await readFile(file),
        ContentType: contentTypeFor(file),
        Metadata: metadata,
      }),
    );
    uploaded.push({ file, key, articleId: articleIdFor(key, target.inputPrefix) });
  }
  return uploaded;
}

/**
 * `paragraf translate <article> --to fr`: uploads the article's source again under the same key,
 * asking for the languages it has plus the new ones. The translation cache makes the old ones free.
 */
export async function addLanguages(target: Target, articleId: string, to: string): Promise<string[]> {
  const docText = await readText(target, outputKeys.article(articleId));
  if (!docText)
    throw new UserError(
      `No finished article "${articleId}". Check it with: paragraf status ${articleId}${target.hintFlags}`,
    );
  const doc = ArticleDocument.parse(JSON.parse(docText));
  const added = (checkLanguages(to, '--to') ?? '').split(',');
  const languages = [...new Set([...doc.targetLanguages, ...added])];
  if (languages.length > CLI_MAX_TARGET_LANGUAGES)
    throw new UserError(
      `"${articleId}" has ${doc.targetLanguages.join(', ')}; with ${added.join(', ')} that is ${languages.length} languages, over the limit of ${CLI_MAX_TARGET_LANGUAGES} per article.`,
    );
  const source = await new S3ObjectStore(target.s3).get(doc.source.bucket, doc.source.key);
  await target.s3.send(
    new PutObjectCommand({
      Bucket: doc.source.bucket,
      Key: doc.source.key,
      Body: source.bytes,
      ...(source.contentType ? { ContentType: source.contentType } : {}),
      Metadata: {
        ...source.metadata,
        ...cliMetadata(languages.join(','), source.metadata['source-language'], source.metadata.terminology),
      },
    }),
  );
  return languages;
}

/**
 * Polls status.json until every article has ended. `since` ignores a status older than the upload
 * (a re-upload shows the previous run's status until the new one starts).
 */
export async function waitFor(
  target: Target,
  articleIds: readonly string[],
  sink: ProgressSink,
  options: { intervalMs: number; timeoutMs: number; since?: Date },
): Promise<Map<string, StatusDocument>> {
  const ended = new Map<string, StatusDocument>();
  const deadline = Date.now() + options.timeoutMs;
  while (ended.size < articleIds.length) {
    for (const id of articleIds) {
      if (ended.has(id)) continue;
      const status = await readStatusOf(target, id);
      const fresh =
        status && (!options.since || Date.parse(status.updatedAt) >= options.since.getTime() - 1000)
          ? status
          : undefined;
      sink.update(id, fresh);
      if (fresh && fresh.state !== 'running') ended.set(id, fresh);
    }
    if (ended.size === articleIds.length) break;
    if (Date.now() > deadline) {
      throw new UserError(
        `Still running after ${Math.round(options.timeoutMs / 1000)} s. Check later with: paragraf status ${articleIds.find((id) => !ended.has(id))} --wait${target.hintFlags}`,
      );
    }
    await sleep(options.intervalMs);
  }
  sink.done();
  return ended;
}

export async function statusReport(
  target: Target,
  articleId: string,
): Promise<{ status: StatusDocument; error?: ErrorDocument }> {
  const status = await readStatusOf(target, articleId);
  if (!status)
    throw new UserError(
      `No article "${articleId}" in s3://${target.outputBucket}/. List them with: paragraf ls${target.hintFlags}`,
    );
  if (status.state !== 'failed') return { status };
  const errorText = await readText(target, outputKeys.error(articleId));
  return errorText ? { status, error: ErrorDocument.parse(JSON.parse(errorText)) } : { status };
}

/** An article's article.json, read and as written, or the next step when there is none yet. */
export async function readArticleDocument(
  target: Target,
  articleId: string,
): Promise<{ doc: ArticleDocument; text: string }> {
  const text = await readText(target, outputKeys.article(articleId));
  if (!text)
    throw new UserError(
      `"${articleId}" has no article.json yet. Check it with: paragraf status ${articleId}${target.hintFlags}`,
    );
  return { doc: ArticleDocument.parse(JSON.parse(text)), text };
}

/** md: <lang>.md; page: <lang>.html, the page to publish; html: index.html, the reader; json: article.json. */
export const FetchFormat = z.enum(['md', 'page', 'html', 'json']);
export type FetchFormat = z.infer<typeof FetchFormat>;

export async function fetchOutputs(
  target: Target,
  articleId: string,
  options: { lang?: string; format: FetchFormat; out?: string },
): Promise<{ path?: string; body: string }> {
  const { status, error } = await statusReport(target, articleId);
  if (status.state === 'running') {
    const p = status.progress;
    throw new UserError(
      `"${articleId}" is still running${p ? ` (${p.done}/${p.total} paragraphs)` : ''}. Wait for it with: paragraf status ${articleId} --wait${target.hintFlags}`,
    );
  }
  if (status.state === 'failed') {
    const reason = error
      ? `${error.code}: ${error.message}`
      : status.error
        ? `${status.error.code}: ${status.error.message}`
        : 'no reason recorded';
    throw new UserError(`"${articleId}" failed: ${reason}`);
  }
  const { doc, text: docText } = await readArticleDocument(target, articleId);
  const lang = options.lang ?? doc.targetLanguages[0] ?? '';
  if (options.format !== 'json' && !doc.targetLanguages.includes(lang)) {
    throw new UserError(
      `"${articleId}" has no ${lang} translation; it has ${doc.targetLanguages.join(', ')}. Add it with: paragraf translate ${articleId} --to ${lang}${target.hintFlags} (the languages it has stay, from the translation cache at no cost).`,
    );
  }
  const key =
    options.format === 'json'
      ? outputKeys.article(articleId)
      : options.format === 'md'
        ? outputKeys.markdown(articleId, lang)
        : options.format === 'page'
          ? outputKeys.page(articleId, lang)
          : outputKeys.reader(articleId);
  const body = options.format === 'json' ? docText : ((await readText(target, key)) ?? '');
  if (!options.out) return { body };
  const path = join(resolve(options.out), articleId, key.slice(articleId.length + 1));
  await mkdir(join(resolve(options.out), articleId), { recursive: true });
  await writeFile(path, body);
  return { path, body };
}

/** Every article in the output bucket: the status.json files, skipping the _work and _cache prefixes. */
export async function listArticles(target: Target): Promise<StatusDocument[]> {
  const ids: string[] = [];
  let marker: string | undefined;
  // ListObjects with a marker, not V2: s3rver builds V2 continuation tokens with DES, which
  // OpenSSL 3 lacks, so a truncated V2 listing fails there; markers work on S3 and s3rver alike.
  for (;;) {
    const page = await target.s3.send(
      new ListObjectsCommand({
        Bucket: target.outputBucket,
        ...(marker ? { Marker: marker } : {}),
      }),
    );
    const keys = (page.Contents ?? []).map((o) => o.Key ?? '').filter(Boolean);
    for (const key of keys)
      if (!key.startsWith('_') && key.endsWith('/status.json'))
        ids.push(key.slice(0, -'/status.json'.length));
    const last = keys.at(-1);
    if (!page.IsTruncated || !last) break;
    // Jump over the work and cache files in one step.
    marker = last.startsWith('_') ? '_\uffff' : last;
  }
  const statuses = await Promise.all(ids.map((id) => readStatusOf(target, id)));
  return statuses.filter((s): s is StatusDocument => s !== undefined);
}
