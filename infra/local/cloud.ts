import { fileURLToPath } from 'node:url';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { TranslateClient } from '@aws-sdk/client-translate';
import { makeHandler as makeAssemble } from '../../lambdas/assemble/handler.ts';
import { makeHandler as makeFail } from '../../lambdas/fail/handler.ts';
import { makeHandler as makeSplit } from '../../lambdas/split/handler.ts';
import { makeHandler as makeSummarize } from '../../lambdas/summarize/handler.ts';
import { makeHandler as makeTranslate } from '../../lambdas/translate/handler.ts';
import { AwsTranslator } from '../../shared/adapters/aws-translator.ts';
import { PIPELINE_CLIENT_OPTIONS } from '../../shared/adapters/client-options.ts';
import { EldDetector } from '../../shared/adapters/eld-detector.ts';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge-publisher.ts';
import { ExtractiveSummarizer } from '../../shared/adapters/extractive-summarizer.ts';
import { silentLogger } from '../../shared/adapters/json-logger.ts';
import { InMemoryMetrics } from '../../shared/adapters/metrics.ts';
import { S3ObjectStore } from '../../shared/adapters/s3-store.ts';
import { type Config, type ConfigInput, loadConfig } from '../../shared/config.ts';
import type { PipelineDeps } from '../../shared/pipeline/deps.ts';
import type { Logger } from '../../shared/ports.ts';
import { decodeEventKey, type EventKeyForm, toObjectCreatedEvent } from '../../shared/schemas/events.ts';
import { assertApertiumInstalled } from './apertium.ts';
import { type EventsEndpoint, startEventsEndpoint } from './events-endpoint.ts';
import { type FaultSpec, parseFaults } from './faults.ts';
import { type LocalS3, startLocalS3 } from './s3-server.ts';
import { type ExecutionResult, LocalStateMachine } from './state-machine.ts';
import { startTranslateEndpoint, type TranslateEndpoint } from './translate-endpoint.ts';

export const LOCAL_INPUT_BUCKET = 'paragraf-input';
export const LOCAL_OUTPUT_BUCKET = 'paragraf-output';
export const LOCAL_REGION = 'us-east-1';
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
  deps: PipelineDeps;
  machine: LocalStateMachine;
  /** Resolves when every execution started so far has ended. */
  idle(): Promise<void>;
  /** Calls `listener` when an execution ends. */
  onExecution(listener: (sourceKey: string, result: ExecutionResult) => void): void;
  stop(): Promise<void>;
}

/** The folder of `<Name>.csv|tsv|tmx` terminologies the local Translate endpoint serves. */
export function localTerminologyDir(): string {
  return process.env.PARAGRAF_TERMINOLOGY_DIR ?? DEFAULT_TERMINOLOGY_DIR;
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

/**
 * The local stand-in for the cloud: s3rver for both buckets, a Translate-compatible endpoint on
 * Apertium, and the state machine interpreter wired to ObjectCreated events under the input
 * prefix, as the EventBridge rule is in AWS. The handlers are the Lambdas' own, given clients
 * that point at the local endpoints.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  assertApertiumInstalled();
  const config = loadConfig({
    OUTPUT_BUCKET: LOCAL_OUTPUT_BUCKET,
    INPUT_PREFIX: 'incoming/',
    WORK_PREFIX: '_work/',
    CACHE_PREFIX: '_cache/',
    DEFAULT_TARGET_LANGUAGES: 'es',
    EVENT_BUS_NAME: 'default',
    ...options.env,
  });
  const faultText = process.env.PARAGRAF_TRANSLATE_FAULTS;
  const faults = options.faults ?? (faultText ? parseFaults(faultText) : undefined);
  const s3 = await startLocalS3({
    buckets: [LOCAL_INPUT_BUCKET, config.OUTPUT_BUCKET],
    ...(options.s3Port === undefined ? {} : { port: options.s3Port }),
    ...(options.directory === undefined ? {} : { directory: options.directory }),
  });
  const translate = await startTranslateEndpoint({
    ...(options.translatePort === undefined ? {} : { port: options.translatePort }),
    processesPerPair: options.apertiumProcesses ?? 2,
    ...(faults ? { faults } : {}),
    terminologyDir: options.terminologyDir ?? localTerminologyDir(),
    ...(options.terminologyStore === undefined ? {} : { terminologyStore: options.terminologyStore }),
  });
  const translateClient = new TranslateClient(localClientConfig(translate.url));
  const events = await startEventsEndpoint({
    ...(options.eventsPort === undefined ? {} : { port: options.eventsPort }),
    ...(options.eventsFile === undefined ? {} : { file: options.eventsFile }),
  });
  const eventsClient = new EventBridgeClient(localClientConfig(events.url));
  const metrics = new InMemoryMetrics();
  const deps: PipelineDeps = {
    config,
    store: new S3ObjectStore(s3.client()),
    translator: new AwsTranslator(translateClient, 'apertium (local Amazon Translate endpoint)'),
    detector: new EldDetector(),
    summarizer: new ExtractiveSummarizer(),
    events: new EventBridgePublisher(eventsClient, config.EVENT_BUS_NAME),
    logger: options.logger ?? silentLogger,
    metrics,
    now: () => new Date(),
  };
  const machine = new LocalStateMachine(
    {
      split: makeSplit(deps),
      summarize: makeSummarize(deps),
      translate: makeTranslate(deps),
      assemble: makeAssemble(deps),
      fail: makeFail(deps),
    },
    { maxConcurrency: options.maxConcurrency ?? 4, retryTimeScale: options.retryTimeScale ?? 0.05 },
  );

  const running = new Set<Promise<unknown>>();
  const listeners: Array<(key: string, result: ExecutionResult) => void> = [];
  s3.onObjectCreated((record) => {
    // The EventBridge rule's filter: the input bucket, keys under the input prefix.
    if (record.s3.bucket.name !== LOCAL_INPUT_BUCKET) return;
    const key = decodeEventKey(record.s3.object.key) ?? record.s3.object.key;
    if (!key.startsWith(config.INPUT_PREFIX)) return;
    const event = toObjectCreatedEvent(record, options.eventKeys ?? 'raw');
    const execution = machine.execute(event).then((result) => {
      for (const listener of listeners) listener(key, result);
      return result;
    });
    running.add(execution);
    execution.finally(() => running.delete(execution)).catch(() => {});
  });

  return {
    s3,
    translate,
    events,
    config,
    metrics,
    inputBucket: LOCAL_INPUT_BUCKET,
    outputBucket: config.OUTPUT_BUCKET,
    inputPrefix: config.INPUT_PREFIX,
    deps,
    machine,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    onExecution: (listener) => listeners.push(listener),
    async stop() {
      await Promise.allSettled([...running]);
      translateClient.destroy();
      eventsClient.destroy();
      await translate.stop();
      await events.stop();
      await s3.stop();
    },
  };
}
