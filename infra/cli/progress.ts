import { createLogUpdate } from 'log-update';
import type { StatusDocument } from '../../shared/schemas/document.ts';
import { inFlags } from './messages.ts';

export interface ProgressSink {
  update(articleId: string, status: StatusDocument | undefined): void;
  /** Prints a line once with `write`, above the live block in a terminal (an article's "ok" or "failed"). */
  print(line: string, write: (line: string) => void): void;
  done(): void;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean; rows?: number; columns?: number };

function bar(done: number, total: number, width = 20): string {
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function describe(articleId: string, status: StatusDocument | undefined): string {
  if (!status) return `${articleId}: waiting for the pipeline to start`;
  const p = status.progress;
  const count = p ? `${p.done}/${p.total} paragraphs` : `${status.paragraphs ?? '?'} paragraphs`;
  if (status.state === 'failed')
    return `${articleId}: failed ${status.error ? `(${status.error.code}: ${inFlags(status.error.message)})` : ''}`;
  return `${articleId}: ${status.state} ${p ? bar(p.done, p.total) : ''} ${count}`.replace(/\s+/g, ' ');
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The live block: the running articles, as many as fit, then one summary line. Never taller
 * than the terminal (less one row for the cursor), each line cut to its width.
 */
export function progressFrame(
  statuses: ReadonlyMap<string, StatusDocument | undefined>,
  size: { rows: number; columns: number },
  elapsedSeconds: number,
): string {
  const all = [...statuses.entries()];
  const succeeded = all.filter(([, s]) => s?.state === 'succeeded').length;
  const failed = all.filter(([, s]) => s?.state === 'failed').length;
  const running = all.filter(([, s]) => s?.state === 'running');
  const waiting = all.length - succeeded - failed - running.length;
  const paragraphsDone = all.reduce(
    (n, [, s]) => n + (s?.state === 'running' ? (s.progress?.done ?? 0) : s ? (s.paragraphs ?? 0) : 0),
    0,
  );
  const known = all.filter(([, s]) => s?.paragraphs !== undefined);
  const perArticle =
    known.length > 0 ? known.reduce((n, [, s]) => n + (s?.paragraphs ?? 0), 0) / known.length : 0;
  const paragraphsTotal = all.reduce((n, [, s]) => n + (s?.paragraphs ?? perArticle), 0);
  const rate = elapsedSeconds > 0 ? paragraphsDone / elapsedSeconds : 0;
  const eta = rate > 0 ? `ETA ${clock((paragraphsTotal - paragraphsDone) / rate)}` : 'ETA --:--';
  const summary = [
    `${succeeded + failed}/${all.length} done`,
    `${failed} failed`,
    `${running.length} running`,
    ...(waiting > 0 ? [`${waiting} waiting`] : []),
    `${rate.toFixed(1)} paragraphs/s`,
    eta,
  ].join(' · ');
  const room = Math.max(0, size.rows - 2);
  const shown = running.length <= room ? running.length : Math.max(0, room - 1);
  const lines = running.slice(0, shown).map(([id, s]) => describe(id, s));
  if (shown < running.length) lines.push(`… and ${running.length - shown} more running`);
  const width = Math.max(10, size.columns - 1);
  return [...lines, summary]
    .map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line))
    .join('\n');
}

/**
 * Progress for people and scripts: in a terminal, a live block redrawn in place (log-update
 * erases what it drew, so no frame is left in the scrollback); one plain line per change
 * otherwise; JSON lines with --json.
 */
export function progressSink(stream: Stream, json: boolean): ProgressSink {
  const tty = Boolean(stream.isTTY) && !json;
  if (!tty) {
    const lines = new Map<string, string>();
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
        stream.write(`${line}\n`);
      },
      print: (line, write) => write(line),
      done() {},
    };
  }
  const statuses = new Map<string, StatusDocument | undefined>();
  const started = Date.now();
  const render = createLogUpdate(stream, { showCursor: true });
  let pending: NodeJS.Timeout | undefined;
  let closed = false;
  const draw = () => {
    clearTimeout(pending);
    pending = undefined;
    if (closed) return;
    render(
      progressFrame(
        statuses,
        { rows: stream.rows ?? 24, columns: stream.columns ?? 80 },
        (Date.now() - started) / 1000,
      ),
    );
  };
  return {
    update(articleId, status) {
      statuses.set(articleId, status);
      // Many updates arrive together (one per article per poll): one redraw for all of them.
      if (!closed) pending ??= setTimeout(draw, 100);
    },
    print(line, write) {
      render.clear();
      write(line);
      draw();
    },
    done() {
      clearTimeout(pending);
      pending = undefined;
      closed = true;
      render.clear();
      render.done();
    },
  };
}
