/**
 * Names kept: of the capitalised words in mid-sentence of each source text that its reference
 * translation keeps verbatim (names: "Marsh", "Harbour Lines", not "Monday" → "lunes"), the share
 * that the hypothesis keeps verbatim too. Words are counted per occurrence in the source.
 */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

function wordSet(text: string): Set<string> {
  return new Set(text.match(WORD) ?? []);
}

/** Capitalised words that do not open a sentence (after a start, `.`, `!`, `?` or `:` and any quotes). */
export function midSentenceCapitalised(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    if (!/^\p{Lu}/u.test(word)) continue;
    const before = text.slice(0, match.index).replace(/["'“‘«([\s—–-]+$/u, '');
    if (before === '' || /[.!?:]$/.test(before)) continue;
    found.push(word);
  }
  return found;
}

export function namesKept(
  sources: readonly string[],
  references: readonly string[],
  hypotheses: readonly string[],
): { kept: number; total: number; share: number } {
  let kept = 0;
  let total = 0;
  sources.forEach((source, i) => {
    const reference = wordSet(references[i] ?? '');
    const hypothesis = wordSet(hypotheses[i] ?? '');
    for (const word of midSentenceCapitalised(source)) {
      if (!reference.has(word)) continue;
      total++;
      if (hypothesis.has(word)) kept++;
    }
  });
  return { kept, total, share: total === 0 ? 1 : kept / total };
}
