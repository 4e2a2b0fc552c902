import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The Lambdas' worker thread, started before the rest of the local cloud is even imported: the
 * thread loads the Lambdas' modules (about a second) on the second core while this one loads
 * s3rver and the endpoints, instead of after them. It waits for its configuration (lambdas.ts,
 * startLambdaWorker). This module imports nothing else, so bin/paragraf.mjs can call it first.
 */
export interface LambdaThread {
  worker: Worker;
  /** Set when the thread failed or exited before anyone listened to it. */
  ended?: Error;
}

let early: LambdaThread | undefined;

function spawnLambdaThread(): LambdaThread {
  const worker = new Worker(fileURLToPath(new URL('./lambda-worker.ts', import.meta.url)), {
    // The thread uses the compile cache this one does (bin/paragraf.mjs), if any.
    workerData: { compileCache: module.getCompileCacheDir() },
  });
  // Not what keeps the process alive until a local cloud takes it: a command that fails first exits.
  worker.unref();
  const thread: LambdaThread = { worker };
  // Until startLambdaWorker listens: an error with no listener would throw in this thread.
  worker.on('error', (error) => {
    thread.ended ??= error;
  });
  worker.on('exit', (code) => {
    thread.ended ??= new Error(`The Lambda worker thread exited (code ${code}).`);
  });
  return thread;
}

/** Starts the Lambda thread now; the next local cloud in this process takes it. */
export function prestartLambdaThread(): void {
  early ??= spawnLambdaThread();
}

/** The thread prestartLambdaThread started, or a new one. */
export function takeLambdaThread(): LambdaThread {
  const thread = early ?? spawnLambdaThread();
  early = undefined;
  thread.worker.ref();
  return thread;
}
