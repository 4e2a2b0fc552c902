/**
 * The sentence-compression metric of issue 9, exactly: lower-cased NFKC tokens matching
 * `\w+|[^\w\s]` (with Unicode word characters, as Python's `re` reads `\w`), F1 of the multiset
 * overlap per pair, macro-averaged; compression ratio = output tokens / sentence tokens, summed.
 */
const TOKEN = /[\p{L}\p{N}\p{M}_]+|[^\p{L}\p{N}\p{M}_\s]/gu;

export function compressionTokens(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
}

export function tokenF1(candidate: string, reference: string): number {
  const hyp = compressionTokens(candidate);
  const ref = compressionTokens(reference);
  if (hyp.length === 0 || ref.length === 0) return hyp.length === ref.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of ref) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of hyp) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      overlap++;
      counts.set(t, left - 1);
    }
  }
  if (overlap === 0) return 0;
  const precision = overlap / hyp.length;
  const recall = overlap / ref.length;
  return (2 * precision * recall) / (precision + recall);
}

export interface CompressionScore {
  /** Macro-averaged token F1, ×100. */
  f1: number;
  /** Output tokens / sentence tokens over the whole set. */
  ratio: number;
  pairs: number;
}

export function scoreCompressions(
  pairs: ReadonlyArray<{ sentence: string; compression: string; output: string }>,
): CompressionScore {
  let f1 = 0;
  let outTokens = 0;
  let inTokens = 0;
  for (const p of pairs) {
    f1 += tokenF1(p.output, p.compression);
    outTokens += compressionTokens(p.output).length;
    inTokens += compressionTokens(p.sentence).length;
  }
  return {
    f1: pairs.length ? (100 * f1) / pairs.length : 0,
    ratio: inTokens ? outTokens / inTokens : 0,
    pairs: pairs.length,
  };
}
