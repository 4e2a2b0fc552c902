import { once } from 'node:events';
import module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger, Metrics } from '../../shared/ports.ts';
import type { FromWorker, ToWorker } from './lambdas.ts';

// A worker thread is a Node instance of its own: the compile cache the CLI turned on does not
// reach it. It is turned on here before the Lambdas' modules (most of the thread's start) load.
const cacheDirectory: unknown = workerData?.compileCache;
if (typeof cacheDirectory === 'string') module.enableCompileCache(cacheDirectory);
// eld as the Lambda bundles load it, before any module imports it (eld-alias.ts).
(await import('./eld-alias.ts')).loadEldAsTheLambdasDo();
const [{ loadConfig }, { stepHandlers }, { localPipelineDeps, WorkerData }] = await Promise.all([
  import('../../shared/config.ts'),
  import('./lambda-handlers.ts'),
  import('./lambdas.ts'),
]);

/**
 * The worker side of startLambdaWorker: the Lambdas' handlers, answering one message per
 * invocation. Its modules load as soon as the thread starts; the first message is its
 * configuration (the thread may start before the endpoints listen: lambda-thread.ts).
 */
const port = parentPort;
if (!port) throw new Error('lambda-worker.ts runs as a worker thread (startLambdaWorker)');
const post = (message: FromWorker) => port.postMessage(message);
const [configuration] = await once(port, 'message');
const { env, endpoints } = WorkerData.parse(configuration);

const logger: Logger = {
  info: (event, fields) => post({ kind: 'log', level: 'info', event, ...(fields ? { fields } : {}) }),
  error: (event, fields) => post({ kind: 'log', level: 'error', event, ...(fields ? { fields } : {}) }),
};
const metrics: Metrics = {
  count: (name, value) => post({ kind: 'count', name, value }),
  stepDuration: (step, ms) => post({ kind: 'duration', step, ms }),
};
const local = localPipelineDeps(loadConfig(env), endpoints, logger, metrics);
const handlers = stepHandlers(local.deps);

port.on('message', async (message: ToWorker) => {
  if ('stop' in message) {
    // Nothing left to keep the thread alive: it exits on its own.
    local.destroy();
    port.close();
    return;
  }
  const { id, step, input } = message;
  try {
    post({ kind: 'result', id, output: await handlers[step](input) });
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    post({ kind: 'error', id, name: error.name, message: error.message });
  }
});
post({ kind: 'ready' });
