import { readFile } from 'node:fs/promises';
import { parseJsonOrUndefined } from '../../shared/pipeline/deps.ts';
import { ArticleEventDetail } from '../../shared/schemas/document.ts';
import { type LocalEvent, LocalEvent as LocalEventSchema } from '../local/events-endpoint.ts';

/** The events file `paragraf serve` appends to; a missing file has no events yet. */
export async function readEvents(file: string): Promise<LocalEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return [];
    throw err;
  }
  return text
    .split('\n')
    .filter((line) => line.trim())
    .flatMap((line) => {
      const parsed = LocalEventSchema.safeParse(parseJsonOrUndefined(line));
      return parsed.success ? [parsed.data] : [];
    });
}

/** One line a person reads: when, what, which article, and the languages or the error. */
export function eventLine(event: LocalEvent): string {
  const detail = ArticleEventDetail.safeParse(event.detail);
  if (!detail.success) return `${event.time}  ${event['detail-type']}`;
  const d = detail.data;
  const what = d.error
    ? `${d.error.code}: ${d.error.message}`
    : `${d.targetLanguages.join(',')}${d.failedLanguages.length ? ` (failed: ${d.failedLanguages.map((f) => f.language).join(',')})` : ''}`;
  return `${event.time}  ${event['detail-type'].padEnd(26)} ${d.articleId}  ${what}`;
}
