import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The Lambdas' worker thread, started before the rest of the local cloud is even imported: the
 * thread loads the Lambdas' modules (about a second) on the second core while this one loads
 * s3rver and the endpoints, instead of after them. It waits for its configuration (lambdas.ts,
 * startLambdaWorker). This module imports nothing else, so bin/paragraf.mjs can call it first.
 *
 * One thread serves every local cloud of the process in turn: a stopped cloud parks it, the next
 * takes it and configures it again. Node crashes now and then (SIGSEGV, SIGTRAP from V8) around a
 * worker's exit and a new one's start; a process that starts and stops many clouds (tests, benches)
 * met that at random, so the thread no longer ends with its cloud. A parked thread does not keep
 * the process alive.
 */
export interface LambdaThread {
  worker: Worker;
  /** Set when the thread failed or exited before anyone listened to it. */
  ended?: Error;
  /** Invocation ids stay unique over the clouds the thread serves: late answers never match. */
  nextId: number;
}

let early: LambdaThread | undefined;
let parked: LambdaThread | undefined;

function spawnLambdaThread(): LambdaThread {
  const worker = new Worker(fileURLToPath(new URL('./lambda-worker.ts', import.meta.url)), {
    // The thread uses the compile cache this one does (bin/paragraf.mjs), if any.
    workerData: { compileCache: module.getCompileCacheDir() },
  });
  // Not what keeps the process alive until a local cloud takes it: a command that fails first exits.
  worker.unref();
  const thread: LambdaThread = { worker, nextId: 0 };
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
  early ??= parked ?? spawnLambdaThread();
  parked = undefined;
}

/** The thread prestartLambdaThread started or a stopped cloud parked, or a new one. */
export function takeLambdaThread(): LambdaThread {
  const thread = early ?? parked ?? spawnLambdaThread();
  early = undefined;
  parked = undefined;
  thread.worker.ref();
  return thread;
}

/**
 * Gives back a thread whose cloud stopped (it answered `stopped`): the next cloud takes it. Only
 * one waits; another (two clouds at once in one process) is asked to exit.
 */
export function parkLambdaThread(thread: LambdaThread): void {
  thread.worker.unref();
  if (thread.ended) return;
  if (parked || early) thread.worker.postMessage({ exit: true });
  else parked = thread;
}
