/**
 * Gist compression against the Google sentence-compression dev pairs (Filippova & Altun 2013):
 * token F1 and compression ratio (bench/metrics/compression.ts) for Paragraf's compressor and three
 * baselines; the grid that set the compressor's two numeric knobs, with a 5-fold cross-validated
 * figure for that choice; and an ablation of each rule.
 *
 *   npm run bench:gists
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readArticle } from '../shared/article/reader.ts';
import {
  type CompressionRules,
  compressSentence,
  DANGLING,
  DEFAULT_RULES,
} from '../shared/summarize/compress.ts';
import { summarizeBlocks } from '../shared/summarize/extractive.ts';
import { TIME_WORDS } from '../shared/summarize/lexicon.ts';
import { splitSentences } from '../shared/text/segmenter.ts';
import { coldStartMs, DATA_DIR, hasData, machineInfo, peers, readJsonl, writeResult } from './datasets.ts';
import { type CompressionScore, scoreCompressions } from './metrics/compression.ts';

const SET = 'compression/google-dev-500.jsonl';
const FOLDS = 5;
/** The bar: F1 ≥ 72 (stretch 75) at a compression ratio ≤ 0.5. */
const MAX_RATIO = 0.5;

interface Pair {
  id: string;
  sentence: string;
  compression: string;
}

function readPairs(): Pair[] {
  return readFileSync(`${DATA_DIR}${SET}`, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const value: unknown = JSON.parse(line);
      if (!value || typeof value !== 'object' || !('sentence' in value) || !('compression' in value)) {
        throw new Error(`${SET}: a line lacks sentence or compression`);
      }
      return {
        id: 'id' in value ? String(value.id) : '',
        sentence: String(value.sentence),
        compression: String(value.compression),
      };
    });
}

const score = (pairs: readonly Pair[], system: (sentence: string) => string): CompressionScore =>
  scoreCompressions(pairs.map((p) => ({ ...p, output: system(p.sentence) })));

/** The gist before issue 9: the sentence cut at 30 words, at a clause boundary when one is near, with "…". */
function truncateWords(sentence: string, maxWords: number): string {
  const words = sentence.trim().split(/\s+/);
  if (words.length <= maxWords) return sentence.trim();
  const head = words.slice(0, maxWords);
  let cut = head.length;
  for (let i = head.length - 1; i >= Math.floor(maxWords * 0.5); i--) {
    if (/[,;:]$|[—–]$/.test(head[i] ?? '')) {
      cut = i + 1;
      break;
    }
  }
  return `${head
    .slice(0, cut)
    .join(' ')
    .replace(/[,;:—–]+$/, '')}…`;
}

const firstWords = (n: number) => (sentence: string) => sentence.split(/\s+/).slice(0, n).join(' ');

/** The grid: the two numeric knobs of the rules. */
const GRID: CompressionRules[] = [1, 2, 3, 4].flatMap((minTokensAfterVerb) =>
  [8, 10, 12, 13, 14, 15, 16, 20, 99].map((targetWords) => ({
    ...DEFAULT_RULES,
    minTokensAfterVerb,
    targetWords,
  })),
);
const label = (r: CompressionRules) =>
  `minTokensAfterVerb=${r.minTokensAfterVerb} targetWords=${r.targetWords}`;

/** The best grid point on these pairs: highest F1 among those within the ratio bar. */
function choose(pairs: readonly Pair[]): CompressionRules {
  let best: { rules: CompressionRules; f1: number } | undefined;
  for (const rules of GRID) {
    const s = score(pairs, (x) => compressSentence(x, 'en', rules));
    if (s.ratio <= MAX_RATIO && (!best || s.f1 > best.f1)) best = { rules, f1: s.f1 };
  }
  return best?.rules ?? DEFAULT_RULES;
}

if (!hasData(SET)) {
  console.log(`Skipped: ${SET} is not in ${DATA_DIR} (research data, not in the repository).`);
  process.exit(0);
}
const pairs = readPairs();
const fmt = (s: CompressionScore) => `F1 ${s.f1.toFixed(2)}  ratio ${s.ratio.toFixed(3)}`;

const systems: Record<string, (s: string) => string> = {
  'paragraf (DEFAULT_RULES)': (s) => compressSentence(s, 'en'),
  'whole sentence': (s) => s,
  'previous gist (first 30 words)': (s) => truncateWords(s, 30),
  'first 10 words': firstWords(10),
  'first 15 words': firstWords(15),
};
const table: Record<string, CompressionScore> = {};
console.log(`Google sentence compression, dev (${pairs.length} pairs):`);
for (const [name, system] of Object.entries(systems)) {
  table[name] = score(pairs, system);
  console.log(`  ${name.padEnd(32)} ${fmt(table[name])}`);
}

// Cross-validation of the grid choice: tuned on 4 folds, scored on the fifth (fixed folds by index).
const folds = Array.from({ length: FOLDS }, (_, k) => pairs.filter((_, i) => i % FOLDS === k));
const heldOut: Array<Pair & { output: string }> = [];
const chosenPerFold: string[] = [];
folds.forEach((test, k) => {
  const train = folds.filter((_, j) => j !== k).flat();
  const rules = choose(train);
  chosenPerFold.push(label(rules));
  for (const p of test) heldOut.push({ ...p, output: compressSentence(p.sentence, 'en', rules) });
});
const crossValidated = scoreCompressions(heldOut);
const devChoice = choose(pairs);
console.log(`\n  grid choice on all 500 pairs: ${label(devChoice)} (DEFAULT_RULES: ${label(DEFAULT_RULES)})`);
console.log(
  `  ${FOLDS}-fold cross-validated (grid chosen on 4 folds, scored on the 5th): ${fmt(crossValidated)}`,
);
console.log(`  choices per fold: ${chosenPerFold.join('; ')}`);

const ablation: Record<string, CompressionScore> = {};
console.log('\nAblation (each rule off, the rest as DEFAULT_RULES):');
for (const rule of Object.keys(DEFAULT_RULES) as Array<keyof CompressionRules>) {
  if (typeof DEFAULT_RULES[rule] !== 'boolean') continue;
  ablation[rule] = score(pairs, (s) => compressSentence(s, 'en', { ...DEFAULT_RULES, [rule]: false }));
  console.log(`  without ${rule.padEnd(24)} ${fmt(ablation[rule])}`);
}

// The NLP libraries a compressor could stand on, by what they cost the summarize Lambda's cold start.
// Bare specifiers, resolved from bench/peers: the ESM builds a Lambda bundle would use.
peers(['compromise', 'wink-nlp', 'wink-eng-lite-web-model']);
const importMs = coldStartMs(
  'Cold cost of a tagger',
  'Ukraine accused Russia on Saturday of sending troops into Crimea, officials said.',
  {
    'paragraf compressor': `const m = await import(${JSON.stringify(fileURLToPath(new URL('../shared/summarize/compress.ts', import.meta.url)))}); m.compressSentence(S, 'en');`,
    compromise: `const { default: nlp } = await import('compromise'); nlp(S).terms().json();`,
    'wink-nlp + wink-eng-lite-web-model': `const { default: w } = await import('wink-nlp'); const { default: model } = await import('wink-eng-lite-web-model'); w(model).readDoc(S).tokens().out();`,
  },
);

const main = table['paragraf (DEFAULT_RULES)'];
console.log(
  `\nTarget F1 ≥ 72 at ratio ≤ ${MAX_RATIO} (stretch 75): dev ${main && main.f1 >= 72 && main.ratio <= MAX_RATIO ? 'met' : 'NOT met'}, cross-validated ${crossValidated.f1 >= 72 && crossValidated.ratio <= MAX_RATIO ? 'met' : 'NOT met'}. Reference: neural compressors trained on 200k pairs, 84–85 at 0.36.`,
);
/**
 * The paragraph gists of real articles (issue 36), on BBC and CNN/DM when present: gists that end
 * on a word a sentence cannot end on, keep a piece of a cut date (", 12."), or open with a pronoun
 * whose noun the paragraph has before it (a later sentence, or an attribution the gist dropped).
 */
const MONTH_OR_DAY = [...TIME_WORDS].join('|');
const articleGists = {
  gists: 0,
  dangling: [] as string[],
  dateFragments: [] as string[],
  lostNoun: [] as string[],
};
for (const set of ['summarization/bbc-300.jsonl', 'summarization/cnndm-dev-125.jsonl']) {
  if (!hasData(set)) continue;
  for (const example of readJsonl(set)) {
    const article = await readArticle(Buffer.from(example.article), 'article.txt');
    const { gists } = summarizeBlocks(article.blocks, { sentences: 3 });
    gists.forEach((gist, i) => {
      if (!gist) return;
      articleGists.gists++;
      const last = (gist.match(/[\p{L}\p{N}'’]+/gu) ?? []).at(-1)?.toLowerCase() ?? '';
      if (DANGLING.has(last)) articleGists.dangling.push(gist);
      const paragraph = article.blocks[i]?.text ?? '';
      const day = gist.match(/,\s*(\d{1,2})\.$/)?.[1];
      const dated = new RegExp(`\\b(?:${MONTH_OR_DAY}),?\\s+${day}\\b`, 'i');
      if (day && dated.test(paragraph)) articleGists.dateFragments.push(gist);
      // Its noun is in the paragraph when the paragraph does not open with a pronoun and the gist's
      // opening is not in its first sentence.
      const opening = gist.split(/\s+/).slice(0, 3).join(' ').toLowerCase();
      const first = (splitSentences(paragraph)[0] ?? '').toLowerCase();
      const pronoun = /^["“‘(]*(he|she|it|they)\b/i;
      if (pronoun.test(gist) && !pronoun.test(first.trim()) && !first.includes(opening))
        articleGists.lostNoun.push(gist);
    });
  }
}
if (articleGists.gists > 0) {
  console.log(
    `\nGists of BBC and CNN/DM paragraphs (${articleGists.gists}): ending on a conjunction, article, preposition or possessive ${articleGists.dangling.length}, with a piece of a cut date ${articleGists.dateFragments.length}, opening with a pronoun whose noun their paragraph has before it ${articleGists.lostNoun.length}`,
  );
  for (const gist of [
    ...articleGists.dangling,
    ...articleGists.dateFragments,
    ...articleGists.lostNoun,
  ].slice(0, 16))
    console.log(`  ${JSON.stringify(gist.slice(-80))}`);
}

writeResult('gists', {
  articleGists: {
    gists: articleGists.gists,
    dangling: articleGists.dangling.length,
    dateFragments: articleGists.dateFragments.length,
    lostNoun: articleGists.lostNoun.length,
    examples: articleGists.dangling.slice(0, 10),
  },
  machine: machineInfo(),
  set: SET,
  systems: table,
  crossValidated: { folds: FOLDS, score: crossValidated, chosenPerFold },
  devChoice: label(devChoice),
  ablation,
  taggerColdMs: importMs,
});
