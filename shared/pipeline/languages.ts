import { type Block, isProse } from '../article/model.ts';
import { sameLanguage } from '../languages.ts';
import type { LanguageDetector } from '../ports.ts';
import { withoutNames } from '../text/words.ts';

/**
 * A paragraph gets a language of its own only when it is this long: below it, names and numbers
 * can outweigh the words (bench:langid: 97–99% correct at 40 characters, 100% from 80).
 */
export const OWN_LANGUAGE_MIN_CHARS = 60;
/**
 * ...and has this many letters in words that are not names. A list of names ("G Intoppa,
 * S Perugini, CA del Fava": 7) or a line of film credits (23) read as Italian or Tagalog in
 * English articles: 18 of the 1,529 BBC dev paragraphs, 0 with this rule; WMT Spanish
 * paragraphs cut to 80 characters have 34 or more in 19 of 20.
 */
export const OWN_LANGUAGE_MIN_WORD_LETTERS = 30;
/** Paragraphs shorter than this do not vote on the article's language. */
const VOTE_MIN_CHARS = 20;

export interface SettledLanguages {
  /** The article's language: the length-weighted majority of its paragraphs, or undefined. */
  article: string | undefined;
  /** Per block: its own language where it differs from the article's, else undefined. */
  blocks: Array<string | undefined>;
}

/**
 * Languages by paragraph. `given` is the article's language when metadata or configuration set it;
 * detection then only finds the paragraphs written in another language (a quoted Spanish
 * paragraph in an English article).
 */
export function settleLanguages(
  blocks: readonly Block[],
  detector: LanguageDetector,
  given: string | undefined,
): SettledLanguages {
  const detected = blocks.map((b) =>
    b.translate && isProse(b) && b.text.length >= VOTE_MIN_CHARS ? detector.detect(b.text) : undefined,
  );
  let article = given;
  if (!article) {
    const weight = new Map<string, number>();
    detected.forEach((lang, i) => {
      if (lang) weight.set(lang, (weight.get(lang) ?? 0) + (blocks[i]?.text.length ?? 0));
    });
    article = [...weight].sort((a, b) => b[1] - a[1])[0]?.[0];
  }
  // A brief of short paragraphs: together they are long enough to tell.
  if (!article) {
    const all = blocks
      .filter((b) => b.translate && isProse(b))
      .map((b) => b.text)
      .join('\n');
    article = detector.detect(all);
  }
  const own = blocks.map((b, i) => {
    const lang = detected[i];
    if (!lang || !article || b.text.length < OWN_LANGUAGE_MIN_CHARS || sameLanguage(lang, article))
      return undefined;
    const wordLetters = withoutNames(b.text).replace(/[^\p{L}]/gu, '').length;
    return wordLetters < OWN_LANGUAGE_MIN_WORD_LETTERS ? undefined : lang;
  });
  return { article, blocks: own };
}

/**
 * The language a unit is translated from into `target`, or undefined when it is copied as written:
 * not for translation (code), or already in the target language (a quote in that language).
 */
export function translationSource(
  unit: { translate: boolean; language?: string | undefined },
  articleLanguage: string,
  target: string,
): string | undefined {
  if (!unit.translate) return undefined;
  const source = unit.language ?? articleLanguage;
  return source !== 'auto' && sameLanguage(source, target) ? undefined : source;
}
