import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { S3Client } from '@aws-sdk/client-s3';
import { TranslateClient } from '@aws-sdk/client-translate';
import * as z from 'zod';
import { AwsTranslator } from '../../shared/adapters/aws-translator.ts';
import { PIPELINE_CLIENT_OPTIONS } from '../../shared/adapters/client-options.ts';
import { EldDetector } from '../../shared/adapters/eld-detector.ts';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge-publisher.ts';
import { ExtractiveSummarizer } from '../../shared/adapters/extractive-summarizer.ts';
import { S3ObjectStore } from '../../shared/adapters/s3-store.ts';
import type { Config } from '../../shared/config.ts';
import type { PipelineDeps } from '../../shared/pipeline/deps.ts';
import type { LogFields, Logger, MetricName, Metrics } from '../../shared/ports.ts';
import { localPairs } from './apertium-pairs.ts';
import { localS3Client } from './endpoints.ts';
import type { FunctionHandlers } from './lambda-handlers.ts';
import { parkLambdaThread, takeLambdaThread } from './lambda-thread.ts';

const LOCAL_REGION = 'us-east-1';
/**
 * The engine as outputs name it: Apertium behind the local endpoint, and the targets it reaches
 * through Spanish ("fr, it, pt via es"), since a translation through two rule-based pairs reads so.
 */
function localTranslatorName(): string {
  const pivots = [
    ...new Set(localPairs().flatMap((p) => (p.installed && p.via && p.source === 'en' ? [p.target] : []))),
  ];
  return `apertium (local Amazon Translate endpoint${pivots.length > 0 ? `; ${pivots.sort().join(', ')} via es` : ''})`;
}

/** Where the Lambdas' SDK clients point: the local S3, Translate and EventBridge stand-ins. */
export interface LocalEndpoints {
  s3: string;
  translate: string;
  events: string;
}

/** An AWS SDK client pointed at a local stand-in (any credentials: nothing checks them). */
function localClientConfig(endpoint: string) {
  return {
    ...PIPELINE_CLIENT_OPTIONS,
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'LOCAL', secretAccessKey: 'LOCAL' },
  };
}

/** What the Lambdas get locally: their own adapters, with clients pointed at the stand-ins. */
export function localPipelineDeps(
  config: Config,
  endpoints: LocalEndpoints,
  logger: Logger,
  metrics: Metrics,
): { deps: PipelineDeps; s3: S3Client; destroy(): void } {
  const s3Client = localS3Client(endpoints.s3);
  const translateClient = new TranslateClient(localClientConfig(endpoints.translate));
  const eventsClient = new EventBridgeClient(localClientConfig(endpoints.events));
  return {
    s3: s3Client,
    deps: {
      config,
      store: new S3ObjectStore(s3Client),
      translator: new AwsTranslator(translateClient, localTranslatorName()),
      detector: new EldDetector(),
      summarizer: new ExtractiveSummarizer(),
      events: new EventBridgePublisher(eventsClient, config.EVENT_BUS_NAME),
      logger,
      metrics,
      now: () => new Date(),
    },
    destroy() {
      s3Client.destroy();
      translateClient.destroy();
      eventsClient.destroy();
    },
  };
}

/** What the Lambda worker and the main thread say to each other (lambda-worker.ts). */
export type Invocation = { id: number; step: keyof FunctionHandlers; input: unknown };
/** An invocation, or the end of this cloud's session: the thread closes its clients, says `stopped`. */
export type ToWorker = Invocation | { stop: true };
export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'stopped' }
  | { kind: 'result'; id: number; output: unknown }
  | { kind: 'error'; id: number; name: string; message: string }
  | { kind: 'log'; level: 'info' | 'error'; event: string; fields?: LogFields }
  | { kind: 'count'; name: MetricName; value: number }
  | { kind: 'duration'; step: string; ms: number };

/** A session's first message: its configuration. */
export type WorkerData = z.infer<typeof WorkerData>;
export const WorkerData = z.object({
  env: z.record(z.string(), z.string().optional()),
  endpoints: z.object({ s3: z.string(), translate: z.string(), events: z.string() }),
});
/** What a waiting thread accepts: the next cloud's configuration, or the request to exit. */
export const WorkerControl = z.union([WorkerData, z.object({ exit: z.literal(true) })]);

export interface LambdaWorkerOptions {
  env: Record<string, string | undefined>;
  endpoints: LocalEndpoints;
  logger: Logger;
  metrics: Metrics;
}

type Call = { resolve(value: unknown): void; reject(error: Error): void };

/**
 * The Lambdas in a worker thread of their own, as on AWS they run apart from S3 and Translate:
 * their SDK work (signing, checksums, parsing) then runs beside the local S3 and Translate
 * endpoints instead of taking turns with them on one thread. (A second Lambda thread costs more
 * than it gains on two cores: each loads and warms up the same modules again.) Logs and metrics
 * come back to the main thread's logger and metrics; errors keep their name, which the Retry
 * policy matches. Uses the thread prestartLambdaThread started, if any. Returns at once; `ready`
 * resolves once the handlers are built, and calls made before then wait for it.
 */
export function startLambdaWorker(options: LambdaWorkerOptions): {
  handlers: FunctionHandlers;
  ready: Promise<void>;
  stop(): Promise<void>;
  /** Which thread serves this cloud (a stopped cloud's thread serves the next). */
  threadId: number;
} {
  const thread = takeLambdaThread();
  const { worker } = thread;
  const pending = new Map<number, Call>();
  let failure: Error | undefined;
  const settle = (id: number) => {
    const call = pending.get(id);
    pending.delete(id);
    return call;
  };
  const ready = Promise.withResolvers<void>();
  const stopped = Promise.withResolvers<boolean>();
  const onMessage = (message: FromWorker) => {
    switch (message.kind) {
      case 'ready':
        ready.resolve();
        return;
      case 'stopped':
        stopped.resolve(true);
        return;
      case 'result':
        settle(message.id)?.resolve(message.output);
        return;
      case 'error':
        settle(message.id)?.reject(Object.assign(new Error(message.message), { name: message.name }));
        return;
      case 'log':
        options.logger[message.level](message.event, message.fields);
        return;
      case 'count':
        options.metrics.count(message.name, message.value);
        return;
      case 'duration':
        options.metrics.stepDuration(message.step, message.ms);
    }
  };
  // A crashed or exited worker fails what it was running, and every later call, at once.
  const fail = (error: Error) => {
    failure ??= error;
    ready.reject(error);
    stopped.resolve(false);
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };
  const onExit = (code: number) => fail(new Error(`The Lambda worker thread exited (code ${code}).`));
  worker.on('message', onMessage);
  worker.on('error', fail);
  worker.on('exit', onExit);
  if (thread.ended) fail(thread.ended);
  else worker.postMessage({ env: options.env, endpoints: options.endpoints } satisfies WorkerData);
  // Whoever does not wait for `ready` learns of a failure from the calls that wait for it.
  ready.promise.catch(() => {});
  const call =
    (step: keyof FunctionHandlers) =>
    async (input: unknown): Promise<unknown> => {
      await ready.promise;
      if (failure) throw failure;
      const id = thread.nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, step, input } satisfies ToWorker);
      });
    };
  return {
    threadId: worker.threadId,
    ready: ready.promise,
    handlers: {
      split: call('split'),
      summarize: call('summarize'),
      translate: call('translate'),
      assemble: call('assemble'),
      fail: call('fail'),
      correct: call('correct'),
    },
    async stop() {
      // Never while the thread still loads: terminating it inside its top-level await of the
      // Lambdas' modules can crash the whole process. A thread that failed to load has exited.
      await ready.promise.catch(() => {});
      if (failure) return;
      failure = new Error('The local cloud stopped: its Lambda thread serves another.');
      worker.postMessage({ stop: true } satisfies ToWorker);
      // It closes its clients and answers; the next cloud of this process takes it (lambda-thread.ts).
      // terminate() only if it has not answered in 2 s.
      const timer = setTimeout(() => stopped.resolve(false), 2_000);
      const parked = await stopped.promise;
      clearTimeout(timer);
      fail(failure);
      worker.off('message', onMessage);
      worker.off('error', fail);
      worker.off('exit', onExit);
      if (parked) parkLambdaThread(thread);
      else await worker.terminate();
    },
  };
}
