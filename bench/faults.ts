import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { type LocalCloud, startLocalCloud } from '../infra/local/cloud.ts';
import type { ExecutionResult } from '../infra/local/state-machine.ts';
import { articleIdFor, outputKeys } from '../shared/keys.ts';
import { StatusDocument } from '../shared/schemas/document.ts';
import { hasData, machineInfo, readJsonl, writeResult } from './datasets.ts';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '60' },
    throttle: { type: 'string', default: '0.3' },
    error: { type: 'string', default: '0.05' },
    latency: { type: 'string', default: '5' },
    seed: { type: 'string', default: '42' },
  },
});
const count = Number(values.articles);

function corpus(): { source: string; texts: string[] } {
  if (hasData('summarization/bbc-300.jsonl')) {
    return {
      source: 'bbc-300',
      texts: readJsonl('summarization/bbc-300.jsonl')
        .slice(0, count)
        .map((e) => e.article),
    };
  }
  console.log('../shared/data is absent: using generated variants of examples/harbour-tram.txt');
  return { source: 'generated', texts: [] };
}

async function generated(): Promise<string[]> {
  const { readFileSync } = await import('node:fs');
  const base = readFileSync(new URL('../examples/harbour-tram.txt', import.meta.url), 'utf8');
  return Array.from({ length: count }, (_, i) => base.replace(/\d+/g, (n) => String(Number(n) + i)));
}

interface RunFigures {
  seconds: number;
  engineCharacters: number;
  engineRequests: number;
  throttled: number;
  injectedErrors: number;
  outcomes: Record<string, number>;
  stuck: number;
  outputsWrittenTwice: number;
  executions: Record<string, number>;
}

async function runAll(texts: string[], faults: boolean): Promise<RunFigures> {
  const cloud: LocalCloud = await startLocalCloud({
    ...(faults
      ? {
          faults: {
            throttle: Number(values.throttle),
            error: Number(values.error),
            latency: Number(values.latency),
            seed: Number(values.seed),
          },
        }
      : {}),
    retryTimeScale: 0.05,
  });
  const writes = new Map<string, number>();
  cloud.s3.onObjectCreated((record) => {
    if (record.s3.bucket.name === cloud.outputBucket)
      writes.set(record.s3.object.key, (writes.get(record.s3.object.key) ?? 0) + 1);
  });
  const executions: Record<string, number> = {};
  const firstResults = new Map<string, ExecutionResult>();
  cloud.onExecution((key, result) => {
    executions[result.end] = (executions[result.end] ?? 0) + 1;
    if (!firstResults.has(key)) firstResults.set(key, result);
  });
  const s3 = cloud.s3.client();
  const started = Date.now();
  const limit = pLimit(8);
  const keys = texts.map((_, i) => `incoming/soak-${String(i).padStart(4, '0')}.txt`);
  await Promise.all(
    texts.map((text, i) =>
      limit(() => s3.send(new PutObjectCommand({ Bucket: cloud.inputBucket, Key: keys[i], Body: text }))),
    ),
  );
  await cloud.idle();
  if (faults) {
    // At-least-once delivery: every event again, twice, at the same time.
    const replays = await Promise.all(
      [...firstResults.values()].flatMap((result) => {
        const first = result.calls[0]?.input;
        const event = first && typeof first === 'object' && 'event' in first ? first.event : undefined;
        return event ? [cloud.machine.execute(event), cloud.machine.execute(event)] : [];
      }),
    );
    for (const replay of replays)
      executions[`replayed:${replay.end}`] = (executions[`replayed:${replay.end}`] ?? 0) + 1;
  }
  await cloud.idle();
  const seconds = (Date.now() - started) / 1000;
  const outcomes: Record<string, number> = {};
  let stuck = 0;
  for (const key of keys) {
    const articleId = articleIdFor(key, cloud.inputPrefix);
    const text = await cloud.deps.store.getText(cloud.outputBucket, outputKeys.status(articleId));
    const state = text ? StatusDocument.parse(JSON.parse(text)).state : 'missing';
    outcomes[state] = (outcomes[state] ?? 0) + 1;
    if (state !== 'succeeded' && state !== 'failed') stuck++;
  }
  const outputsWrittenTwice = [...writes].filter(
    ([key, n]) => /\/(article\.json|[a-z]{2}\.md)$/.test(key) && !key.startsWith('_') && n > 1,
  ).length;
  const figures = {
    seconds,
    engineCharacters: cloud.translate.counters.characters,
    engineRequests: cloud.translate.counters.requests,
    throttled: cloud.translate.counters.throttled,
    injectedErrors: cloud.translate.counters.injectedErrors,
    outcomes,
    stuck,
    outputsWrittenTwice,
    executions,
  };
  s3.destroy();
  await cloud.stop();
  return figures;
}

const { source, texts: fromData } = corpus();
const texts = fromData.length > 0 ? fromData : await generated();
console.log(
  `soak: ${texts.length} articles (${source}); faults throttle=${values.throttle} error=${values.error} latency=${values.latency}ms seed=${values.seed}`,
);
const clean = await runAll(texts, false);
const faulty = await runAll(texts, true);
const result = {
  benchmark: 'faults',
  command: `npm run bench:faults -- --articles ${count} --throttle ${values.throttle} --error ${values.error} --latency ${values.latency} --seed ${values.seed}`,
  machine: machineInfo(),
  articles: texts.length,
  source,
  clean,
  faulty,
  checks: {
    everyArticleEnded: faulty.stuck === 0,
    noOutputWrittenTwice: faulty.outputsWrittenTwice === 0,
    sameCharactersAsCleanRun: faulty.engineCharacters === clean.engineCharacters,
  },
};
writeResult('faults', result);
console.table({
  clean: {
    seconds: clean.seconds,
    engineCharacters: clean.engineCharacters,
    throttled: clean.throttled,
    ...clean.outcomes,
  },
  faulty: {
    seconds: faulty.seconds,
    engineCharacters: faulty.engineCharacters,
    throttled: faulty.throttled,
    ...faulty.outcomes,
  },
});
console.log('executions with faults:', faulty.executions);
console.log('checks:', result.checks);
if (Object.values(result.checks).some((ok) => !ok)) process.exitCode = 1;
