import type { StatusDocument } from '../../shared/schemas/document.ts';

export interface ProgressSink {
  update(articleId: string, status: StatusDocument | undefined): void;
  done(): void;
}

function bar(done: number, total: number, width = 24): string {
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function describe(articleId: string, status: StatusDocument | undefined): string {
  if (!status) return `${articleId}: waiting for the pipeline to start`;
  const p = status.progress;
  const count = p ? `${p.done}/${p.total} paragraphs` : `${status.paragraphs ?? '?'} paragraphs`;
  if (status.state === 'failed')
    return `${articleId}: failed ${status.error ? `(${status.error.code}: ${status.error.message})` : ''}`;
  return `${articleId}: ${status.state} ${p ? bar(p.done, p.total) : ''} ${count}`.replace(/\s+/g, ' ');
}

/**
 * Progress for people and scripts: a redrawn block of bars in a terminal, one plain line per
 * change otherwise, JSON lines with --json.
 */
export function progressSink(
  stream: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean },
  json: boolean,
): ProgressSink {
  const lines = new Map<string, string>();
  let drawn = 0;
  const tty = Boolean(stream.isTTY) && !json;
  return {
    update(articleId, status) {
      const line = json
        ? JSON.stringify({
            articleId,
            state: status?.state ?? 'pending',
            progress: status?.progress ?? null,
            error: status?.error ?? null,
          })
        : describe(articleId, status);
      if (lines.get(articleId) === line) return;
      lines.set(articleId, line);
      if (!tty) {
        stream.write(`${line}\n`);
        return;
      }
      // Redraw the whole block in place: move up over what was drawn, clear, draw again.
      if (drawn > 0) stream.write(`\u001b[${drawn}A`);
      const all = [...lines.values()];
      const totals =
        [...lines.keys()].length > 1
          ? [`${all.filter((l) => / succeeded /.test(`${l} `)).length}/${all.length} articles done`]
          : [];
      for (const l of [...all, ...totals]) stream.write(`\u001b[2K${l}\n`);
      drawn = all.length + totals.length;
    },
    done() {
      drawn = 0;
    },
  };
}
