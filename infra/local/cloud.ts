import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { silentLogger } from '../../shared/adapters/json-logger.ts';
import { InMemoryMetrics } from '../../shared/adapters/metrics.ts';
import { type Config, type ConfigInput, loadConfig } from '../../shared/config.ts';
import { CORRECTIONS_PREFIX, MEMORY_PREFIX, WORK_PREFIX } from '../../shared/keys.ts';
import { memoryKey } from '../../shared/memory/memory.ts';
import type { PipelineDeps } from '../../shared/pipeline/deps.ts';
import { parseJsonOrUndefined } from '../../shared/pipeline/deps.ts';
import type { Logger } from '../../shared/ports.ts';
import { CorrectionRecord } from '../../shared/schemas/document.ts';
import {
  decodeEventKey,
  type EventKeyForm,
  type ObjectCreatedEvent,
  type S3NotificationRecord,
  toObjectCreatedEvent,
} from '../../shared/schemas/events.ts';
import { MemoryFile } from '../../shared/schemas/memory.ts';
import { assertApertiumInstalled } from './apertium.ts';
import { DEFAULT_MODE, keepNamesFromEnv, PROCESSES_PER_PAIR } from './apertium-spawn.ts';
import { LOCAL_INPUT_BUCKET, LOCAL_OUTPUT_BUCKET } from './endpoints.ts';
import { type EventsEndpoint, startEventsEndpoint } from './events-endpoint.ts';
import { type FaultSpec, parseFaults } from './faults.ts';
import { localPipelineDeps, startLambdaWorker } from './lambdas.ts';
import { type Recovered, recoverUploads } from './recover.ts';
import { type LocalS3, startLocalS3 } from './s3-server.ts';
import { type ExecutionResult, LocalStateMachine } from './state-machine.ts';
import { startTranslateEndpoint, type TranslateEndpoint } from './translate-endpoint.ts';

export { LOCAL_INPUT_BUCKET, LOCAL_OUTPUT_BUCKET };
export const DEFAULT_TERMINOLOGY_DIR = fileURLToPath(new URL('../../examples/terminology/', import.meta.url));

export interface LocalCloudOptions {
  /** Overrides of the pipeline configuration (the same variables the Lambdas read). */
  env?: Partial<Record<keyof ConfigInput, string>>;
  s3Port?: number;
  translatePort?: number;
  /** Keep the buckets in this folder across restarts (serve); a temp folder otherwise. */
  directory?: string;
  logger?: Logger;
  maxConcurrency?: number;
  /**
   * Executions running at once (default 48); later ones wait their turn, in order. Started all at
   * once, 300 uploads had every article's first step run before any article reached the engine,
   * which sat idle for the first seconds; a bounded set flows through and keeps it busy.
   */
  maxExecutions?: number;
  /**
   * Resolve as soon as S3 listens, before the Lambdas' thread has loaded (`paragraf run`: it
   * uploads meanwhile; executions wait for the thread). Default: resolve once it is ready.
   */
  lambdasLater?: boolean;
  retryTimeScale?: number;
  apertiumProcesses?: number;
  /** Faults for the Translate endpoint; defaults to PARAGRAF_TRANSLATE_FAULTS when set. */
  faults?: FaultSpec;
  /** Folder of `<Name>.csv|tsv|tmx` terminologies the local endpoint serves (default examples/terminology). */
  terminologyDir?: string;
  /** Where terminologies imported through the API are kept (serve: .paragraf/terminologies); in memory otherwise. */
  terminologyStore?: string;
  /** How events name the key: raw, as EventBridge does (default), or URL-encoded, as S3 notifications do. */
  eventKeys?: EventKeyForm;
  /** Append completion events to this JSON-lines file (serve: .paragraf/events.jsonl). */
  eventsFile?: string;
  eventsPort?: number;
  /**
   * Where the Lambdas' handlers run: a worker thread of their own (default), as on AWS they run
   * apart from S3 and Translate, or this thread.
   */
  lambdas?: 'worker' | 'in-process';
  /**
   * At start, run the uploads in the buckets that have no outcome for their ETag and the runs left
   * "running" (recover.ts). Default: when the buckets are kept (`directory`).
   */
  recover?: boolean;
}

export interface LocalCloud {
  s3: LocalS3;
  translate: TranslateEndpoint;
  /** The EventBridge stand-in: completion events the pipeline put, in order. */
  events: EventsEndpoint;
  config: Config;
  /** What the pipeline counted (the same metrics it sends to CloudWatch on AWS). */
  metrics: InMemoryMetrics;
  inputBucket: string;
  outputBucket: string;
  inputPrefix: string;
  /**
   * The Lambdas' dependencies as the main thread builds them (same config, same endpoints), for
   * tooling and tests that read what the pipeline wrote. With the Lambdas in their worker thread
   * (the default), replacing one of these does not change what the Lambdas use.
   */
  deps: PipelineDeps;
  machine: LocalStateMachine;
  /** What the start found without an outcome and ran again (see LocalCloudOptions.recover). */
  recovered: Recovered[];
  /** Resolves when every execution started so far has ended. */
  idle(): Promise<void>;
  /** Calls `listener` when an execution ends. */
  onExecution(listener: (sourceKey: string, result: ExecutionResult) => void): void;
  /** Calls `listener` when a correction has been applied or refused (or failed after its retries). */
  onCorrection(listener: (key: string, record: CorrectionRecord | undefined) => void): void;
  stop(): Promise<void>;
}

/** The pipeline's configuration in the local cloud (the variables the Lambdas read on AWS). */
export const LOCAL_PIPELINE_ENV = {
  OUTPUT_BUCKET: LOCAL_OUTPUT_BUCKET,
  INPUT_PREFIX: 'incoming/',
  WORK_PREFIX,
  CACHE_PREFIX: '_cache/',
  MEMORY_PREFIX,
  CORRECTIONS_PREFIX,
  DEFAULT_TARGET_LANGUAGES: 'es',
  // A guard on Amazon Translate's bill; the local engine bills nothing.
  MAX_TARGET_LANGUAGES: '8',
  // An upload may name any terminology the local endpoint serves; an unknown one fails as on AWS.
  ALLOWED_TERMINOLOGY_NAMES: '*',
  EVENT_BUS_NAME: 'default',
} satisfies Partial<Record<keyof ConfigInput, string>>;

/** The folder of `<Name>.csv|tsv|tmx` terminologies the local Translate endpoint serves. */
export function localTerminologyDir(): string {
  return process.env.PARAGRAF_TERMINOLOGY_DIR ?? DEFAULT_TERMINOLOGY_DIR;
}

/** The local S3, the Translate endpoint on Apertium and the EventBridge stand-in. */
/**
 * A language pair's translation memory from the local S3, parsed again only when it changed:
 * every request through Spanish asks for it, and it grows with every correction.
 */
function memoryReader(s3: LocalS3, config: Config) {
  const parsed = new Map<string, { text: string; file: MemoryFile | undefined }>();
  return async (source: string, target: string): Promise<MemoryFile | undefined> => {
    const key = memoryKey(config.MEMORY_PREFIX, source, target);
    const text = (await s3.readText(config.OUTPUT_BUCKET, key)) ?? '';
    const known = parsed.get(key);
    if (known?.text === text) return known.file;
    const result = MemoryFile.safeParse(parseJsonOrUndefined(text));
    const file = result.success ? result.data : undefined;
    parsed.set(key, { text, file });
    return file;
  };
}

async function startEndpoints(options: LocalCloudOptions, config: Config) {
  const faultText = process.env.PARAGRAF_TRANSLATE_FAULTS;
  const faults = options.faults ?? (faultText ? parseFaults(faultText) : undefined);
  const s3 = await startLocalS3({
    buckets: [LOCAL_INPUT_BUCKET, config.OUTPUT_BUCKET],
    ...(options.s3Port === undefined ? {} : { port: options.s3Port }),
    ...(options.directory === undefined ? {} : { directory: options.directory }),
  });
  const translate = await startTranslateEndpoint({
    ...(options.translatePort === undefined ? {} : { port: options.translatePort }),
    processesPerPair: options.apertiumProcesses ?? PROCESSES_PER_PAIR,
    keepNames: keepNamesFromEnv(),
    warm: [DEFAULT_MODE],
    ...(faults ? { faults } : {}),
    terminologyDir: options.terminologyDir ?? localTerminologyDir(),
    ...(options.terminologyStore === undefined ? {} : { terminologyStore: options.terminologyStore }),
    // The pipeline's translation memory, read where the Lambdas write it (issue 35).
    memory: memoryReader(s3, config),
  });
  const events = await startEventsEndpoint({
    ...(options.eventsPort === undefined ? {} : { port: options.eventsPort }),
    ...(options.eventsFile === undefined ? {} : { file: options.eventsFile }),
  });
  return { s3, translate, events };
}

/**
 * The local stand-in for the cloud: s3rver for both buckets, a Translate-compatible endpoint on
 * Apertium, and the state machine interpreter wired to ObjectCreated events under the input
 * prefix, as the EventBridge rule is in AWS. The handlers are the Lambdas' own, given clients
 * that point at the local endpoints.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  assertApertiumInstalled();
  const env = { ...LOCAL_PIPELINE_ENV, ...options.env };
  const config = loadConfig(env);
  const { s3, translate, events } = await startEndpoints(options, config);
  const endpoints = { s3: s3.endpoint, translate: translate.url, events: events.url };
  const metrics = new InMemoryMetrics();
  const logger = options.logger ?? silentLogger;
  // The main thread's own clients, for tooling and tests that read what the pipeline wrote.
  const local = localPipelineDeps(config, endpoints, logger, metrics);
  const worker =
    options.lambdas === 'in-process' ? undefined : startLambdaWorker({ env, endpoints, logger, metrics });
  if (worker && !options.lambdasLater) await worker.ready;
  const handlers = worker?.handlers ?? (await import('./lambda-handlers.ts')).stepHandlers(local.deps);
  const retryTimeScale = options.retryTimeScale ?? 0.05;
  const machine = new LocalStateMachine(handlers, {
    maxConcurrency: options.maxConcurrency ?? 4,
    retryTimeScale,
  });

  const executions = pLimit(options.maxExecutions ?? 48);
  const running = new Set<Promise<unknown>>();
  /** Keeps `work` in `running` (what idle() and stop() wait for) until it settles. */
  const track = (work: Promise<unknown>, settled: () => void = () => {}) => {
    running.add(work);
    work
      .finally(() => {
        running.delete(work);
        settled();
      })
      .catch(() => {});
  };
  /** Input keys with an execution in this process (for recovery, which must not start a second). */
  const live = new Map<string, number>();
  const listeners: Array<(key: string, result: ExecutionResult) => void> = [];
  const correctionListeners: Array<(key: string, record: CorrectionRecord | undefined) => void> = [];
  /**
   * The corrections rule's target, invoked as Lambda invokes an EventBridge target: asynchronously,
   * and again twice (after 1 and 2 minutes, scaled) when it fails.
   */
  const correct = (event: ObjectCreatedEvent, key: string) => {
    const invocation = (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return CorrectionRecord.parse(await handlers.correct(event));
        } catch (err) {
          if (attempt >= 2) {
            logger.error('local.correction_failed', {
              key,
              error: err instanceof Error ? err.name : 'Error',
            });
            return undefined;
          }
          await sleep(60_000 * (attempt + 1) * retryTimeScale);
        }
      }
    })().then((record) => {
      for (const listener of correctionListeners) listener(key, record);
    });
    track(invocation);
  };
  const start = (record: S3NotificationRecord, executionId?: string) => {
    // The EventBridge rule's filter: the input bucket, keys under the input prefix.
    if (record.s3.bucket.name !== LOCAL_INPUT_BUCKET) return;
    const key = decodeEventKey(record.s3.object.key) ?? record.s3.object.key;
    const event = toObjectCreatedEvent(record, options.eventKeys ?? 'raw');
    // The corrections rule: keys under the corrections prefix go to the correct function.
    if (key.startsWith(config.CORRECTIONS_PREFIX)) {
      correct(event, key);
      return;
    }
    if (!key.startsWith(config.INPUT_PREFIX)) return;
    live.set(key, (live.get(key) ?? 0) + 1);
    const execution = executions(() => machine.execute(event, executionId)).then((result) => {
      for (const listener of listeners) listener(key, result);
      return result;
    });
    track(execution, () => {
      const left = (live.get(key) ?? 1) - 1;
      if (left > 0) live.set(key, left);
      else live.delete(key);
    });
  };
  // Uploads S3 accepted while the rest started up arrive here first, in order.
  s3.onObjectCreated((record) => start(record));
  const recovered =
    (options.recover ?? options.directory !== undefined)
      ? await recoverUploads({
          s3: local.s3,
          // Each kept upload's status.json read from the local store as it lies, not through an
          // S3 round trip: the kept folder grows with every run (300 articles took 0.8 s a start).
          store: { getText: (bucket, key) => s3.readText(bucket, key) },
          inputBucket: LOCAL_INPUT_BUCKET,
          outputBucket: config.OUTPUT_BUCKET,
          inputPrefix: config.INPUT_PREFIX,
          correctionsPrefix: config.CORRECTIONS_PREFIX,
          workPrefix: config.WORK_PREFIX,
          live: new Set(live.keys()),
          nextSequencer: s3.nextSequencer,
          start,
        })
      : [];
  for (const r of recovered) logger.info('local.recovered', { key: r.key, reason: r.reason });

  return {
    s3,
    translate,
    events,
    config,
    metrics,
    inputBucket: LOCAL_INPUT_BUCKET,
    outputBucket: config.OUTPUT_BUCKET,
    inputPrefix: config.INPUT_PREFIX,
    deps: local.deps,
    machine,
    recovered,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    onExecution: (listener) => listeners.push(listener),
    onCorrection: (listener) => correctionListeners.push(listener),
    async stop() {
      await Promise.allSettled([...running]);
      await worker?.stop();
      local.destroy();
      await translate.stop();
      await events.stop();
      await s3.stop();
    },
  };
}
