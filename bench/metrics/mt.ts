import { ngramCounts } from './rouge.ts';

/**
 * Corpus chrF and BLEU as sacreBLEU 2.x computes them by default: chrF2 (character 6-grams,
 * whitespace removed, beta 2, precision and recall averaged over the orders that occur) and
 * BLEU-4 with the 13a tokenizer, exponential smoothing and the brevity penalty against the
 * closest reference length.
 */

function charNgrams(text: string, n: number): Map<string, number> {
  const chars = Array.from(text);
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) {
    const gram = chars.slice(i, i + n).join('');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function sum(counts: Map<string, number>): number {
  let total = 0;
  for (const v of counts.values()) total += v;
  return total;
}

function matches(hyp: Map<string, number>, ref: Map<string, number>): number {
  let total = 0;
  for (const [gram, count] of hyp) total += Math.min(count, ref.get(gram) ?? 0);
  return total;
}

export function corpusChrf(
  hypotheses: readonly string[],
  references: readonly string[],
  order = 6,
  beta = 2,
): number {
  if (hypotheses.length !== references.length) throw new Error('hypotheses and references differ in length');
  const stats = Array.from({ length: order }, () => ({ hyp: 0, ref: 0, match: 0 }));
  hypotheses.forEach((hypothesis, i) => {
    const hyp = hypothesis.split(/\s+/).join('');
    const ref = (references[i] ?? '').split(/\s+/).join('');
    for (let n = 1; n <= order; n++) {
      const h = charNgrams(hyp, n);
      const r = charNgrams(ref, n);
      const s = stats[n - 1];
      if (!s) continue;
      s.hyp += sum(h);
      s.ref += sum(r);
      s.match += matches(h, r);
    }
  });
  let precision = 0;
  let recall = 0;
  let effective = 0;
  for (const s of stats) {
    if (s.hyp > 0 && s.ref > 0) {
      precision += s.match / s.hyp;
      recall += s.match / s.ref;
      effective++;
    }
  }
  if (effective === 0) return 0;
  precision /= effective;
  recall /= effective;
  const factor = beta * beta;
  const denominator = factor * precision + recall;
  return denominator > 0 ? (100 * (1 + factor) * precision * recall) / denominator : 0;
}

/** sacreBLEU's 13a tokenizer (mteval-v13a). */
export function tokenize13a(line: string): string[] {
  let text = line
    .replace(/<skipped>/g, '')
    .replace(/-\n/g, '')
    .replace(/\n/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
  text = ` ${text} `;
  text = text.replace(/([{-~[-` -&(-+:-@/])/g, ' $1 ');
  text = text.replace(/([^0-9])([.,])/g, '$1 $2 ');
  text = text.replace(/([.,])([^0-9])/g, ' $1 $2');
  text = text.replace(/([0-9])(-)/g, '$1 $2 ');
  return text.trim().split(/\s+/).filter(Boolean);
}

/** Corpus BLEU; `references` holds one stream per reference set, each aligned with the hypotheses. */
export function corpusBleu(
  hypotheses: readonly string[],
  references: ReadonlyArray<readonly string[]>,
  maxOrder = 4,
): number {
  const correct = new Array<number>(maxOrder).fill(0);
  const total = new Array<number>(maxOrder).fill(0);
  let hypLength = 0;
  let refLength = 0;
  hypotheses.forEach((hypothesis, i) => {
    const hyp = tokenize13a(hypothesis);
    const refs = references.map((stream) => tokenize13a(stream[i] ?? ''));
    hypLength += hyp.length;
    // The closest reference length; ties go to the shorter.
    let closest = refs[0]?.length ?? 0;
    for (const ref of refs) {
      const d = Math.abs(ref.length - hyp.length);
      const best = Math.abs(closest - hyp.length);
      if (d < best || (d === best && ref.length < closest)) closest = ref.length;
    }
    refLength += closest;
    for (let n = 1; n <= maxOrder; n++) {
      const h = ngramCounts(hyp, n);
      const maxRef = new Map<string, number>();
      for (const ref of refs)
        for (const [gram, count] of ngramCounts(ref, n))
          maxRef.set(gram, Math.max(maxRef.get(gram) ?? 0, count));
      correct[n - 1] = (correct[n - 1] ?? 0) + matches(h, maxRef);
      total[n - 1] = (total[n - 1] ?? 0) + Math.max(0, hyp.length - n + 1);
    }
  });
  if (hypLength === 0) return 0;
  const precisions: number[] = [];
  let smooth = 1;
  for (let n = 0; n < maxOrder; n++) {
    const t = total[n] ?? 0;
    const c = correct[n] ?? 0;
    if (t === 0) break;
    if (c === 0) {
      smooth *= 2;
      precisions.push(100 / (smooth * t));
    } else precisions.push((100 * c) / t);
  }
  if (precisions.length < maxOrder) return 0;
  const brevity = hypLength >= refLength ? 1 : Math.exp(1 - refLength / hypLength);
  return brevity * Math.exp(precisions.reduce((acc, p) => acc + Math.log(p), 0) / maxOrder);
}
