/**
 * The local engine's artefacts in a translation, judged by Apertium's own analysers (issue 34):
 * glued words (a word the target's analyser does not know, not in the source, that is two words it
 * knows run together, or has a capital inside: "huelgadenueve", "basadaenHamburgo"), Spanish words
 * left in a French, Portuguese or Italian translation (unknown to the target's analyser, known to
 * the Spanish one, not in the source), and multiword names kept whole.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const MODES_DIR = '/usr/share/apertium/modes';
const WORD = /\p{L}+/gu;

/** The analyser (automorf.bin) a mode starts with, if the mode is installed. */
export function analyserOf(mode: string): string | undefined {
  const file = `${MODES_DIR}/${mode}.mode`;
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8').match(/lt-proc[^|]*?'([^']*automorf\.bin)'/)?.[1];
}

/** The words an analyser does not know, each sent alone. */
export function unknownTo(analyser: string, words: readonly string[]): Set<string> {
  if (words.length === 0) return new Set();
  const out = execFileSync('lt-proc', [analyser], {
    input: words.map((w) => `${w}[]\n`).join(''),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return new Set([...out.matchAll(/\^([^/$]*)\/\*/g)].map((m) => m[1] ?? ''));
}

/** Words of the translations that are in no source (the engine made them), each once. */
function madeWords(sources: readonly string[], translations: readonly string[]): string[] {
  const inSource = new Set(sources.join('\n').toLowerCase().match(WORD) ?? []);
  const made = new Set(translations.join('\n').match(WORD) ?? []);
  return [...made].filter((w) => !inSource.has(w.toLowerCase()));
}

/** Short words a glued compound runs into its neighbours ("huelga|de|nueve", "basada|en|Hamburgo"). */
const LINKS = new Set(['de', 'en', 'un', 'el', 'la', 'di', 'da', 'le', 'al', 'du']);

/** Each way to cut a word into two or three parts, longer parts at least three letters. */
function cuts(word: string): string[][] {
  const ok = (part: string) => part.length >= 3 || LINKS.has(part.toLowerCase());
  const found: string[][] = [];
  for (let i = 1; i < word.length; i++) {
    const [a, rest] = [word.slice(0, i), word.slice(i)];
    if (!ok(a)) continue;
    if (ok(rest)) found.push([a, rest]);
    for (let j = 1; j < rest.length; j++) {
      const [b, c] = [rest.slice(0, j), rest.slice(j)];
      if (ok(b) && ok(c)) found.push([a, b, c]);
    }
  }
  return found;
}

/** Glued words and (with a Spanish analyser, for a pivot) Spanish words left, distinct. */
export function artefacts(
  sources: readonly string[],
  translations: readonly string[],
  analysers: { target: string; spanish?: string },
): { glued: string[]; spanish: string[] } {
  const unknown = [...unknownTo(analysers.target, madeWords(sources, translations))];
  const spanishUnknown = analysers.spanish ? unknownTo(analysers.spanish, unknown) : new Set<string>();
  const spanish = analysers.spanish ? unknown.filter((w) => !spanishUnknown.has(w)) : [];
  // A Spanish word left is not glued, however it cuts ("envases": "en" + "vases").
  const candidates = unknown.filter((w) => !spanish.includes(w));
  const split = candidates.map(cuts);
  const parts = [...new Set(split.flat(2).map((p) => p.toLowerCase()))];
  const unknownParts = unknownTo(analysers.target, parts);
  const known = (part: string) => LINKS.has(part.toLowerCase()) || !unknownParts.has(part.toLowerCase());
  const glued = candidates.filter(
    (w, i) =>
      /\p{Ll}\p{Lu}/u.test(w) ||
      (split[i] ?? []).some((c) => c.length === 3 && c.every(known)) ||
      (split[i] ?? []).some(
        (c) => c.length === 2 && c.every(known) && c.some((p) => LINKS.has(p.toLowerCase())),
      ),
  );
  return { glued, spanish };
}

/** Runs of two or more capitalised words in mid-sentence ("Karen Holloway", "Whole Foods"). */
export function multiwordNames(text: string): string[] {
  return [...text.matchAll(/(?<=[\p{Ll},;:] )\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)+/gu)].map((m) => m[0]);
}

/** Of the names expected in each translation, the share found whole (contiguous, as written). */
export function namesWhole(
  expected: readonly (readonly string[])[],
  translations: readonly string[],
): { whole: number; total: number; missing: string[] } {
  let whole = 0;
  let total = 0;
  const missing: string[] = [];
  expected.forEach((names, i) => {
    for (const name of names) {
      total++;
      if (translations[i]?.includes(name)) whole++;
      else missing.push(name);
    }
  });
  return { whole, total, missing };
}
