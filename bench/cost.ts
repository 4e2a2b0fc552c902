/**
 * Cost per 1,000 articles at list prices, from what the local run measures: Translate characters
 * and requests from each article.json, Lambda invocations and durations from the executions,
 * state transitions from the workflow, S3 requests counted at the object store. Compared with a
 * naive design: one Lambda call per paragraph per language, no cache. Also what an editor's
 * correction of two paragraphs costs, and a re-run after it (one English paragraph changed).
 *
 *   npm run bench:cost -- [--articles 50]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { CORRECT_SIZING, SIZING } from '../infra/aws/stack.ts';
import { startLocalCloud } from '../infra/local/cloud.ts';
import type { ExecutionResult } from '../infra/local/state-machine.ts';
import type { ObjectStore } from '../shared/ports.ts';
import { ArticleDocument } from '../shared/schemas/document.ts';
import { hasData, machineInfo, readJsonl, writeResult } from './datasets.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '50' } } });
/** us-east-1 list prices, November 2026. */
const PRICE = {
  translatePerChar: 15 / 1e6,
  lambdaPerGbSecondArm: 0.0000133334,
  lambdaPerRequest: 0.2 / 1e6,
  stepFunctionsPerTransition: 0.025 / 1000,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
};

const texts = hasData('summarization/bbc-300.jsonl')
  ? readJsonl('summarization/bbc-300.jsonl')
      .slice(0, Number(values.articles))
      .map((e) => e.article)
  : [readFileSync(new URL('../examples/harbour-tram.txt', import.meta.url), 'utf8')];
if (!hasData('summarization/bbc-300.jsonl'))
  console.log('../shared/data is absent: costing examples/harbour-tram.txt only');

// The Lambdas on this thread, so the counting store below sees every S3 call the steps make.
const cloud = await startLocalCloud({ lambdas: 'in-process' });
const counts = { get: 0, put: 0, head: 0 };
/** Each phase counts its own S3 calls. */
const resetCounts = () => Object.assign(counts, { get: 0, put: 0, head: 0 });
const store: ObjectStore = cloud.deps.store;
// Count every S3 call the steps make (the handlers read deps.store on each call).
const counted =
  <A extends unknown[], R>(kind: 'get' | 'put' | 'head', fn: (...args: A) => R) =>
  (...args: A): R => {
    counts[kind]++;
    return fn(...args);
  };
cloud.deps.store = {
  get: counted('get', store.get.bind(store)),
  getText: counted('get', store.getText.bind(store)),
  put: counted('put', store.put.bind(store)),
  putIfAbsent: counted('put', store.putIfAbsent.bind(store)),
  getTextWithEtag: counted('get', store.getTextWithEtag.bind(store)),
  putIfMatch: counted('put', store.putIfMatch.bind(store)),
  exists: counted('head', store.exists.bind(store)),
};
const results: ExecutionResult[] = [];
cloud.onExecution((_, r) => results.push(r));
const s3 = cloud.s3.client();
async function runAll(prefix: string, bodies: readonly string[] = texts) {
  results.length = 0;
  for (const [i, text] of bodies.entries()) {
    await s3.send(
      new PutObjectCommand({
        Bucket: cloud.inputBucket,
        Key: `incoming/${prefix}-${i}.txt`,
        Body: text,
        Metadata: { 'source-language': 'en' },
      }),
    );
  }
  await cloud.idle();
  const docs = await Promise.all(
    texts.map(async (_, i) =>
      ArticleDocument.parse(
        JSON.parse((await store.getText(cloud.outputBucket, `${prefix}-${i}/article.json`)) ?? '{}'),
      ),
    ),
  );
  return { docs, executions: [...results] };
}

interface Billable {
  translateCharacters: number;
  lambdaGbSeconds: number;
  lambdaInvocations: number;
  stateTransitions: number;
  s3Puts: number;
  s3Gets: number;
}

function dollarsPer1000(a: Billable): number {
  return (
    1000 *
    (a.translateCharacters * PRICE.translatePerChar +
      a.lambdaGbSeconds * PRICE.lambdaPerGbSecondArm +
      a.lambdaInvocations * PRICE.lambdaPerRequest +
      a.stateTransitions * PRICE.stepFunctionsPerTransition +
      a.s3Puts * PRICE.s3Put +
      a.s3Gets * PRICE.s3Get)
  );
}

function figures(run: Awaited<ReturnType<typeof runAll>>, s3: { get: number; put: number }) {
  const n = run.docs.length;
  const sum = (f: (d: ArticleDocument) => number) => run.docs.reduce((acc, d) => acc + f(d), 0) / n;
  const calls = run.executions.flatMap((e) => e.calls);
  const gbSeconds =
    calls.reduce((acc, c) => acc + (SIZING[c.step].memorySize / 1024) * ((c.ms ?? 0) / 1000), 0) / n;
  // Standard workflow transitions: each task, the choice, the Map and each iteration, the end state.
  const transitions = run.executions.reduce((acc, e) => acc + e.calls.length + 3, 0) / n;
  const perArticle = {
    paragraphs: sum((d) => d.paragraphs.length),
    translateCharacters: sum((d) => d.stats.charactersSentToTranslate),
    cachedCharacters: sum((d) => d.stats.charactersFromCache),
    translateRequests: sum((d) => d.stats.translateRequests),
    lambdaInvocations: calls.length / n,
    lambdaGbSeconds: gbSeconds,
    stateTransitions: transitions,
    s3Gets: s3.get / n,
    s3Puts: s3.put / n,
  };
  const dollars = dollarsPer1000(perArticle);
  return { perArticle, dollarsPer1000: Math.round(dollars * 100) / 100, docs: run.docs };
}

const first = await runAll('first');
const firstCounts = { ...counts };
resetCounts();
const again = await runAll('first'); // the same keys and bytes again: a re-upload
const ours = figures(first, firstCounts);
const reupload = figures(again, counts);

// An editor corrects two paragraphs of each article's es.md (paragraf correct): the correct
// function's cost, then a re-upload with one English paragraph changed, which takes the corrected
// paragraphs from the translation memory and sends the changed one to the engine.
resetCounts();
const correctionMs: number[] = [];
let correctedParagraphs = 0;
for (const [i] of texts.entries()) {
  const key = `corrections/first-${i}/es.md`;
  const md = (await store.getText(cloud.outputBucket, `first-${i}/es.md`)) ?? '';
  const [body = '', foot] = md.split('\n---\n');
  const [title, summary, ...blocks] = body.trimEnd().split('\n\n');
  // The first two plain paragraphs, each with a word the editor added.
  let edited = 0;
  for (const [n, block] of blocks.entries()) {
    if (edited === 2 || /^[#>`-]/.test(block)) continue;
    blocks[n] = block.replace(/([.!?»"]*)$/, ' (revisado)$1');
    edited++;
  }
  correctedParagraphs += edited;
  const applied = new Promise((done) => cloud.onCorrection((k) => k === key && done(undefined)));
  const started = performance.now();
  await s3.send(
    new PutObjectCommand({
      Bucket: cloud.inputBucket,
      Key: key,
      Body: `${[title, summary, ...blocks].join('\n\n')}\n\n---\n${foot}`,
    }),
  );
  await applied;
  correctionMs.push(performance.now() - started);
}
const n = texts.length;
const correction = {
  paragraphs: correctedParagraphs / n,
  translateCharacters: 0,
  translateRequests: 0,
  lambdaInvocations: 1,
  // Wall time from the upload to the outcome: an upper bound of the function's duration.
  lambdaGbSeconds: (CORRECT_SIZING.memorySize / 1024) * (correctionMs.reduce((a, b) => a + b, 0) / n / 1000),
  stateTransitions: 0,
  s3Gets: counts.get / n,
  s3Puts: counts.put / n,
};
resetCounts();
const changedTexts = texts.map((text) => `${text.trimEnd()} Officials confirmed the figures on Friday.\n`);
const correctedRun = figures(await runAll('first', changedTexts), counts);
const fromMemory = correctedRun.docs.reduce(
  (acc, d) => acc + d.paragraphs.filter((p) => p.translations.es?.origin === 'editor').length,
  0,
);

// Naive: every paragraph (and its summary) translated on every upload, one Lambda per paragraph per
// language at ~300 ms x 512 MB each, two transitions per call, one GET and one PUT per call.
const p = ours.perArticle.paragraphs;
const naivePerArticle = {
  translateCharacters: ours.perArticle.translateCharacters + ours.perArticle.cachedCharacters,
  lambdaInvocations: p + 2,
  lambdaGbSeconds: (p + 2) * 0.5 * 0.3,
  stateTransitions: 2 * (p + 2) + 2,
  s3Gets: p + 2,
  s3Puts: p + 2,
};
const naiveDollars = dollarsPer1000(naivePerArticle);

console.log(`${texts.length} articles, one target language; $ per 1,000 articles at us-east-1 list prices`);
console.log(
  `corrected re-run: ${round({ v: fromMemory / n }).v} paragraphs per article from the translation memory (origin editor), 0 characters sent for them`,
);
console.table({
  'paragraf, first upload': { ...round(ours.perArticle), $per1000: ours.dollarsPer1000 },
  'paragraf, unchanged re-upload': { ...round(reupload.perArticle), $per1000: reupload.dollarsPer1000 },
  'correction of 2 paragraphs': {
    ...round(correction),
    $per1000: round({ d: dollarsPer1000(correction) }).d,
  },
  'corrected re-run, 1 paragraph changed': {
    ...round(correctedRun.perArticle),
    $per1000: correctedRun.dollarsPer1000,
  },
  'naive, every upload': { ...round(naivePerArticle), $per1000: Math.round(naiveDollars * 100) / 100 },
});
writeResult('cost', {
  benchmark: 'cost',
  command: `npm run bench:cost -- --articles ${values.articles}`,
  machine: machineInfo(),
  prices: PRICE,
  articles: texts.length,
  ours: { perArticle: ours.perArticle, dollarsPer1000: ours.dollarsPer1000 },
  reupload: { perArticle: reupload.perArticle, dollarsPer1000: reupload.dollarsPer1000 },
  correction: { perArticle: correction, dollarsPer1000: dollarsPer1000(correction) },
  correctedRerun: {
    perArticle: correctedRun.perArticle,
    dollarsPer1000: correctedRun.dollarsPer1000,
    paragraphsFromMemory: fromMemory / n,
  },
  naive: { perArticle: naivePerArticle, dollarsPer1000: naiveDollars },
});
s3.destroy();
await cloud.stop();

function round(o: Record<string, number>) {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v * 100) / 100]));
}
