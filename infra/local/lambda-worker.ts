import { once } from 'node:events';
import module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger, Metrics } from '../../shared/ports.ts';
import type { FromWorker, Invocation, ToWorker, WorkerData } from './lambdas.ts';

// A worker thread is a Node instance of its own: the compile cache the CLI turned on does not
// reach it. It is turned on here before the Lambdas' modules (most of the thread's start) load.
const cacheDirectory: unknown = workerData?.compileCache;
if (typeof cacheDirectory === 'string') module.enableCompileCache(cacheDirectory);
// eld as the Lambda bundles load it, before any module imports it (eld-alias.ts).
(await import('./eld-alias.ts')).loadEldAsTheLambdasDo();
const [{ loadConfig }, { stepHandlers }, { localPipelineDeps, WorkerControl }] = await Promise.all([
  import('../../shared/config.ts'),
  import('./lambda-handlers.ts'),
  import('./lambdas.ts'),
]);

/**
 * The worker side of startLambdaWorker: the Lambdas' handlers, answering one message per
 * invocation. Its modules load as soon as the thread starts. It then serves one local cloud at a
 * time (lambda-thread.ts): each begins with a configuration (the thread may start before the
 * endpoints listen) and ends with `stop`, after which the thread waits for the next, or `exit`.
 */
if (!parentPort) throw new Error('lambda-worker.ts runs as a worker thread (startLambdaWorker)');
const port = parentPort;
const post = (message: FromWorker) => port.postMessage(message);

const logger: Logger = {
  info: (event, fields) => post({ kind: 'log', level: 'info', event, ...(fields ? { fields } : {}) }),
  error: (event, fields) => post({ kind: 'log', level: 'error', event, ...(fields ? { fields } : {}) }),
};
const metrics: Metrics = {
  count: (name, value) => post({ kind: 'count', name, value }),
  stepDuration: (step, ms) => post({ kind: 'duration', step, ms }),
};

/** One cloud's invocations, until it says stop; its clients are closed and its answers sent. */
async function serveCloud({ env, endpoints }: WorkerData): Promise<void> {
  const local = localPipelineDeps(loadConfig(env), endpoints, logger, metrics);
  const handlers = stepHandlers(local.deps);
  const inFlight = new Set<Promise<void>>();
  const invoke = async ({ id, step, input }: Invocation) => {
    try {
      post({ kind: 'result', id, output: await handlers[step](input) });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      post({ kind: 'error', id, name: error.name, message: error.message });
    }
  };
  const { promise: stopped, resolve: stop } = Promise.withResolvers<void>();
  const onMessage = (message: ToWorker) => {
    if ('id' in message) {
      const task = invoke(message).finally(() => inFlight.delete(task));
      inFlight.add(task);
    } else stop();
  };
  port.on('message', onMessage);
  post({ kind: 'ready' });
  await stopped;
  // Until the next configuration, messages wait in the port (no listener, no delivery).
  port.off('message', onMessage);
  local.destroy();
  await Promise.allSettled(inFlight);
  post({ kind: 'stopped' });
}

for (;;) {
  const [message] = await once(port, 'message');
  const parsed = WorkerControl.parse(message);
  if ('exit' in parsed) break;
  await serveCloud(parsed);
}
// Nothing left to keep the thread alive: it exits on its own.
port.close();
