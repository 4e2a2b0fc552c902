import { describe, expect, it } from 'vitest';
import { startLambdaWorker } from '../../infra/local/lambdas.ts';
import { silentLogger } from '../../shared/adapters/json-logger.ts';
import { noMetrics } from '../../shared/adapters/metrics.ts';
import { pipelineEnv as env } from '../helpers/config.ts';

// Nothing is called: the clients are built against these and never used.
const endpoints = { s3: 'http://127.0.0.1:9', translate: 'http://127.0.0.1:9', events: 'http://127.0.0.1:9' };

describe('the Lambda thread', () => {
  // Terminating a worker thread inside its top-level await of the Lambdas' modules crashed the
  // whole process now and then (SIGTRAP, SIGSEGV; CI's vitest fork died so in cli.test.ts): a local
  // cloud stopped within its first second risked it. stop() lets the thread finish loading.
  it('stopped the moment it starts, finishes loading first and then stops', async () => {
    const thread = startLambdaWorker({ env, endpoints, logger: silentLogger, metrics: noMetrics });
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
      logger: silentLogger,
      metrics: noMetrics,
    });
    await thread.stop();
    await expect(thread.ready).rejects.toThrow(/OUTPUT_BUCKET/);
  });
});
