import { describe, expect, it } from 'vitest';
import { startLambdaWorker } from '../../infra/local/lambdas.ts';
import { silentLogger } from '../../shared/adapters/json-logger.ts';
import { noMetrics } from '../../shared/adapters/metrics.ts';
import { pipelineEnv as env } from '../helpers/config.ts';

// Nothing is called over the network: the clients are built against these and never used.
const endpoints = { s3: 'http://127.0.0.1:9', translate: 'http://127.0.0.1:9', events: 'http://127.0.0.1:9' };
const options = { env, endpoints, logger: silentLogger, metrics: noMetrics };

describe('the Lambda thread', () => {
  // Terminating a worker thread inside its top-level await of the Lambdas' modules crashed the
  // whole process now and then (SIGTRAP, SIGSEGV): a local cloud stopped within its first second
  // risked it. stop() lets the thread finish loading.
  it('stopped the moment it starts, finishes loading first and then stops', async () => {
    const thread = startLambdaWorker(options);
    const loaded = thread.ready.then(
      () => 'loaded',
      (error: Error) => `ended while loading: ${error.message}`,
    );
    await thread.stop();
    expect(await loaded).toBe('loaded');
    await expect(thread.handlers.split({})).rejects.toThrow(/local cloud stopped/);
  });

  // Starting and ending a worker per cloud crashed CI's vitest fork now and then (SIGSEGV in
  // cli.test.ts, which starts a dozen clouds): one thread serves them in turn.
  it('serves the next cloud of the process, configured anew, on the same thread', async () => {
    const first = startLambdaWorker(options);
    await first.ready;
    // A Lambda's own answer (a bad event), not a stopped thread's.
    await expect(first.handlers.split({})).rejects.toThrow(/Invalid|expected/i);
    await first.stop();
    const second = startLambdaWorker(options);
    await second.ready;
    expect(second.threadId).toBe(first.threadId);
    await expect(second.handlers.split({})).rejects.toThrow(/Invalid|expected/i);
    await expect(first.handlers.split({})).rejects.toThrow(/local cloud stopped/);
    await second.stop();
  });

  it('runs two clouds at once on two threads, and keeps one of them when both stop', async () => {
    const a = startLambdaWorker(options);
    const b = startLambdaWorker(options);
    await Promise.all([a.ready, b.ready]);
    await Promise.all([a.stop(), b.stop()]);
    expect(a.threadId).not.toBe(b.threadId);
    const c = startLambdaWorker(options);
    await c.ready;
    expect([a.threadId, b.threadId]).toContain(c.threadId);
    await expect(c.handlers.split({})).rejects.toThrow(/Invalid|expected/i);
    await c.stop();
  });

  it('stops at once when it failed to load (a configuration it refuses)', async () => {
    const thread = startLambdaWorker({ ...options, env: { ...env, OUTPUT_BUCKET: undefined } });
    await thread.stop();
    await expect(thread.ready).rejects.toThrow(/OUTPUT_BUCKET/);
    // The next cloud gets a thread that works.
    const next = startLambdaWorker(options);
    await next.ready;
    await next.stop();
  });
});
