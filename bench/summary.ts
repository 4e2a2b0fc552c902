/**
 * ROUGE of article summaries against the reference summaries of BBC and CNN/DM, at equal length:
 * 3 sentences, and separately a 60-word budget (every system's output cut to 60 words).
 *
 *   npm run bench:summary
 */
import { leansOnPrevious, summarizeText } from '../shared/summarize/extractive.ts';
import { splitSentences } from '../shared/text/segmenter.ts';
import { hasData, machineInfo, peers, readJsonl, writeResult } from './datasets.ts';
import { rouge } from './metrics/rouge.ts';

const SENTENCES = 3;
const WORD_BUDGET = 60;
const SETS = ['summarization/bbc-300.jsonl', 'summarization/cnndm-dev-125.jsonl'];

const requirePeer = peers(['lexrank', 'node-summarizer', 'summarybot']);
const { SummarizerManager } = requirePeer('node-summarizer') as {
  SummarizerManager: new (
    text: string,
    n: number,
  ) => { getSummaryByFrequency(): { summary: string }; getSummaryByRank(): Promise<{ summary: string }> };
};
const lexrank = requirePeer('lexrank') as {
  summarize(
    text: string,
    n: number,
    cb: (err: unknown, top: Array<{ text: string; index: number }>) => void,
  ): void;
};
const SummaryBot = requirePeer('summarybot') as new () => {
  run(text: string, n: number, stats: boolean): string;
};

const paragraphsOf = (article: string) =>
  article
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
const sentencesOf = (article: string) =>
  paragraphsOf(article).flatMap((p) =>
    splitSentences(p)
      .map((s) => s.trim())
      .filter(Boolean),
  );
const firstWords = (text: string, n: number) => text.split(/\s+/).filter(Boolean).slice(0, n).join(' ');

/** Each system returns its summary with `n` sentences. */
type System = (article: string, n: number) => Promise<string>;
const systems: Record<string, System> = {
  paragraf: async (article, n) => summarizeText(paragraphsOf(article), { sentences: n }).join(' '),
  'lead-3 (lead-n)': async (article, n) => sentencesOf(article).slice(0, n).join(' '),
  'node-summarizer frequency': async (article, n) =>
    new SummarizerManager(article.replace(/\n+/g, ' '), n).getSummaryByFrequency().summary,
  'node-summarizer textrank': async (article, n) =>
    (await new SummarizerManager(article.replace(/\n+/g, ' '), n).getSummaryByRank()).summary,
  lexrank: (article, n) =>
    new Promise((resolve, reject) =>
      lexrank.summarize(article.replace(/\n+/g, ' '), n, (err, top) =>
        err
          ? reject(err)
          : resolve(
              [...top]
                .sort((a, b) => a.index - b.index)
                .map((t) => t.text)
                .join(' '),
            ),
      ),
    ),
  summarybot: async (article, n) => new SummaryBot().run(article.replace(/\n+/g, ' '), n, false),
};
/** For the word budget ours selects sentences by words; the others give 10 sentences, cut. */
const budgeted: Record<string, (article: string) => Promise<string>> = {
  paragraf: async (article) =>
    summarizeText(paragraphsOf(article), { words: WORD_BUDGET, fill: true }).join(' '),
};

/**
 * Summary sentences that lean on one the summary left out (issue 36): opening with a pronoun or a
 * connective, and not right after, in the article, the summary sentence before them.
 */
function leaning(article: string, summary: readonly string[]): string[] {
  const sentences = sentencesOf(article);
  return summary.filter((sentence, i) => {
    if (!leansOnPrevious(sentence)) return false;
    const at = sentences.indexOf(sentence);
    return at > 0 && (i === 0 || sentences[at - 1] !== summary[i - 1]);
  });
}

type Scores = { rouge1: number; rouge2: number; rougeL: number };
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

async function evaluate(set: string) {
  const examples = readJsonl(set);
  const leaned = examples.flatMap((e) =>
    leaning(e.article, summarizeText(paragraphsOf(e.article), { sentences: SENTENCES })),
  );
  const table: Record<string, Record<string, number>> = {};
  for (const [name, system] of Object.entries(systems)) {
    const rows = {
      sentences: { plain: [] as Scores[], stem: [] as Scores[] },
      words: { plain: [] as Scores[], stem: [] as Scores[] },
    };
    for (const example of examples) {
      let bySentences = '';
      let byWords = '';
      try {
        bySentences = await system(example.article, SENTENCES);
        byWords = firstWords(
          budgeted[name]
            ? await (budgeted[name] as (a: string) => Promise<string>)(example.article)
            : await system(example.article, 10),
          WORD_BUDGET,
        );
      } catch {
        // A peer that throws on an article scores 0 on it, as an empty summary would.
      }
      rows.sentences.plain.push(rouge(example.summary, bySentences, false));
      rows.sentences.stem.push(rouge(example.summary, bySentences, true));
      rows.words.plain.push(rouge(example.summary, byWords, false));
      rows.words.stem.push(rouge(example.summary, byWords, true));
    }
    const row: Record<string, number> = {};
    for (const length of ['sentences', 'words'] as const) {
      for (const variant of ['plain', 'stem'] as const) {
        for (const metric of ['rouge1', 'rouge2', 'rougeL'] as const) {
          row[`${length}.${variant}.${metric}`] =
            Math.round(10_000 * mean(rows[length][variant].map((s) => s[metric]))) / 100;
        }
      }
    }
    table[name] = row;
  }
  return {
    set,
    examples: examples.length,
    table,
    leaningSentences: leaned.length,
    leaningExamples: leaned.slice(0, 5),
  };
}

const results = [];
for (const set of SETS) {
  if (!hasData(set)) {
    console.log(`skipped ${set}: ../shared/data is absent`);
    continue;
  }
  const result = await evaluate(set);
  results.push(result);
  console.log(
    `\n${set} (${result.examples} articles): ROUGE F1 x100, stemmed; ${SENTENCES} sentences | ${WORD_BUDGET} words; paragraf's summary sentences leaning on one left out: ${result.leaningSentences} of ${result.examples * SENTENCES}`,
  );
  console.table(
    Object.fromEntries(
      Object.entries(result.table).map(([name, r]) => [
        name,
        {
          'R1 3s': r['sentences.stem.rouge1'],
          'R2 3s': r['sentences.stem.rouge2'],
          'RL 3s': r['sentences.stem.rougeL'],
          'R1 60w': r['words.stem.rouge1'],
          'R2 60w': r['words.stem.rouge2'],
          'RL 60w': r['words.stem.rougeL'],
        },
      ]),
    ),
  );
}
writeResult('summary', {
  benchmark: 'summary',
  command: 'npm run bench:summary',
  machine: machineInfo(),
  sentences: SENTENCES,
  wordBudget: WORD_BUDGET,
  results,
});
