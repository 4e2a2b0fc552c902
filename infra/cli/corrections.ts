import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { decodeArticle } from '../../shared/article/decode.ts';
import { alignCorrection } from '../../shared/corrections/align.ts';
import { InputError } from '../../shared/errors.ts';
import { MEMORY_PREFIX, outputKeys } from '../../shared/keys.ts';
import { memoryKey } from '../../shared/memory/memory.ts';
import { MAX_CORRECTION_BYTES } from '../../shared/pipeline/correct.ts';
import { parseJsonOrUndefined } from '../../shared/pipeline/deps.ts';
import { CorrectionRecord, upgradeArticleDocument } from '../../shared/schemas/document.ts';
import { LanguageCode } from '../../shared/schemas/language.ts';
import { MemoryFile } from '../../shared/schemas/memory.ts';
import { listObjectsUnder } from '../local/recover.ts';
import { readText, UserError } from './remote.ts';
import type { Target } from './target.ts';

/**
 * `paragraf correct <articleId> <file> --lang es`: checks what can be checked here (the file, the
 * article and its language, and that the file lines up with the article, with the pipeline's own
 * alignment), then uploads the file where the corrections rule picks it up. A file that would be
 * refused is not uploaded.
 */
export async function uploadCorrection(
  target: Target,
  articleId: string,
  file: string,
  lang: string,
): Promise<{ key: string; etag: string }> {
  if (!LanguageCode.safeParse(lang).success)
    throw new UserError(`--lang takes the code of the translation you edited, such as es, not "${lang}".`);
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
  if (size === undefined) throw new UserError(`No such file: ${file}`);
  if (size === 0) throw new UserError(`${file} is empty. Edit the ${lang}.md Paragraf wrote and pass that.`);
  if (size > MAX_CORRECTION_BYTES)
    throw new UserError(`${file} is ${size.toLocaleString('en-US')} bytes; a correction is at most 1 MiB.`);
  const doc = upgradeArticleDocument(
    parseJsonOrUndefined(await readText(target, outputKeys.article(articleId))),
  );
  if (!doc)
    throw new UserError(`No finished article "${articleId}". List them with: paragraf ls${target.hintFlags}`);
  if (!doc.targetLanguages.includes(lang))
    throw new UserError(
      `"${articleId}" has no ${lang} translation; it has ${doc.targetLanguages.join(', ')}.`,
    );
  const body = await readFile(file);
  const alignment = alignCorrection(doc, lang, decodedCorrection(body, file));
  if (!alignment.ok) throw new UserError(`${file} was not uploaded: ${alignment.message}`);
  if (alignment.paragraphs.length + alignment.summary.length + (alignment.title === undefined ? 0 : 1) === 0)
    throw new UserError(
      `${file} changes nothing in the ${lang} translation of "${articleId}"; it was not uploaded.`,
    );
  const key = `${target.correctionsPrefix}${articleId}/${lang}.md`;
  const put = await target.s3.send(
    new PutObjectCommand({
      Bucket: target.inputBucket,
      Key: key,
      Body: body,
      ContentType: 'text/markdown; charset=utf-8',
    }),
  );
  return { key, etag: (put.ETag ?? '').replace(/"/g, '') };
}

/** The file as text, or why not (the pipeline refuses the same files). */
function decodedCorrection(bytes: Uint8Array, file: string): string {
  try {
    return decodeArticle(bytes);
  } catch (err) {
    if (err instanceof InputError) throw new UserError(`${file} was not uploaded: ${err.message}`);
    throw err;
  }
}

/** Polls the correction's record until it is about this upload (its ETag). */
export async function waitForCorrection(
  target: Target,
  articleId: string,
  lang: string,
  etag: string,
  options: { intervalMs: number; timeoutMs: number },
): Promise<CorrectionRecord> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const record = CorrectionRecord.safeParse(
      parseJsonOrUndefined(await readText(target, outputKeys.correction(articleId, lang))),
    );
    if (record.success && record.data.etag.replace(/"/g, '') === etag) return record.data;
    if (Date.now() > deadline)
      throw new UserError(
        `The correction was uploaded but not applied within ${Math.round(options.timeoutMs / 1000)} s. Its outcome will be in s3://${target.outputBucket}/${outputKeys.correction(articleId, lang)}.`,
      );
    await sleep(options.intervalMs);
  }
}

/** One line for a correction's outcome. */
export function describeCorrection(record: CorrectionRecord): string {
  if (record.state === 'refused')
    return `refused  ${record.correctionKey}  ${record.error?.code}: ${record.error?.message}`;
  const c = record.changed;
  const parts = [
    c?.title ? 'the title' : '',
    c && c.summary.length > 0
      ? `${c.summary.length} summary sentence${c.summary.length === 1 ? '' : 's'}`
      : '',
    c && c.paragraphs.length > 0
      ? `paragraph${c.paragraphs.length === 1 ? '' : 's'} ${c.paragraphs.map((i) => i + 1).join(', ')}`
      : '',
  ].filter(Boolean);
  return parts.length === 0
    ? `applied  ${record.correctionKey}  nothing changed (the file is the translation as it stands)`
    : `applied  ${record.correctionKey}  ${parts.join(', ')} now the editor's; ${record.remembered ?? 0} added to the translation memory${record.notRemembered ? ` (${record.notRemembered})` : ''}`;
}

export interface MemorySummary {
  source: string;
  target: string;
  segments: number;
  updatedAt: string;
  key: string;
}

/** The translation memory's language pairs, with how many corrected segments each holds. */
export async function listMemory(target: Target): Promise<MemorySummary[]> {
  const keys = (await listObjectsUnder(target.s3, target.outputBucket, MEMORY_PREFIX))
    .map((o) => o.key)
    .filter((key) => key.endsWith('.json'));
  const rows = await Promise.all(
    keys.map(async (key) => {
      const parsed = MemoryFile.safeParse(parseJsonOrUndefined(await readText(target, key)));
      return parsed.success
        ? {
            source: parsed.data.source,
            target: parsed.data.target,
            segments: Object.keys(parsed.data.entries).length,
            updatedAt: parsed.data.updatedAt,
            key,
          }
        : undefined;
    }),
  );
  return rows.filter((r): r is MemorySummary => r !== undefined);
}

export async function readMemoryPair(target: Target, from: string, to: string): Promise<MemoryFile> {
  for (const [flag, code] of [
    ['--from', from],
    ['--to', to],
  ] as const)
    if (!LanguageCode.safeParse(code).success)
      throw new UserError(`${flag} takes a language code such as en, not "${code}".`);
  const parsed = MemoryFile.safeParse(
    parseJsonOrUndefined(await readText(target, memoryKey(MEMORY_PREFIX, from, to))),
  );
  if (!parsed.success) {
    const pairs = (await listMemory(target)).map((p) => `${p.source}→${p.target}`);
    throw new UserError(
      `The translation memory has nothing from ${from} to ${to}${pairs.length > 0 ? `; it has ${pairs.join(', ')}` : ''}. Corrections fill it: paragraf correct <articleId> <file> --lang ${to}${target.hintFlags}`,
    );
  }
  return parsed.data;
}

/** Paragraf's version, as TMX headers name the tool that wrote them. */
export function paragrafVersion(): string {
  const pkg = z
    .object({ version: z.string() })
    .safeParse(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')));
  return pkg.success ? pkg.data.version : 'unknown';
}
