import { stemmer } from 'stemmer';

/**
 * ROUGE as Google's rouge-score computes it: lower-case, every non-alphanumeric character a
 * separator, optional Porter stemming of tokens longer than 3 characters; F1 of n-gram overlap
 * (ROUGE-1, ROUGE-2) and of the longest common subsequence over the whole text (ROUGE-L).
 */
export function rougeTokens(text: string, stem: boolean): string[] {
  const tokens = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return stem ? tokens.map((t) => (t.length > 3 ? stemmer(t) : t)) : tokens;
}

/** Counts of the n-grams of a token sequence (tokens hold no spaces). */
export function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function f1(overlap: number, hypTotal: number, refTotal: number): number {
  const precision = hypTotal > 0 ? overlap / hypTotal : 0;
  const recall = refTotal > 0 ? overlap / refTotal : 0;
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

export function rougeN(reference: readonly string[], hypothesis: readonly string[], n: number): number {
  const ref = ngramCounts(reference, n);
  const hyp = ngramCounts(hypothesis, n);
  let overlap = 0;
  for (const [gram, count] of hyp) overlap += Math.min(count, ref.get(gram) ?? 0);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return f1(overlap, total(hyp), total(ref));
}

export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      current[j] =
        a[i - 1] === b[j - 1] ? (previous[j - 1] ?? 0) + 1 : Math.max(previous[j] ?? 0, current[j - 1] ?? 0);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export function rougeL(reference: readonly string[], hypothesis: readonly string[]): number {
  return f1(lcsLength(reference, hypothesis), hypothesis.length, reference.length);
}

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

export function rouge(reference: string, hypothesis: string, stem: boolean): RougeScores {
  const ref = rougeTokens(reference, stem);
  const hyp = rougeTokens(hypothesis, stem);
  return { rouge1: rougeN(ref, hyp, 1), rouge2: rougeN(ref, hyp, 2), rougeL: rougeL(ref, hyp) };
}
