import { type Block, isProse } from '../article/model.ts';
import { splitSentences } from '../text/segmenter.ts';
import { countWords, tokens } from '../text/words.ts';
import {
  type CompressionLanguage,
  compressionLanguage,
  compressSentence,
  DEFAULT_RULES,
  hasFiniteVerb,
  withoutDanglingEnd,
  withoutDanglingQuote,
  withoutUnfinishedEnd,
} from './compress.ts';
import { STOPWORDS } from './stopwords.ts';

/**
 * A sentence count, or a word budget. With `fill`, the last sentence may cross the budget (for
 * comparisons where every summary is cut to exactly the budget); without, sentences stay whole
 * and the summary stays within it.
 */
export type SummaryLength = { sentences: number } | { words: number; fill?: boolean };

export interface SummaryResult {
  /** One gist per block, same order and length as the input. */
  gists: string[];
  /** Article summary sentences, in article order. */
  summary: string[];
}

interface Candidate {
  block: number;
  /** Position of the sentence among all candidate sentences, in article order. */
  position: number;
  /** Position inside its paragraph. */
  inBlock: number;
  text: string;
  words: number;
  vector: Map<string, number>;
  norm: number;
  centrality: number;
}

/** Weights were set on the development sets in bench/, not on one article; see bench/RESULTS.md. */
export interface SummaryWeights {
  centrality: number;
  position: number;
  /** Position prior: (1 + sentence index) ** -positionDecay. */
  positionDecay: number;
  redundancy: number;
  /** Longer sentences carry more of the story: salience × (words / 20) ** lengthExponent. */
  lengthExponent: number;
  /** Weight of factWeight (numbers and names in, teasers and questions out). */
  facts: number;
}

/** Chosen by the grid in bench/RESULTS.md over both BBC and CNN/DM: the best point that keeps CNN/DM at or above lead-3. */
export const DEFAULT_WEIGHTS: SummaryWeights = {
  centrality: 0.3,
  position: 0.7,
  positionDecay: 0.5,
  redundancy: 0.3,
  lengthExponent: 0,
  facts: 0.1,
};
/** A candidate this similar to a chosen sentence says the same thing again: never chosen. */
const DUPLICATE_SIMILARITY = 0.6;

function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens(text)) {
    if (STOPWORDS.has(token) || /^\p{N}+$/u.test(token)) continue;
    counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  return counts;
}

function cosine(a: Map<string, number>, aNorm: number, b: Map<string, number>, bNorm: number): number {
  if (aNorm === 0 || bNorm === 0) return 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small) dot += weight * (large.get(term) ?? 0);
  return dot / (aNorm * bNorm);
}

function norm(vector: Map<string, number>): number {
  let sum = 0;
  for (const w of vector.values()) sum += w * w;
  return Math.sqrt(sum);
}

function buildCandidates(blocks: readonly Block[]): Candidate[] {
  const raw: Array<Omit<Candidate, 'vector' | 'norm' | 'centrality'> & { counts: Map<string, number> }> = [];
  blocks.forEach((block, blockIndex) => {
    if (!block.translate || block.kind === 'heading' || !isProse(block)) return;
    splitSentences(block.text).forEach((sentence, inBlock) => {
      const text = sentence.trim();
      if (!text) return;
      raw.push({
        block: blockIndex,
        position: raw.length,
        inBlock,
        text,
        words: countWords(text),
        counts: termCounts(text),
      });
    });
  });
  const documentFrequency = new Map<string, number>();
  for (const c of raw)
    for (const term of c.counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const n = raw.length;
  const candidates = raw.map(({ counts, ...rest }): Candidate => {
    const vector = new Map<string, number>();
    for (const [term, tf] of counts)
      vector.set(term, (1 + Math.log(tf)) * Math.log(1 + n / (documentFrequency.get(term) ?? 1)));
    return { ...rest, vector, norm: norm(vector), centrality: 0 };
  });
  // Centrality: similarity to the rest of the article (the centroid without the sentence itself).
  const centroid = new Map<string, number>();
  for (const c of candidates) for (const [t, w] of c.vector) centroid.set(t, (centroid.get(t) ?? 0) + w);
  const centroidNormSquared = norm(centroid) ** 2;
  for (const c of candidates) {
    // cos(c, centroid - c) from dot products, in O(|c|) rather than O(vocabulary) per sentence.
    let dot = 0;
    for (const [t, w] of c.vector) dot += w * (centroid.get(t) ?? 0);
    const selfSquared = c.norm * c.norm;
    const restNorm = Math.sqrt(Math.max(0, centroidNormSquared - 2 * dot + selfSquared));
    c.centrality = c.norm === 0 || restNorm < 1e-9 ? 0 : (dot - selfSquared) / (c.norm * restNorm);
  }
  return candidates;
}

function lengthFactor(words: number): number {
  if (words < 6) return 0.4;
  if (words < 10) return 0.8;
  if (words > 55) return 0.75;
  return 1;
}

function salience(candidates: readonly Candidate[], weights: SummaryWeights): Map<Candidate, number> {
  // A loop, not Math.max(...): spreading 130k sentences overflows the call stack.
  let maxCentrality = 1e-9;
  for (const c of candidates) maxCentrality = Math.max(maxCentrality, c.centrality);
  const scores = new Map<Candidate, number>();
  for (const c of candidates) {
    const position = (1 + c.position) ** -weights.positionDecay;
    const score =
      weights.centrality * (c.centrality / maxCentrality) +
      weights.position * position +
      weights.facts * factWeight(c.text);
    scores.set(c, score * lengthFactor(c.words) * (Math.max(c.words, 1) / 20) ** weights.lengthExponent);
  }
  return scores;
}

/**
 * Openings that lean on the sentence before: a pronoun or a connective ("It leaves GDP up 2.3%",
 * "Nevertheless, the government…"). Such a sentence reads right only after the one it follows.
 */
const LEANING_OPENING =
  /^["“‘(]*(?:he|she|it|they|him|them|his|her|its|their|this|these|those|that|such|but|however|nevertheless|nonetheless|yet|still|also|meanwhile|instead|moreover|furthermore|besides|therefore|thus|hence|consequently|otherwise|then|so|in addition|as a result|by contrast|even so|in turn|likewise|similarly)\b/i;

export function leansOnPrevious(sentence: string): boolean {
  return LEANING_OPENING.test(sentence.trim());
}

/**
 * The sentences a candidate needs before it to stand: none, or the ones back to the first that
 * does not lean (at most three), unless a chosen one is reached first.
 */
function antecedents(
  c: Candidate,
  candidates: readonly Candidate[],
  chosen: ReadonlySet<Candidate>,
): Candidate[] {
  const needed: Candidate[] = [];
  let current = c;
  while (leansOnPrevious(current.text) && current.position > 0 && needed.length < 3) {
    const previous = candidates[current.position - 1];
    if (!previous || chosen.has(previous)) break;
    needed.unshift(previous);
    current = previous;
  }
  return needed;
}

/**
 * Maximal-marginal-relevance selection under a sentence or word budget, returned in article order.
 * A sentence that leans on the one before it comes with it, when both fit, or not at all.
 */
function select(
  candidates: readonly Candidate[],
  length: SummaryLength,
  weights: SummaryWeights,
): Candidate[] {
  const scores = salience(candidates, weights);
  const chosen: Candidate[] = [];
  const pool = new Set(candidates);
  let words = 0;
  const full = () => ('sentences' in length ? chosen.length >= length.sentences : words >= length.words);
  while (pool.size > 0 && !full()) {
    let best: Candidate | undefined;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const c of pool) {
      if ('words' in length && !length.fill && chosen.length > 0 && words + c.words > length.words) continue;
      let redundancy = 0;
      for (const s of chosen) redundancy = Math.max(redundancy, cosine(c.vector, c.norm, s.vector, s.norm));
      if (redundancy >= DUPLICATE_SIMILARITY) continue;
      const value = (scores.get(c) ?? 0) - weights.redundancy * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = c;
      }
    }
    if (!best) break;
    pool.delete(best);
    const group = [...antecedents(best, candidates, new Set(chosen)), best];
    const groupWords = group.reduce((n, g) => n + g.words, 0);
    const fits =
      'sentences' in length
        ? chosen.length + group.length <= length.sentences
        : length.fill || chosen.length === 0 || words + groupWords <= length.words;
    const first = group[0] ?? best;
    const stands =
      !leansOnPrevious(first.text) ||
      first.position === 0 ||
      chosen.some((c) => c.position === first.position - 1);
    if (!stands || !fits) continue;
    for (const g of group) {
      chosen.push(g);
      words += g.words;
      pool.delete(g);
    }
  }
  return chosen.sort((a, b) => a.position - b.position);
}

/**
 * How much news a sentence carries, beyond its centrality: numbers and names are facts; a short
 * teaser ("Some residents are not waiting."), a question, or a quote that restates is not.
 */
export function factWeight(sentence: string): number {
  const words = sentence.split(/\s+/).filter(Boolean);
  const numbers = words.filter((w) => /\d/.test(w)).length;
  // Capitalised words after the first: names of people, places, bodies.
  const names = words.slice(1).filter((w) => /^["“‘(]?\p{Lu}/u.test(w)).length;
  let weight = Math.min(1, (numbers + 0.5 * names) / 4);
  if (words.length < 8) weight -= 0.6;
  if (/\?["”’]?$/.test(sentence.trim())) weight -= 0.6;
  if (/^["“‘]/.test(sentence.trim())) weight -= 0.3;
  return weight;
}

const PRONOUN_OPENING = /^["“‘(]*(?:he|she|it|they|his|her|its|their)\b/i;

/**
 * "The union said it would meet again" compressed to "It would meet again" lost the noun its
 * pronoun stands for: the gist keeps the attribution that names it, or the whole sentence.
 */
function keepsItsNoun(sentence: string, gist: string, language: CompressionLanguage): string {
  if (!PRONOUN_OPENING.test(gist) || PRONOUN_OPENING.test(sentence.trim())) return gist;
  const attributed = compressSentence(sentence, language, { ...DEFAULT_RULES, reportedClause: false });
  // Another rule took the noun ("According to her coach, she…"): the sentence whole.
  return PRONOUN_OPENING.test(attributed) ? sentence.trim() : attributed;
}

/** The gist of a paragraph whose sentences are `own`: the sentence that carries the news, compressed. */
function gistOf(own: readonly Candidate[], paragraph: string, language: CompressionLanguage): string {
  let best: Candidate | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const c of own) {
    // A later sentence of the paragraph that opens with "It" or "But" needs the one before it.
    if (c.inBlock > 0 && leansOnPrevious(c.text)) continue;
    const score =
      c.centrality + GIST_FACT_WEIGHT * factWeight(c.text) + (c.inBlock === 0 ? GIST_LEAD_BONUS : 0);
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  const sentence = best?.text ?? paragraph.trim();
  const gist = keepsItsNoun(sentence, compressSentence(sentence, language), language);
  if (gist !== paragraph.trim() || countWords(paragraph) <= GIST_MIN_PARAGRAPH_WORDS)
    return finish(gist, sentence);
  // A long one-sentence paragraph the rules could not shorten: its first clause, if that clause
  // stands alone (a verb, six words or more); otherwise the sentence, within the gist's bound.
  return finish(firstClause(sentence, language) ?? gist, sentence);
}

/** A gist is at most a short sentence: this many words, even when its paragraph has no sentence end. */
export const GIST_MAX_WORDS = 40;
/** A summary sentence longer than this (a paragraph without sentence ends) is given as its gist. */
export const SUMMARY_SENTENCE_MAX_WORDS = 80;

/**
 * A gist never ends in "..", "..." or "…" (a source that ends in an ellipsis, "9 a.m." before a
 * full stop): one full stop instead; nor on the next paragraph's opening quote. Other endings stay
 * (a heading's gist is the heading).
 */
export function sentenceEnd(text: string): string {
  return withoutDanglingQuote(text.trim()).replace(/[\s,;:—–-]*(?:\.{2,}|…)+(["”’']?)$/u, '.$1');
}

/**
 * At most `max` words: cut at the last clause boundary (a comma, semicolon, colon or dash) after
 * the eighth word within them, else after the max-th word.
 */
export function boundWords(text: string, max = GIST_MAX_WORDS): string {
  const words = text.trim().split(/\s+/);
  if (words.length <= max) return text.trim();
  const head = words.slice(0, max);
  let cut = head.length;
  for (let i = head.length - 1; i >= 8; i--) {
    if (/[,;:—–]$/.test(head[i - 1] ?? '') || /^[—–]$/.test(head[i] ?? '')) {
      cut = i;
      break;
    }
  }
  return head.slice(0, cut).join(' ');
}

/** The gist bounded in words (a cut one ends with a full stop) and ended as a sentence. */
/** `source`: the sentence the gist was cut from, whose own ending decides what a whole gist keeps. */
function finish(gist: string, source = gist): string {
  const bounded = boundWords(gist);
  if (bounded !== gist.trim()) return sentenceEnd(`${withoutDanglingEnd(bounded)}.`);
  const whole = withoutUnfinishedEnd(gist, /[.!?…]["”’')\]]*$/u.test(source.trim()));
  if (!whole) return '';
  // What lost its dangling end ends as a sentence does.
  return sentenceEnd(whole === gist.trim() || /[.!?…]["”’')\]]*$/u.test(whole) ? whole : `${whole}.`);
}

/** Paragraphs at most this long may have themselves as gist: there is nothing to compress. */
export const GIST_MIN_PARAGRAPH_WORDS = 20;
/** Weight of factWeight against centrality when choosing a paragraph's gist sentence. */
const GIST_FACT_WEIGHT = 0.25;
const GIST_LEAD_BONUS = 0.1;

function firstClause(sentence: string, language: CompressionLanguage): string | undefined {
  if (language === 'other') return undefined;
  const match = /^(.{20,}?[^\d])[,;:—–]\s/u.exec(sentence);
  const clause = match?.[1]?.trim();
  if (!clause || countWords(clause) < 6) return undefined;
  const rest = compressSentence(`${clause}.`, language);
  return hasFiniteVerb(rest, language) ? rest : undefined;
}

/**
 * Deterministic extractive summaries: one gist per paragraph (the sentence that carries its news,
 * compressed) and an article summary chosen by centrality, lead position and redundancy control.
 */
export function summarizeBlocks(
  blocks: readonly Block[],
  length: SummaryLength = { sentences: 3 },
  weights: SummaryWeights = DEFAULT_WEIGHTS,
  language = 'en',
): SummaryResult {
  const candidates = buildCandidates(blocks);
  const byBlock = new Map<number, Candidate[]>();
  for (const c of candidates) byBlock.set(c.block, [...(byBlock.get(c.block) ?? []), c]);
  const gists = blocks.map((block, index) => {
    // Code is kept verbatim, a table is data: there is no news to compress.
    if (!isProse(block)) return '';
    const own = byBlock.get(index);
    // A paragraph quoted in another language is compressed by that language's rules.
    const blockLanguage =
      'language' in block && typeof block.language === 'string' ? block.language : language;
    return gistOf(own ?? [], block.text, compressionLanguage(blockLanguage));
  });
  // A "sentence" of a paragraph without sentence ends can be the whole paragraph: its gist instead.
  const summary = select(candidates, length, weights).map((c) =>
    countWords(c.text) > SUMMARY_SENTENCE_MAX_WORDS ? gists[c.block] || finish(c.text) : c.text,
  );
  return { gists, summary };
}

/** Summary of plain text split into paragraphs, for callers without blocks (benchmarks, CLI). */
export function summarizeText(
  paragraphs: readonly string[],
  length: SummaryLength = { sentences: 3 },
  weights: SummaryWeights = DEFAULT_WEIGHTS,
): string[] {
  const blocks: Block[] = paragraphs
    .filter((p) => p.trim())
    .map((text) => ({ kind: 'paragraph', text, translate: true }));
  return summarizeBlocks(blocks, length, weights).summary;
}
