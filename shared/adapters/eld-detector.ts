import { eld } from 'eld/extrasmall';
import type { LanguageDetector } from '../ports.ts';
import { withoutNames } from '../text/words.ts';

/** A longer text adds nothing to the decision and costs time on a 10 MB article. */
const SAMPLE_CHARS = 2000;
/** Scores within this fraction of the best are a tie that n-grams alone cannot settle. */
const NEAR_TIE = 0.02;
/** Below this length, names can outweigh the words ("Matt Britzman, analista de renta" reads as Romanian). */
const SHORT_TEXT = 200;
/** Letters that must remain once names are set aside, for the rest to be worth a decision. */
const MIN_LETTERS_WITHOUT_NAMES = 14;

/**
 * The most frequent function words of the languages eld most often confuses on short news text
 * (names pull n-gram scores towards Tagalog, Romanian or Portuguese): a tie-break, not a detector.
 */
const FUNCTION_WORDS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries({
    en: 'the of and to in a is that for on with as was by at from his her it an are were has have of',
    es: 'el la los las de del y en que un una por con para es su al lo se como más pero sus le ha',
    pt: 'o a os as de do da dos das e em que um uma por com para é não no na ao se mais',
    fr: 'le la les de des du et en un une est que pour dans par sur au aux qui ne pas se il',
    it: 'il la le lo gli di del della e che un una per con non è nel alla sono ha dei',
    ca: 'el la els les de del i en que un una per amb és no al als es va',
    ro: 'și în de la cu pe că nu un o este din care pentru ca al lui se',
    de: 'der die das und in den von zu mit ist des nicht sich auf für im dem ein eine',
    nl: 'de het een van en in is dat op te met voor niet zijn aan er',
    tl: 'ang ng sa na mga at ay si ni kay para hindi ito',
    sv: 'och att det som en på är av för med till den har inte',
    no: 'og i det som en på er av for med til den har ikke',
    da: 'og i det som en på er af for med til den har ikke',
    pl: 'i w na z że do nie się jest to jak po od',
    et: 'ja on et ei see oli ka kui mis aga',
  }).map(([lang, words]) => [lang, new Set(words.split(' '))]),
);

/** Function words of `lang` in the text that `rival` does not share ("que" counts for neither es nor pt). */
function distinctiveHits(text: string, lang: string, rival: string): number {
  const words = FUNCTION_WORDS[lang];
  const rivals = FUNCTION_WORDS[rival];
  if (!words || !rivals) return 0;
  return (text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => words.has(w) && !rivals.has(w)).length;
}

/**
 * eld (Efficient Language Detector) with its smallest n-gram database, chosen by
 * `npm run bench:langid` (bench/RESULTS.md): 98.7–99.3% correct on 40-character news snippets,
 * where franc-min with a near-tie rule scored 52–64%. Codes are ISO 639-1, as Amazon Translate's.
 */
export class EldDetector implements LanguageDetector {
  readonly name = 'eld';

  detect(text: string): string | undefined {
    if (text.length < SHORT_TEXT) {
      const words = withoutNames(text);
      if (words !== text && words.replace(/[^\p{L}]/gu, '').length >= MIN_LETTERS_WITHOUT_NAMES) {
        const found = this.decide(words);
        if (found) return found;
      }
    }
    return this.decide(text);
  }

  /**
   * What `auto` answers when it must answer: the detection when sure, else eld's best score
   * (a one-line text is often too short to be sure, and Amazon Translate still translates it).
   */
  bestGuess(text: string): string | undefined {
    return this.detect(text) ?? (eld.detect(text.slice(0, SAMPLE_CHARS)).language || undefined);
  }

  private decide(text: string): string | undefined {
    const sample = text.slice(0, SAMPLE_CHARS);
    const result = eld.detect(sample);
    if (!result.language) return undefined;
    const ranked = Object.entries(result.getScores()).sort((a, b) => b[1] - a[1]);
    const [best, runnerUp] = ranked;
    if (best && runnerUp && runnerUp[1] >= best[1] * (1 - NEAR_TIE)) {
      const a = distinctiveHits(sample, best[0], runnerUp[0]);
      const b = distinctiveHits(sample, runnerUp[0], best[0]);
      if (b > a) return runnerUp[0];
      if (a > b) return best[0];
    }
    // Too few n-grams, or two languages too close to call: better to ask than to guess wrong.
    return result.isReliable() ? result.language : undefined;
  }
}
