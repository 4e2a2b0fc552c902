import { describe, expect, it } from 'vitest';
import { reconcile } from '../../shared/pipeline/reconcile.ts';
import type { StatusDocument } from '../../shared/schemas/document.ts';

const now = new Date('2026-12-05T12:00:00Z');
const object = { key: 'incoming/a.txt', etag: '"abc"' };
const status = (over: Partial<StatusDocument>): StatusDocument => ({
  articleId: 'a',
  runId: '0123456789abcdef',
  sequencer: '00AA',
  etag: 'abc',
  state: 'succeeded',
  sourceKey: 'incoming/a.txt',
  updatedAt: '2026-12-05T11:59:00Z',
  ...over,
});

describe('reconcile: what an input object needs', () => {
  it('an upload with no status has no outcome: start it', () => {
    expect(reconcile(object, undefined, { now, stuckAfterMs: 0 })).toEqual({
      action: 'start',
      reason: 'no-outcome',
    });
  });

  it('an outcome for this ETag (quoted or not) is done; one for an older upload is not', () => {
    expect(reconcile(object, status({}), { now, stuckAfterMs: 0 }).action).toBe('none');
    expect(reconcile(object, status({ state: 'failed' }), { now, stuckAfterMs: 0 }).action).toBe('none');
    expect(reconcile(object, status({ etag: 'older' }), { now, stuckAfterMs: 0 })).toEqual({
      action: 'start',
      reason: 'no-outcome',
    });
  });

  it('a run left running is redriven as itself once it is older than the timeout, not before', () => {
    const running = status({ state: 'running' });
    expect(reconcile(object, running, { now, stuckAfterMs: 0 })).toEqual({
      action: 'redrive',
      reason: 'stuck',
      runId: '0123456789abcdef',
      sequencer: '00AA',
    });
    expect(reconcile(object, running, { now, stuckAfterMs: 120_000 })).toEqual({
      action: 'none',
      reason: 'running',
    });
  });

  it('leaves an article whose status speaks of another input key alone', () => {
    expect(
      reconcile(object, status({ sourceKey: 'incoming/a.md', etag: 'x' }), { now, stuckAfterMs: 0 }).action,
    ).toBe('none');
  });
});
