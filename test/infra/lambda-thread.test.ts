import { describe, expect, it } from 'vitest';
import { startLambdaWorker } from '../../infra/local/lambdas.ts';

const env = {
  OUTPUT_BUCKET: 'out',
  INPUT_PREFIX: 'incoming/',
  WORK_PREFIX: '_work/',
  CACHE_PREFIX: '_cache/',
  MEMORY_PREFIX: '_memory/',
  CORRECTIONS_PREFIX: 'corrections/',
  DEFAULT_TARGET_LANGUAGES: 'es',
  EVENT_BUS_NAME: 'default',
};
// Nothing is called: the clients are built against these and never used.
const endpoints = { s3: 'http://127.0.0.1:9', translate: 'http://127.0.0.1:9', events: 'http://127.0.0.1:9' };
const quiet = { info: () => {}, error: () => {} };
const noMetrics = { count: () => {}, stepDuration: () => {} };

describe('the Lambda thread', () => {
  // Terminating a worker thread inside its top-level await of the Lambdas' modules crashed the
  // whole process now and then (SIGTRAP, SIGSEGV): a `paragraf run` whose articles all end before
  // the thread is needed, or a test's cloud stopped early. stop() lets the thread finish loading.
  it('stopped the moment it starts, finishes loading first and then stops', async () => {
    const thread = startLambdaWorker({ env, endpoints, logger: quiet, metrics: noMetrics });
    const loaded = thread.ready.then(
      () => 'loaded',
      (error: Error) => `ended while loading: ${error.message}`,
    );
    await thread.stop();
    expect(await loaded).toBe('loaded');
    await expect(thread.handlers.split({})).rejects.toThrow(/exited/);
  });

  it('stops at once when it failed to load (a configuration it refuses)', async () => {
    const thread = startLambdaWorker({
      env: { ...env, OUTPUT_BUCKET: undefined },
      endpoints,
      logger: quiet,
      metrics: noMetrics,
    });
    await thread.stop();
    await expect(thread.ready).rejects.toThrow(/OUTPUT_BUCKET/);
  });
});
