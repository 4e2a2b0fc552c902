/**
 * News-grade sentence segmentation. Intl.Segmenter (ICU) splits after every "word. Capital", so
 * it cuts "U.S. President", "Mr. Smith" and "“Stop!” she shouted". We keep its boundaries and
 * undo the ones that a rule below recognises as false. The rules were chosen against the cases in
 * test/shared/segmenter.test.ts, where the plain ICU baseline is measured beside them.
 */

/** Titles and abbreviations that never end a sentence in news copy. */
const NEVER_FINAL = new Set(
  [
    'mr',
    'mrs',
    'ms',
    'dr',
    'prof',
    'st',
    'sen',
    'rep',
    'gov',
    'gen',
    'lt',
    'col',
    'sgt',
    'capt',
    'cmdr',
    'adm',
    'maj',
    'pres',
    'supt',
    'det',
    'insp',
    'rev',
    'fr',
    'sr',
    'jr',
    'hon',
    'mt',
    'ft',
    'no',
    'nos',
    'vs',
    'v',
    'approx',
    'dept',
    'est',
    'fig',
    'vol',
    'ch',
    'art',
    'sec',
    'e.g',
    'i.e',
    'cf',
    'al',
  ].map((s) => `${s}.`),
);

/** Abbreviations that end a sentence only when the next word is a sentence opener. */
const USUALLY_INNER = new Set(
  [
    'jan',
    'feb',
    'mar',
    'apr',
    'jun',
    'jul',
    'aug',
    'sep',
    'sept',
    'oct',
    'nov',
    'dec',
    'inc',
    'corp',
    'ltd',
    'co',
    'bros',
    'etc',
    'a.m',
    'p.m',
    'ave',
    'blvd',
    'rd',
  ].map((s) => `${s}.`),
);

/** Words that typically open a new sentence after an ambiguous abbreviation such as "U.S.". */
const SENTENCE_OPENERS = new Set([
  'the',
  'a',
  'an',
  'he',
  'she',
  'it',
  'they',
  'we',
  'i',
  'you',
  'but',
  'and',
  'or',
  'so',
  'yet',
  'in',
  'on',
  'at',
  'this',
  'that',
  'these',
  'those',
  'there',
  'his',
  'her',
  'its',
  'their',
  'our',
  'my',
  'if',
  'when',
  'while',
  'after',
  'before',
  'since',
  'as',
  'for',
  'meanwhile',
  'however',
  'still',
  'also',
  'then',
  'what',
  'why',
  'how',
  'who',
  'officials',
  'some',
  'many',
  'most',
  'no',
  'not',
  'one',
  'two',
  'both',
  // The same openers in the languages translations are cut in: "EE.UU. Los precios…".
  'el',
  'la',
  'los',
  'las',
  'un',
  'una',
  'le',
  'les',
  'il',
  'lo',
  'gli',
  'des',
  'une',
  'os',
  'pero',
  'mais',
  'ma',
  'sin',
  'no',
  'aun',
  'además',
  'aunque',
  'también',
  'según',
  'mientras',
  'cependant',
  'toutefois',
  'tuttavia',
  'però',
  'porém',
  'entretanto',
]);

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

function lastWord(segment: string): string {
  const match = /(\S+)\s*$/.exec(segment);
  return match?.[1] ?? '';
}

function firstWord(segment: string): string {
  const match = /^\s*(\S+)/.exec(segment);
  return match?.[1] ?? '';
}

/** Strips opening punctuation and quotes so “The reads as The. */
function bare(word: string): string {
  return word.replace(/^[\s"'“‘«([]+/u, '');
}

function isFalseBoundary(previous: string, next: string): boolean {
  const endWord = lastWord(previous).replace(/^[("“‘'[]+/u, '');
  const lower = endWord.toLowerCase();
  const nextWord = bare(firstWord(next));
  if (nextWord.length === 0) return true;
  const nextFirst = nextWord.charAt(0);
  // “…!” she said. / the quote continues in lower case: the sentence goes on.
  if (/^\p{Ll}/u.test(nextFirst)) return true;
  // A closing quote or bracket alone starts nothing.
  if (/^[”’»)\]]/u.test(nextFirst)) return true;
  // "(EE.UU.) Muriel Spark": an abbreviation in brackets ends no sentence.
  if (/^(?:\p{L}{1,2}\.)+\)$/u.test(endWord)) return true;
  if (!endWord.endsWith('.')) return false;
  if (NEVER_FINAL.has(lower)) return true;
  // Initials: "Donald J. Trump", "J.K. Rowling".
  if (/^(\p{Lu}\.)+$/u.test(endWord) && endWord.length <= 2) return true;
  const opensSentence = SENTENCE_OPENERS.has(nextWord.toLowerCase().replace(/[^\p{L}]/gu, ''));
  if (USUALLY_INNER.has(lower)) return /^[\p{N}\p{Lu}]/u.test(nextFirst) && !opensSentence;
  // Dotted acronyms: U.S., U.N., E.U., U.K.; doubled for plurals in Spanish: EE.UU., RR.HH.
  if (/^(\p{L}\.){2,}$/u.test(endWord) || /^(\p{Lu}{2}\.){2,}$/u.test(endWord)) return !opensSentence;
  return false;
}

/**
 * Splits text into sentences. Each sentence keeps its trailing whitespace, so the pieces
 * concatenate back to the exact input.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const last = sentences.length - 1;
    const previous = sentences[last];
    if (previous !== undefined && isFalseBoundary(previous, segment)) sentences[last] = previous + segment;
    else sentences.push(segment);
  }
  return sentences;
}

/**
 * A translation's sentences when it has as many as its source, so that sentence k of the one is
 * sentence k of the other; undefined when they do not line up.
 */
export function alignedSentences(source: string, translation: string): string[] | undefined {
  const sentences = splitSentences(translation);
  return sentences.length === splitSentences(source).length ? sentences : undefined;
}

/**
 * Where a sentence taken from an article (a summary sentence) sits: the first paragraph that holds
 * it, and its place among that paragraph's sentences (-1 when the split does not give it whole).
 */
export function sentenceHome(
  paragraphs: readonly string[],
  sentence: string,
): { paragraph: number; sentence: number } | undefined {
  const paragraph = paragraphs.findIndex((text) => text.includes(sentence));
  if (paragraph < 0) return undefined;
  const sentences = splitSentences(paragraphs[paragraph] ?? '').map((s) => s.trim());
  return { paragraph, sentence: sentences.indexOf(sentence.trim()) };
}

/** The plain ICU segmentation, kept as the baseline the rules are measured against. */
export function splitSentencesIcu(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment);
}
