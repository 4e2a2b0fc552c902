/**
 * Names stay names on the local engine, as on Amazon Translate. Apertium's English analyser reads
 * "Marsh", "Trump" or "Harbour Lines" as the common nouns marsh, trump, harbour and lines, so the
 * pair translates a name as words ("Pantano", "Triunfo"). Between the analyser and the rest of the
 * pipeline, a capitalised word in mid-sentence that the dictionary knows only in lower case
 * becomes a proper noun (`<np>`): the transfer rules then move it as a name, and it is generated
 * as written. A name the dictionary knows as a name ("Russia" → "Rusia") keeps its translation.
 *
 * The decision needs the dictionary's own case, which only the analyser's `-w` mode shows (its
 * output cannot replace the normal mode's: the generator takes case from the lemma). Only
 * capitalised words need it, and an analysis does not depend on the words around it, so the `-w`
 * analyser reads each capitalised word once, alone (DictionaryCase in apertium.ts), instead of
 * the whole text a second time.
 */
import {
  NAME_CLOSE,
  NAME_OPEN,
  REQUEST_SEPARATOR,
  readStream,
  replaceUnits,
  SECOND_LEG,
} from './apertium-stream.ts';

/** One lexical unit `^surface/analysis/...$` of Apertium's stream, where it stands in the text. */
export interface LexicalUnit {
  start: number;
  end: number;
  surface: string;
  analyses: string[];
}

export function lexicalUnits(stream: string): LexicalUnit[] {
  return [...readStream(stream, { units: true })].flatMap((t) =>
    t.kind === 'unit' && t.analyses.length > 0
      ? [{ start: t.start, end: t.end, surface: t.surface, analyses: t.analyses }]
      : [],
  );
}

/**
 * Words that are not names however they are written: titles and roles before a name ("Mayor Elena
 * Marsh" → "alcaldesa Elena Marsh"), month abbreviations and feasts, which the engine translates.
 */
const NOT_NAMES = new Set(
  `president vice prime minister secretary senator sen governor gov mayor judge justice chancellor king queen
  prince princess pope bishop archbishop cardinal father chief director professor prof doctor dr
  sir lord lady dame speaker commissioner ambassador councillor councilor representative rep congressman
  congresswoman officer detective sergeant captain colonel lieutenant general admiral major commander coach
  manager chairman chairwoman chair deputy attorney inspector constable superintendent sheriff mr mrs ms miss
  saint st uncle aunt leader head spokesman spokeswoman spokesperson founder
  jan feb mar apr jun jul aug sep sept oct nov dec christmas easter`.split(/\s+/),
);

/**
 * Institutions and titles of works are named with words the engine translates well, as a human
 * translator does ("Department of Justice" → "Departamento de Justicia", "Fiscal Responsibility
 * Act"): a span of capitalised words with one of these, or a title of three capitals or more with
 * "the" inside ("Memories of the Land and Water"), is left to the engine.
 */
const INSTITUTIONS = new Set(
  `council commission parliament department ministry congress house senate party act regulation law bill court
  committee agency office division section forum union bank fund institute association organization
  organisation authority government assembly federation foundation board bureau service army navy police
  project gallery museum university school college hospital station airport church cathedral day`.split(
    /\s+/,
  ),
);
/**
 * The last word of a company's name made of dictionary words ("Whole Foods", "Atlantic Capital",
 * "Harbour Ferries"): the run of capitals it ends is a name, at the start of a sentence too.
 */
const COMPANY_WORDS = new Set(
  `foods capital ferries airlines airways lines motors group holdings partners systems technologies
  industries ventures energy media labs pharmaceuticals logistics brands stores markets networks
  communications studios entertainment records insurance investments securities properties resources
  shipping railways rail express telecom`.split(/\s+/),
);
/**
 * Companies named with a dictionary word, which the engine translates at the start of a sentence
 * ("Amazon bought" → "La amazona compró"); in mid-sentence any such word is a name already.
 */
const COMPANIES = new Set(
  `Amazon Apple Shell Target Oracle Visa Meta Alphabet Gap Subway Chase Delta Orange Sky Virgin Next
  Jaguar Caterpillar Puma Mercury Ford Fox Unilever Shein Zara Mango Boots Tesco Sainsbury Vodafone Siemens`.split(
    /\s+/,
  ),
);
/** Reporting verbs that come before their speaker ("said Karen Holloway"). */
const REPORTING = new Set([
  'say',
  'add',
  'explain',
  'note',
  'write',
  'warn',
  'insist',
  'reply',
  'tell',
  'ask',
]);

/** Words inside one name or title ("and" joins two names: "Expert Flyer and Seat Guru"). */
const LINKING = new Set(['of', 'the', 'for', 'in', 'on', 'de', 'del', 'la']);

const lemmaOf = (analysis: string) => analysis.split('+')[0]?.split('<')[0] ?? '';
const isUnknown = (lu: LexicalUnit) => lu.analyses[0]?.startsWith('*') ?? false;
const hasLetter = (surface: string) => /\p{L}/u.test(surface);
/** Capital then small letters: "Marsh", "McAdam"; not "NATO" (an acronym) or "marsh". */
const isCapitalised = (surface: string) => /^\p{Lu}[\p{L}'’-]*\p{Ll}/u.test(surface.replace(/\\/g, ''));
const endsSentence = (lu: LexicalUnit) => lu.analyses.some((a) => a.includes('<sent>'));
const lowerLemmas = (lu: LexicalUnit) => lu.analyses.map((a) => lemmaOf(a).toLowerCase());

type Kind = 'unknown' | 'title' | 'name' | 'adjective' | 'common' | 'other';

/**
 * What a capitalised word is to the dictionary: unknown (copied as written anyway), a title or
 * role, a name it knows, an adjective or a common word written with a capital (the two that are
 * translated as words), or a word it knows with a capital ("Monday", "American": translated).
 */
function kindOf(normal: LexicalUnit, dictionary: readonly string[] | undefined): Kind {
  if (isUnknown(normal)) return 'unknown';
  // Not analysed alone as it was in the text: left to the engine.
  if (!dictionary) return 'other';
  const lemmas = dictionary.map(lemmaOf);
  const plain = (word: string) => word.toLowerCase().replace(/\.$/, '');
  if (NOT_NAMES.has(plain(normal.surface)) || lemmas.some((l) => NOT_NAMES.has(plain(l)))) return 'title';
  const names = dictionary.filter((a) => a.includes('<np>'));
  const words = dictionary.filter((a) => !a.includes('<np>')).map(lemmaOf);
  // A name only, or a name the dictionary also has as a word with a capital ("March"): translated.
  if (words.length === 0 || (names.length > 0 && words.some((l) => !/^\p{Ll}/u.test(l)))) {
    return names.length > 0 ? 'name' : 'other';
  }
  if (words.some((l) => !/^\p{Ll}/u.test(l))) return 'other';
  // A name the dictionary also has as a common word ("Marsh" in English-Catalan): the tagger
  // may pick the word; as a candidate it is kept as the name.
  return normal.analyses.some((a) => a.includes('<adj>')) ? 'adjective' : 'common';
}

/** Only a plural common noun: "Republicans", "Democrats" read as words unless part of a longer name. */
const onlyPlural = (lu: LexicalUnit) => lu.analyses.every((a) => a.includes('<pl>'));
const givenName = (lu: LexicalUnit | undefined) => lu?.analyses.some((a) => a.includes('<np><ant>')) ?? false;

/**
 * Whether a run of adjacent capitalised words is a name the engine would translate as words: it
 * has a common word, and more than one word that is not translated as a word or a singular one
 * ("Marsh", "Harbour Lines", "Alaska Airlines"; not "Democrats" alone); or an unknown word beside
 * an adjective ("Urban Taskforce"); or an adjective before a name ("West Hollywood") or after a given
 * name (a surname: "Kenneth Polite").
 */
function isName(kinds: readonly Kind[], units: readonly LexicalUnit[]): boolean {
  const count = (k: Kind) => kinds.filter((x) => x === k).length;
  // "Karen Holloway", "Joana Mendes": a given name and a surname stay one unit the rules cannot split.
  if (units.length > 1 && kinds.every((k) => k === 'name' || k === 'unknown')) return true;
  if (units.length === 1 && COMPANIES.has(units[0]?.surface ?? '')) return true;
  const common = units.filter((_, i) => kinds[i] === 'common');
  if (
    common.length > 0 &&
    (common.length + count('unknown') + count('name') > 1 || common.some((u) => !onlyPlural(u)))
  )
    return true;
  if (count('unknown') > 0 && count('adjective') > 0) return true;
  // "West Hollywood": an adjective before a name is part of it; after a given name, a surname, as
  // is a capitalised word ("Brian May", not "Mayo de Brian").
  return kinds.some((k, i) => (k === 'adjective' && kinds[i + 1] === 'name') || surname(kinds, units, i));
}

/**
 * A word after a given name (one the dictionary knows, or an unknown capitalised word: "Theresa")
 * that reads as an adjective or a capitalised word: the surname.
 */
function surname(kinds: readonly Kind[], units: readonly LexicalUnit[], i: number): boolean {
  const afterName = i > 0 && (givenName(units[i - 1]) || kinds[i - 1] === 'unknown');
  return (kinds[i] === 'adjective' || kinds[i] === 'other') && afterName;
}

/**
 * A title-case line ("Council Approves Harbour Tram") is a headline, not a run of names: it
 * capitalises a verb in mid-sentence, which no name is.
 */
function isHeadline(units: readonly LexicalUnit[], initial: readonly boolean[]): boolean {
  return units.some(
    (u, i) =>
      !initial[i] &&
      isCapitalised(u.surface) &&
      !isUnknown(u) &&
      u.analyses.every((a) => /<(vblex|vbser|vbhaver|vbmod|vaux|vbdo)>/.test(a)),
  );
}

/**
 * The surfaces whose dictionary-case analysis protectNames may ask for: the capitalised words of
 * an analysed stream, each once.
 */
export function capitalisedSurfaces(units: readonly LexicalUnit[]): string[] {
  return [...new Set(units.flatMap((u) => (isCapitalised(u.surface) ? [u.surface] : [])))];
}

/**
 * The dictionary-case analyses of an `lt-proc -w` answer to capitalised words sent alone, by
 * surface. A surface that did not come back as one unit of its own is absent.
 */
export function analysesBySurface(answer: string): Map<string, string[]> {
  return new Map(lexicalUnits(answer).map((u) => [u.surface, u.analyses]));
}

/** The stream cut at line breaks (request separators, a line of its own): [start, end) of units. */
function lineSegments(normal: string, units: readonly LexicalUnit[]): Array<[number, number]> {
  const segments: Array<[number, number]> = [];
  let from = 0;
  units.forEach((unit, i) => {
    const next = units[i + 1];
    // A line break (a request separator, or a line of its own) ends a segment.
    if (!next || normal.slice(unit.end, next.start).includes('\n')) {
      segments.push([from, i + 1]);
      from = i + 1;
    }
  });
  return segments;
}

type DictionaryCase = (surface: string) => readonly string[] | undefined;

/** A span of capitalised words from `i`, joined by plain spaces or linking words. */
function capitalSpan(
  normal: string,
  units: readonly LexicalUnit[],
  i: number,
  end: number,
): { capitals: number[]; next: number; titled: boolean } {
  const capitals = [i];
  let titled = false;
  let j = i + 1;
  while (j < end) {
    const next = units[j];
    const prev = units[j - 1];
    if (!next || !prev || normal.slice(prev.end, next.start) !== ' ') break;
    if (isCapitalised(next.surface)) capitals.push(j);
    else if (LINKING.has(next.surface.toLowerCase()) && isCapitalised(units[j + 1]?.surface ?? '')) {
      if (next.surface.toLowerCase() === 'the') titled = true;
    } else break;
    j++;
  }
  return { capitals, next: j, titled };
}

/** Adjacent capitals from `i` (no linking words): a run that may be one name. */
function adjacentRun(capitals: readonly number[]): number[] {
  const run: number[] = [];
  for (const k of capitals) {
    if (run.length > 0 && k !== (run[run.length - 1] ?? -2) + 1) break;
    run.push(k);
  }
  return run;
}

/** Marks the run's units to keep when the run is a name: all but titles and capitalised words. */
function judgeRun(
  run: readonly number[],
  units: readonly LexicalUnit[],
  keep: boolean[],
  dictionaryCase: DictionaryCase,
): boolean {
  const runUnits = run.map((k) => units[k] as LexicalUnit);
  const kinds = runUnits.map((unit) => kindOf(unit, dictionaryCase(unit.surface)));
  const last = runUnits[runUnits.length - 1]?.surface.toLowerCase() ?? '';
  // "Whole Foods", "Atlantic Capital": every word of a company's name, whatever the dictionary says.
  const company = run.length > 1 && COMPANY_WORDS.has(last);
  if (!company && !isName(kinds, runUnits)) return false;
  run.forEach((k, n) => {
    keep[k] = kinds[n] !== 'title' && (company || kinds[n] !== 'other' || surname(kinds, runUnits, n));
  });
  return true;
}

/**
 * Whether the capitalised word opening a sentence starts a name the engine would split or
 * translate: a company ("Amazon bought"), a company's name of several words ("Harbour Ferries
 * said"), or a given name and surname ("Karen Holloway said").
 */
function opensName(
  run: readonly number[],
  units: readonly LexicalUnit[],
  dictionaryCase: DictionaryCase,
): boolean {
  const runUnits = run.map((k) => units[k] as LexicalUnit);
  if (runUnits.length === 1) return COMPANIES.has(runUnits[0]?.surface ?? '');
  if (COMPANY_WORDS.has(runUnits[runUnits.length - 1]?.surface.toLowerCase() ?? '')) return true;
  const kinds = runUnits.map((u) => kindOf(u, dictionaryCase(u.surface)));
  return kinds.every((kind, i) => kind === 'name' || kind === 'unknown' || surname(kinds, runUnits, i));
}

/** Marks in `keep` the units of one line that are names to keep as they are written. */
function markNames(
  normal: string,
  units: readonly LexicalUnit[],
  [start, end]: [number, number],
  keep: boolean[],
  dictionaryCase: DictionaryCase,
): void {
  // Which words open a sentence (after the start, ".", "!" or "?" and any quotes or brackets).
  const initial: boolean[] = [];
  let opening = true;
  for (const unit of units.slice(start, end)) {
    const word = hasLetter(unit.surface);
    initial.push(word && opening);
    if (word) opening = false;
    else if (endsSentence(unit)) opening = true;
  }
  if (isHeadline(units.slice(start, end), initial)) return;
  let sentenceStart = true;
  let i = start;
  while (i < end) {
    const unit = units[i];
    if (!unit) break;
    if (!hasLetter(unit.surface)) {
      if (endsSentence(unit)) sentenceStart = true;
      i++;
      continue;
    }
    const opens = sentenceStart && isCapitalised(unit.surface);
    const span = isCapitalised(unit.surface) ? capitalSpan(normal, units, i, end) : undefined;
    if (!span || (opens && !opensName(adjacentRun(span.capitals), units, dictionaryCase))) {
      sentenceStart = false;
      i++;
      continue;
    }
    sentenceStart = false;
    const institution = span.capitals.some((k) => {
      const u = units[k];
      return u !== undefined && lowerLemmas(u).some((l) => INSTITUTIONS.has(l));
    });
    if (!institution && !(span.titled && span.capitals.length >= 3)) {
      // Within the span, each run of adjacent capitals is one name or none.
      let rest = span.capitals;
      while (rest.length > 0) {
        const run = adjacentRun(rest);
        judgeRun(run, units, keep, dictionaryCase);
        rest = rest.slice(run.length);
      }
    }
    i = span.next;
  }
}

/**
 * Reporting verbs before their speaker ("…, said Karen Holloway") as the finite verb: the tagger
 * read "said" as the adjective ("Karen dicha Holloway"), which the rules moved into the name.
 */
function finiteReporting(
  normal: string,
  units: readonly LexicalUnit[],
  keep: readonly boolean[],
): Map<number, string> {
  const verbs = new Map<number, string>();
  units.forEach((unit, i) => {
    const previous = units[i - 1];
    const next = units[i + 1];
    if (!previous || !next || !isCapitalised(next.surface)) return;
    if (!keep[i + 1] && !next.analyses.some((a) => a.includes('<np>'))) return;
    const afterClause = previous.surface === ',' || /["”'’»]/.test(normal.slice(previous.start, unit.start));
    const finite = unit.analyses.filter((a) => REPORTING.has(lemmaOf(a)) && /<vblex><(past|pri)>/.test(a));
    if (afterClause && finite.length > 0 && finite.length < unit.analyses.length)
      verbs.set(i, `^${unit.surface}/${finite.join('/')}$`);
  });
  return verbs;
}

/** Which units belong to a second leg's request (its first blank says so, until the request's end). */
function secondLegUnits(normal: string, units: readonly LexicalUnit[]): boolean[] {
  let second = false;
  return units.map((unit, i) => {
    const gap = normal.slice(units[i - 1]?.end ?? 0, unit.start);
    if (gap.includes(REQUEST_SEPARATOR)) second = false;
    if (gap.includes(SECOND_LEG)) second = true;
    return second;
  });
}

/** In a second leg: the words between a name's marks are the name again, and nothing else is. */
function markMarkedNames(
  normal: string,
  units: readonly LexicalUnit[],
  [start, end]: [number, number],
  keep: boolean[],
): void {
  let open: number | undefined;
  for (let i = start; i < end; i++) {
    const unit = units[i] as LexicalUnit;
    if (normal.slice(units[i - 1]?.end ?? 0, unit.start).includes(NAME_OPEN)) open = i;
    const after = normal.slice(unit.end, units[i + 1]?.start ?? normal.length);
    if (open !== undefined && after.includes(NAME_CLOSE)) {
      for (let k = open; k <= i; k++) keep[k] = true;
      open = undefined;
    }
  }
}

/** Each maximal run of kept units separated by single spaces becomes one proper noun. */
function rewriteKept(
  normal: string,
  units: readonly LexicalUnit[],
  keep: readonly boolean[],
  replaced: ReadonlyMap<number, string>,
  secondLeg: readonly boolean[],
): string {
  let out = '';
  let cursor = 0;
  let i = 0;
  while (i < units.length) {
    const unit = units[i];
    const replacement = replaced.get(i);
    if (unit && replacement) {
      out += normal.slice(cursor, unit.start) + replacement;
      cursor = unit.end;
    }
    if (!unit || !keep[i]) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < units.length && keep[j] && normal.slice(units[j - 1]?.end ?? 0, units[j]?.start ?? 0) === ' ')
      j++;
    const last = units[j - 1] ?? unit;
    const name = replaceUnits(normal.slice(unit.start, last.end), (u) => u.surface);
    // Marked in its lemma, so that the marks move with the name through reordering.
    // A second leg's pairs (es-fr, es-pt, spa-ita) read a place name's tags, not English's "al".
    const tags = secondLeg[i] ? '<np><loc>' : '<np><al><sg>';
    out += `${normal.slice(cursor, unit.start)}^${name}/${NAME_OPEN}${name}${NAME_CLOSE}${tags}$`;
    cursor = last.end;
    i = j;
  }
  return out + normal.slice(cursor);
}

/**
 * Rewrites the analysed stream `normal` (lt-proc) so that names the dictionary reads as common
 * words are proper nouns: a run of such words (with unknown capitalised words beside them) becomes
 * one `<np>` unit. `dictionaryCase` gives a capitalised word's analyses in the dictionary's case
 * (`lt-proc -w`); a word it has none for is left to the engine. `units` are `normal`'s, when read already.
 */
export function protectNames(
  normal: string,
  dictionaryCase: (surface: string) => readonly string[] | undefined,
  units: readonly LexicalUnit[] = lexicalUnits(normal),
): string {
  // Mark, per unit, whether it is a name to keep; the requests of a flush are judged one by one.
  const keep = new Array<boolean>(units.length).fill(false);
  const secondLeg = secondLegUnits(normal, units);
  for (const segment of lineSegments(normal, units)) {
    if (secondLeg[segment[0]]) markMarkedNames(normal, units, segment, keep);
    else markNames(normal, units, segment, keep, dictionaryCase);
  }
  return rewriteKept(normal, units, keep, finiteReporting(normal, units, keep), secondLeg);
}
