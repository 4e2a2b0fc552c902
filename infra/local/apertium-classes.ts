/**
 * One translation per text, whatever came before it. apertium-tagger changes its own model as it
 * reads: a word whose ambiguity class (the set of coarse tags of its analyses) was not in its
 * training overwrites the tag set the tagger gives every later unknown word (Apertium 3.8,
 * tagger_utils.cc: find_similar_ambiguity_class assigns through a reference to the open class).
 * A long-lived tagger then tags a text by the texts before it: 7 of 149 WMT24 paragraphs came out
 * differently the second time through one pipeline ("dijo" / "dichos", "introducir" / "introduce").
 *
 * Such words are few ("I" as a numeral or a pronoun, "near", "included", "known", "till"), and the
 * tagger says which they are in its debug mode. Before the tagger, each ambiguous word is looked
 * up once per process (a tagger of its own answers, `-d`); a word of an unknown class loses the
 * analysis whose loss leaves a class the tagger knows, so the tagger never sees a new class and
 * never changes. Whether a class is known does not depend on the tagger's state, so the probe's
 * own changes do not matter.
 */
import type { LexicalUnit } from './apertium-names.ts';
import { replaceUnits } from './apertium-stream.ts';

/** An ambiguous word as the tagger reads it: its analyses (lemma and tags), in order. */
export type Analyses = readonly string[];
const keyOf = (analyses: Analyses) => analyses.join('/');

/**
 * The probe's stream: each set of analyses as a word of its own, named by its index, in a
 * sentence of its own (its class is judged the same anywhere).
 */
export function probeStream(sets: readonly Analyses[]): string {
  return sets.map((analyses, i) => `^p${i}/${analyses.join('/')}$^./.<sent>$ `).join('');
}

/** The indexes of the probe's words that the tagger reported with a new ambiguity class. */
export function novelWords(answer: string): Set<number> {
  return new Set([...answer.matchAll(/^Word 'p(\d+)'\.$/gm)].map((m) => Number(m[1])));
}

/**
 * Which analysis of a word of an unknown class to drop first: the readings least likely in news
 * text (a roman numeral "I", an interjection, an adverb "included"), verbs last.
 */
const DROP_ORDER = ['<num>', '<ij>', '<adv>', '<preadv>', '<adj>', '<n>', '<pr>'];
function dropRank(analysis: string): number {
  const rank = DROP_ORDER.findIndex((tag) => analysis.includes(tag));
  return rank < 0 ? DROP_ORDER.length : rank;
}

/** The word without one of its analyses, in the order to try them. */
export function withOneDropped(analyses: Analyses): Analyses[] {
  return analyses
    .map((analysis, i) => ({ rank: dropRank(analysis), i }))
    .sort((a, b) => a.rank - b.rank || b.i - a.i)
    .map(({ i }) => analyses.filter((_, k) => k !== i));
}

/** Asks a tagger (debug mode, stderr with stdout) about a probe stream; resolves with its answer. */
export type AskTagger = (probe: string) => Promise<string>;

/** Distinct ambiguous words kept per process; past this the memory starts again. */
const KNOWN_WORDS = 50_000;

/**
 * What the tagger gets for each ambiguous word: its own analyses when their class is known, else
 * a subset whose class is (the first analysis alone when no single drop gives one).
 */
export class TaggerClasses {
  /** Per word (its analyses), the analyses to give the tagger. */
  private readonly settled = new Map<string, Analyses>();
  private readonly ask: AskTagger;
  /** How many words get fewer analyses than the analyser gave: none, and flushes pass as they are. */
  private rewritten = 0;
  constructor(ask: AskTagger) {
    this.ask = ask;
  }

  /** `stream` (an analysed flush) with every ambiguous word in a class the tagger knows. */
  async settle(stream: string, units: readonly LexicalUnit[]): Promise<string> {
    const unseen = new Map<string, Analyses>();
    for (const unit of units) {
      if (unit.analyses.length < 2 || unit.analyses[0]?.startsWith('*')) continue;
      const key = keyOf(unit.analyses);
      if (!this.settled.has(key)) unseen.set(key, unit.analyses);
    }
    if (unseen.size > 0) await this.learn([...unseen.values()]);
    if (this.rewritten === 0) return stream;
    return replaceUnits(stream, (unit) => {
      const given = this.settled.get(keyOf(unit.analyses));
      return given && keyOf(given) !== keyOf(unit.analyses)
        ? `^${unit.surface}/${keyOf(given)}$`
        : stream.slice(unit.start, unit.end);
    });
  }

  private async learn(words: readonly Analyses[]): Promise<void> {
    if (this.settled.size + words.length > KNOWN_WORDS) {
      this.settled.clear();
      this.rewritten = 0;
    }
    const novel = novelWords(await this.ask(probeStream(words)));
    const strays = words.filter((_, i) => novel.has(i));
    for (const [i, analyses] of words.entries())
      if (!novel.has(i)) this.settled.set(keyOf(analyses), analyses);
    if (strays.length === 0) return;
    // Every single drop of every stray word, asked at once; the first known one wins.
    const candidates = strays.map(withOneDropped);
    const flat = candidates.flat();
    const novelCandidates = novelWords(await this.ask(probeStream(flat)));
    let at = 0;
    for (const [s, analyses] of strays.entries()) {
      const options = candidates[s] ?? [];
      const known = options.findIndex((_, k) => !novelCandidates.has(at + k));
      at += options.length;
      this.settled.set(keyOf(analyses), known >= 0 ? (options[known] ?? analyses) : analyses.slice(0, 1));
      this.rewritten++;
    }
  }
}
