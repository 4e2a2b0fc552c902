import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as makeFail } from '../../lambdas/fail/handler.ts';
import { makeHandler as makeSplit } from '../../lambdas/split/handler.ts';
import { ArticleEventDetail } from '../../shared/schemas/document.ts';
import { ObjectCreatedEvent } from '../../shared/schemas/events.ts';
import { eventOf, startTestCloud, type TestCloud } from '../helpers/cloud.ts';

/**
 * Executions that end without reaching the Catch (timed out, aborted, or failed outside it) are
 * recorded by the fail function, called by an EventBridge rule with Step Functions' own
 * "Execution Status Change" event. Driven here with that event shape against the local cloud.
 */
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.stop();
});

const body = 'Tram news\n\nThe council approved the tram on Wednesday night.\n\nWork starts in March.';

function statusChange(status: 'FAILED' | 'TIMED_OUT' | 'ABORTED', input: unknown, error?: string) {
  return {
    version: '0',
    id: 'e2c5b3a0-0000-4000-8000-000000000000',
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: '123456789012',
    time: '2026-11-28T10:00:00Z',
    region: 'us-east-1',
    resources: ['arn:aws:states:us-east-1:123456789012:execution:Pipeline:run-1'],
    detail: {
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Pipeline:run-1',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Pipeline',
      name: 'run-1',
      status,
      startDate: 1764324000000,
      stopDate: 1764324900000,
      input: JSON.stringify(input),
      output: null,
      error: error ?? null,
      cause: null,
    },
  };
}

/** A run that Split started and nothing finished: status.json says "running". */
async function stuckRun(key: string, sequencerSuffix: string) {
  const result = await t.upload(key, body, { 'source-language': 'en' });
  const event = ObjectCreatedEvent.parse(eventOf(result));
  const later = {
    ...event,
    detail: {
      ...event.detail,
      object: { ...event.detail.object, sequencer: `${event.detail.object.sequencer}${sequencerSuffix}` },
    },
  };
  await makeSplit(t.cloud.deps)({ event: later, executionId: `stuck-${sequencerSuffix}` });
  return later;
}

describe('an execution that ended outside the Catch', () => {
  it.each([
    ['TIMED_OUT', 'EXECUTION_TIMED_OUT'],
    ['ABORTED', 'EXECUTION_ABORTED'],
  ] as const)('%s: error.json and a failed status for the run left running, once', async (status, code) => {
    const id = `stuck-${status.toLowerCase().replace('_', '-')}`;
    const event = await stuckRun(`incoming/${id}.txt`, 'F1');
    expect((await t.status(id)).state).toBe('running');

    const fail = makeFail(t.cloud.deps);
    expect(await fail(statusChange(status, event))).toMatchObject({ articleId: id, status: 'failed', code });
    expect(await t.error(id)).toMatchObject({ code, sourceKey: `incoming/${id}.txt`, retryable: true });
    expect((await t.status(id)).state).toBe('failed');
    // Delivered again (EventBridge is at least once): nothing changes.
    expect(await fail(statusChange(status, event))).toMatchObject({ status: 'already-ended' });
  });

  it('a States.DataLimitExceeded failure is recorded with its own code', async () => {
    const event = await stuckRun('incoming/too-big-state.txt', 'F2');
    const fail = makeFail(t.cloud.deps);
    expect(await fail(statusChange('FAILED', event, 'States.DataLimitExceeded'))).toMatchObject({
      status: 'failed',
      code: 'STATE_TOO_LARGE',
    });
  });

  it('leaves alone a run that succeeded, and a failure the Catch already recorded', async () => {
    const result = await t.upload('incoming/fine.txt', body, { 'source-language': 'en' });
    expect(result.status).toBe('SUCCEEDED');
    const fail = makeFail(t.cloud.deps);
    expect(await fail(statusChange('ABORTED', eventOf(result)))).toMatchObject({ status: 'already-ended' });
    expect((await t.status('fine')).state).toBe('succeeded');

    const blank = await t.upload('incoming/blank-one.txt', '  \n ', { 'source-language': 'en' });
    expect(blank.status).toBe('FAILED');
    expect(await fail(statusChange('FAILED', eventOf(blank), 'Paragraf.ArticleFailed'))).toMatchObject({
      status: 'already-ended',
    });
    expect((await t.error('blank-one')).code).toBe('BLANK_INPUT');
  });
});

describe('completion events on the local bus', () => {
  it('a success puts Paragraf Article Completed with the outputs, languages and stats, after they exist', async () => {
    const before = t.cloud.events.events.length;
    const result = await t.upload('incoming/evented.txt', body, {
      'source-language': 'en',
      'target-languages': 'es,ja',
    });
    expect(result.status).toBe('SUCCEEDED');
    const [event] = t.cloud.events.events.slice(before);
    expect(event).toMatchObject({
      source: 'paragraf',
      'detail-type': 'Paragraf Article Completed',
      bus: 'default',
    });
    const detail = ArticleEventDetail.parse(event?.detail);
    expect(detail).toMatchObject({
      articleId: 'evented',
      status: 'succeeded',
      sourceKey: 'incoming/evented.txt',
      targetLanguages: ['es'],
      failedLanguages: [expect.objectContaining({ language: 'ja' })],
    });
    expect(detail.outputs).toEqual([
      'evented/article.json',
      'evented/es.md',
      'evented/es.html',
      'evented/index.html',
    ]);
    for (const key of detail.outputs) expect(await t.text(detail.outputBucket, key)).toBeDefined();
    expect(detail.stats?.paragraphs).toBe(2);
  });

  it('a failure puts Paragraf Article Failed with the code', async () => {
    const before = t.cloud.events.events.length;
    expect((await t.upload('incoming/evented-blank.txt', ' \n ', { 'source-language': 'en' })).status).toBe(
      'FAILED',
    );
    const failed = t.cloud.events.events.slice(before);
    expect(failed.map((e) => e['detail-type'])).toEqual(['Paragraf Article Failed']);
    expect(ArticleEventDetail.parse(failed[0]?.detail)).toMatchObject({
      articleId: 'evented-blank',
      status: 'failed',
      outputs: [],
      error: { code: 'BLANK_INPUT' },
    });
  });
});
