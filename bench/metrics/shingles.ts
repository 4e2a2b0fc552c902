/**
 * Article-body extraction scored as the public article-extraction benchmarks score it: 4-word
 * shingles of \w+ tokens; per page, true positives, false positives and false negatives
 * normalised to sum to one; precision and recall averaged over pages; F1 of the two averages.
 */
const SHINGLE = 4;

function shingles(text: string): Map<string, number> {
  const tokens = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
  const counts = new Map<string, number>();
  // A text shorter than one shingle is one shingle of what it has.
  for (let i = 0; i + SHINGLE <= Math.max(tokens.length, SHINGLE); i++) {
    const key = tokens.slice(i, i + SHINGLE).join(' ');
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface PageScore {
  precision: number;
  recall: number;
}

export function scorePage(expected: string, extracted: string): PageScore {
  const truth = shingles(expected);
  const found = shingles(extracted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...truth.keys(), ...found.keys()])) {
    const t = truth.get(key) ?? 0;
    const f = found.get(key) ?? 0;
    tp += Math.min(t, f);
    fp += Math.max(0, f - t);
    fn += Math.max(0, t - f);
  }
  return { precision: tp + fp > 0 ? tp / (tp + fp) : 0, recall: tp + fn > 0 ? tp / (tp + fn) : 0 };
}

export interface SetScore {
  pages: number;
  precision: number;
  recall: number;
  f1: number;
}

export function scoreSet(pages: readonly PageScore[]): SetScore {
  const n = Math.max(pages.length, 1);
  const precision = pages.reduce((s, p) => s + p.precision, 0) / n;
  const recall = pages.reduce((s, p) => s + p.recall, 0) / n;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { pages: pages.length, precision, recall, f1 };
}
