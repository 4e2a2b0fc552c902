/**
 * Deletion-based sentence compression, the way a sub-editor turns a news sentence into a gist:
 * drop what carries no news (datelines, parentheticals, leading adjuncts, attributions, relative
 * clauses, time adjuncts, trailing clauses) and keep the subject, the main verb and its object,
 * negations and numbers. Rules over a light lexical tagger, not a statistical parser: the npm
 * taggers we measured cost 240–900 ms of cold init (bench/RESULTS.md), a Lambda's whole budget.
 * Every rule deletes whole tokens, so the output is a subsequence of the sentence's words.
 */
import {
  ADVERB_KEEP,
  AUXILIARIES,
  CLAUSE_OPENERS,
  DETERMINERS,
  IRREGULAR_PAST,
  LEADING_ADJUNCT_OPENERS,
  PREPOSITIONS,
  PRESENT_VERBS,
  PRONOUNS,
  REPORTING_VERBS,
  SPANISH_ATTRIBUTION,
  SPANISH_CLAUSE_OPENERS,
  SPANISH_LEADING_OPENERS,
  TIME_WORDS,
} from './lexicon.ts';

/** Each rule can be switched off, for the ablation table in bench:gists. */
export interface CompressionRules {
  dateline: boolean;
  parentheses: boolean;
  leadingAdjunct: boolean;
  attribution: boolean;
  reportedClause: boolean;
  relativeClauses: boolean;
  appositives: boolean;
  nameDescriptor: boolean;
  trailingClause: boolean;
  timeAdjuncts: boolean;
  adverbs: boolean;
  /** Tokens a main clause keeps after its verb before a trailing "and/as/while…" clause may go. */
  minTokensAfterVerb: number;
  /** A trailing prepositional phrase is dropped while the gist is longer than this many words. */
  targetWords: number;
}

export const DEFAULT_RULES: CompressionRules = {
  dateline: true,
  parentheses: true,
  leadingAdjunct: true,
  attribution: true,
  reportedClause: true,
  relativeClauses: true,
  appositives: true,
  nameDescriptor: true,
  trailingClause: true,
  timeAdjuncts: true,
  adverbs: true,
  minTokensAfterVerb: 4,
  targetWords: 13,
};

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  word: boolean;
}

const TOKEN =
  /\$?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.\-&%$/]*[\p{L}\p{N}%]|[\p{L}\p{N}]|\$[\d.,]+\w*|[^\s]/gu;

function tokenize(sentence: string): Token[] {
  const tokens: Token[] = [];
  for (const match of sentence.matchAll(TOKEN)) {
    const text = match[0];
    const start = match.index ?? 0;
    tokens.push({
      text,
      lower: text.toLowerCase(),
      start,
      end: start + text.length,
      word: /[\p{L}\p{N}]/u.test(text),
    });
  }
  return tokens;
}

const isComma = (t: Token | undefined) => t?.text === ',';
const isClauseBreak = (t: Token | undefined) => t !== undefined && /^[,;:—–]$/.test(t.text);
const isCapitalized = (t: Token | undefined) => t !== undefined && /^\p{Lu}/u.test(t.text);

/** A finite verb, by lexicon and shape: the light tagger this module needs. */
function isVerb(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!t?.word) return false;
  const w = t.lower;
  if (AUXILIARIES.has(w) || IRREGULAR_PAST.has(w) || PRESENT_VERBS.has(w) || REPORTING_VERBS.has(w))
    return !DETERMINERS.has(tokens[i - 1]?.lower ?? '');
  // "who owns", "which makes": a present verb right after a relative pronoun.
  if (/^[a-z]{2,}[^s'u]s$/.test(t.text) && ['who', 'which', 'that'].includes(tokens[i - 1]?.lower ?? ''))
    return true;
  if (/^[a-z]{3,}ed$/.test(t.text)) {
    const before = tokens[i - 1]?.lower ?? '';
    // "the injured man", "in disputed areas": participles used as adjectives.
    return !DETERMINERS.has(before) && !PREPOSITIONS.has(before);
  }
  return false;
}

/** Index of the main verb: the first verb outside commas-delimited asides, or -1. */
function mainVerb(tokens: readonly Token[], keep: readonly boolean[], from = 0): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    if (!keep[i]) continue;
    const t = tokens[i];
    if (!t) continue;
    if (isComma(t) && i > from) {
      // ", who …," ", the largest …," ", and the man …,": an aside until the next comma.
      const next = tokens[i + 1];
      const after = tokens[i + 2];
      const aside =
        next !== undefined &&
        (CLAUSE_OPENERS.has(next.lower) ||
          DETERMINERS.has(next.lower) ||
          (next.lower === 'and' && DETERMINERS.has(after?.lower ?? '')));
      depth = aside ? 1 : 0;
      continue;
    }
    if (depth === 0 && isVerb(tokens, i)) return i;
  }
  return -1;
}

/** "has alleged", "will not say": the last word of the verb group that starts at `verb`. */
function headVerb(tokens: readonly Token[], verb: number): number {
  if (verb < 0) return verb;
  let head = verb;
  for (let i = verb + 1; i < Math.min(tokens.length, verb + 4); i++) {
    const w = tokens[i]?.lower ?? '';
    if (AUXILIARIES.has(w) || w === 'not' || w === 'been' || /^[a-z]+ly$/.test(w)) continue;
    if (isVerb(tokens, i) || /^[a-z]{3,}(ed|en|ing)$/.test(w) || IRREGULAR_PAST.has(w)) head = i;
    break;
  }
  return AUXILIARIES.has(tokens[verb]?.lower ?? '') ? head : verb;
}

/**
 * "Birmingham poet Benjamin Zephaniah is…", "Pita restaurant chain Pita Pit has…": a descriptor
 * before a name that opens the sentence and is followed by its verb.
 */
function dropNameDescriptor(tokens: readonly Token[], keep: boolean[]): void {
  const start = firstKept(keep);
  const verb = mainVerb(tokens, keep, start);
  if (verb < 0) return;
  const subject = tokens.slice(start, verb);
  if (subject.some((t) => !t.word) || subject.length < 3) return;
  // Capitalised words, then lower-case descriptor words, then a name of two or more capitalised words.
  let i = 0;
  while (i < subject.length && isCapitalized(subject[i])) i++;
  let j = i;
  const descriptor = (t: Token | undefined) =>
    t !== undefined && !isCapitalized(t) && !DETERMINERS.has(t.lower) && !PREPOSITIONS.has(t.lower);
  while (j < subject.length && descriptor(subject[j])) j++;
  const name = subject.slice(j);
  if (j === i || name.length < 2 || !name.every(isCapitalized)) return;
  deleteRange(keep, start, start + j);
}

function deleteRange(keep: boolean[], from: number, to: number): void {
  for (let i = Math.max(0, from); i < Math.min(keep.length, to); i++) keep[i] = false;
}

function nextKept(keep: readonly boolean[], i: number): number {
  let j = i + 1;
  while (j < keep.length && !keep[j]) j++;
  return j;
}

/** Index of the next comma (or clause break) at or after `from`, among kept tokens; tokens.length if none. */
function nextBreak(tokens: readonly Token[], keep: readonly boolean[], from: number): number {
  for (let i = from; i < tokens.length; i++) if (keep[i] && isClauseBreak(tokens[i])) return i;
  return tokens.length;
}

/** Spanish finite verbs by shape: enough to tell a clause from a phrase after a comma. */
const SPANISH_VERB =
  /^(?:es|son|fue|fueron|era|eran|ha|han|había|habían|está|están|estaba|será|serán|hay|tiene|tienen|[a-záéíóúñ]{2,}(?:ó|aron|ieron|ará|erá|irá|arán|erán|irán|aba|aban|ía|ían))$/;

function hasVerb(tokens: readonly Token[], from: number, to: number, spanish = false): boolean {
  for (let i = from; i < to; i++) {
    if (spanish ? SPANISH_VERB.test(tokens[i]?.lower ?? '') : isVerb(tokens, i)) return true;
  }
  return false;
}

/** "NEW YORK (Reuters) —", "SOCHI, Russia": a wire dateline before the first word of the story. */
function dropDateline(tokens: readonly Token[], keep: boolean[]): void {
  let i = 0;
  while (tokens[i]?.word && /^[\p{Lu}.'’-]{2,}$/u.test(tokens[i]?.text ?? '')) i++;
  if (i === 0 || !tokens.slice(0, i).some((t) => t.text.length >= 3)) return;
  let j = i;
  let marked = i >= 2;
  if (isComma(tokens[j]) && isCapitalized(tokens[j + 1])) {
    j += 2;
    while (tokens[j]?.text === '.') j++;
    marked = true;
  }
  if (tokens[j]?.text === '(') {
    const close = tokens.findIndex((t, k) => k > j && t.text === ')');
    if (close > 0) j = close + 1;
    marked = true;
  }
  if (/^[-—–:]$/.test(tokens[j]?.text ?? '')) marked = true;
  while (tokens[j] && /^[-—–:]$/.test(tokens[j]?.text ?? '')) j++;
  // "POLICE are appealing…", "MICROSOFT Philippines is…": a shouted first word, not a dateline.
  if (!marked || !isCapitalized(tokens[j]) || tokens.length - j < 4) return;
  deleteRange(keep, 0, j);
}

function dropParentheses(tokens: readonly Token[], keep: boolean[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i]?.text;
    if (open !== '(' && open !== '[') continue;
    const close = open === '(' ? ')' : ']';
    const end = tokens.findIndex((t, k) => k > i && t.text === close);
    if (end > i) {
      deleteRange(keep, i, end + 1);
      i = end;
    }
  }
}

function firstKept(keep: readonly boolean[]): number {
  const i = keep.indexOf(true);
  return i < 0 ? keep.length : i;
}

/**
 * "At a ceremony in Charlotte, NC, Monday night, Aaron Donald won…": a leading prepositional,
 * temporal or subordinate phrase up to the comma after which a clause with a verb begins.
 */
function dropLeadingAdjunct(
  tokens: readonly Token[],
  keep: boolean[],
  openers: ReadonlySet<string>,
  spanish = false,
): void {
  let start = firstKept(keep);
  while (start < tokens.length && (!keep[start] || /^["“'‘]$/.test(tokens[start]?.text ?? ''))) start++;
  const first = tokens[start];
  if (!first) return;
  const timeDeterminer = ['this', 'last', 'next', 'earlier', 'later'].includes(first.lower);
  const opens =
    (timeDeterminer ? TIME_WORDS.has(tokens[start + 1]?.lower ?? '') : openers.has(first.lower)) ||
    TIME_WORDS.has(first.lower) ||
    (/ly$/.test(first.lower) && !ADVERB_KEEP.has(first.lower));
  if (!opens) return;
  let comma = nextBreak(tokens, keep, start);
  while (comma < tokens.length) {
    const after = nextBreak(tokens, keep, comma + 1);
    if (tokens[comma]?.text !== ':' && hasVerb(tokens, comma + 1, after, spanish) && after - comma > 3) {
      deleteRange(keep, start, comma + 1);
      return;
    }
    comma = after;
  }
}

/** ", police said." ", according to the ministry." and "X said on Monday that …". */
/** Reporting verbs with a listener as object. */
const TELL_FORMS = new Set(['told', 'tells', 'tell', 'telling']);
/** Words that start a reported clause after its listener. */
const CLAUSE_SUBJECTS = new Set(['he', 'she', 'they', 'we', 'i', 'you', 'it', 'there']);

function dropAttribution(tokens: readonly Token[], keep: boolean[], reported: boolean): void {
  dropQuoteAttribution(tokens, keep);
  // "according to …" up to the next break.
  for (let i = 0; i < tokens.length - 1; i++) {
    if (tokens[i]?.lower === 'according' && tokens[i + 1]?.lower === 'to' && keep[i]) {
      const end = nextBreak(tokens, keep, i + 2);
      const from = isComma(tokens[i - 1]) ? i - 1 : i;
      deleteRange(keep, from, end === tokens.length ? lastWordEnd(tokens) : end + (from === i ? 1 : 0));
    }
  }
  // A final ", X said/says/told reporters" segment.
  for (let i = tokens.length - 1; i > 0; i--) {
    if (!keep[i] || !isComma(tokens[i])) continue;
    const end = lastWordEnd(tokens);
    const segment = tokens.slice(i + 1, end);
    if (
      segment.length > 0 &&
      segment.length <= 12 &&
      segment.some((t) => REPORTING_VERBS.has(t.lower)) &&
      !segment.some((t) => t.lower === 'that')
    ) {
      deleteRange(keep, i, end);
    }
    break;
  }
  if (!reported) return;
  // "The ministry said (on Monday) (that) …": the reported clause is the news.
  const verb = headVerb(tokens, mainVerb(tokens, keep, firstKept(keep)));
  const t = tokens[verb];
  if (verb < 0 || !t || !REPORTING_VERBS.has(t.lower)) return;
  // "has been found dead": a passive reporting verb reports nothing.
  if (['been', 'be', 'being', 'is', 'was', 'were', 'are'].includes(tokens[verb - 1]?.lower ?? '')) return;
  let j = nextKept(keep, verb);
  // "told" has a listener before what was said: "told the BBC there was …" is not the news.
  const tells = TELL_FORMS.has(t.lower);
  let said = tells ? -1 : j;
  // "told an IOC conference in Sochi Wednesday that …": up to "that" within a short reach; after
  // "told", the reported clause may also start at its subject ("told Radio 4 he believed …").
  for (let k = j; k < Math.min(tokens.length, j + 10); k++) {
    if (!keep[k] || isClauseBreak(tokens[k]) || isVerb(tokens, k)) break;
    if (tokens[k]?.lower === 'that') {
      said = k + 1;
      break;
    }
    if (tells && k > j && CLAUSE_SUBJECTS.has(tokens[k]?.lower ?? '')) {
      said = k;
      break;
    }
  }
  // Where the listener ends is unknown: the attribution stays rather than leave it stranded.
  if (said < 0) return;
  j = said;
  const end = nextBreak(tokens, keep, j);
  if (end - j >= 3 && hasVerb(tokens, j + 1, end)) deleteRange(keep, firstKept(keep), j);
}

/** "Invensys, a leading supplier of …, has acquired InduSoft": the aside between subject and verb. */
function dropSubjectAppositive(tokens: readonly Token[], keep: boolean[]): void {
  const start = firstKept(keep);
  const verb = mainVerb(tokens, keep, start);
  if (verb < 0) return;
  let before = verb - 1;
  while (before > start && !keep[before]) before--;
  if (!isComma(tokens[before])) return;
  let first = start;
  while (first < before && !(keep[first] && isComma(tokens[first]))) first++;
  if (first >= before || first - start < 1 || hasVerb(tokens, start, first)) return;
  deleteRange(keep, first, before + 1);
}

/** '"…," the spokesman, Colonel Steve Warren, said.': the attribution after a closing quote. */
function dropQuoteAttribution(tokens: readonly Token[], keep: boolean[]): void {
  const end = lastWordEnd(tokens);
  for (let i = end - 1; i > 0 && end - i <= 12; i--) {
    if (!/^["”]$/.test(tokens[i]?.text ?? '')) continue;
    const tail = tokens.slice(i + 1, end);
    if (!tail.some((t) => REPORTING_VERBS.has(t.lower))) return;
    const punctuation = /^[,]$/.test(tokens[i - 1]?.text ?? '') ? i - 1 : i;
    deleteRange(keep, punctuation, end);
    return;
  }
}

/** "An investment guru who owns a mansion was busted": a relative clause inside the subject. */
function dropSubjectRelative(tokens: readonly Token[], keep: boolean[]): void {
  const start = firstKept(keep);
  for (let w = start + 1; w < tokens.length; w++) {
    if (!keep[w]) continue;
    if (isVerb(tokens, w) || isClauseBreak(tokens[w])) return;
    if (!['who', 'which', 'that'].includes(tokens[w]?.lower ?? '')) continue;
    const own = headVerb(tokens, mainVerb(tokens, keep, w + 1));
    if (own < 0) return;
    const main = mainVerb(tokens, keep, own + 1);
    if (main < 0 || tokens.slice(own + 1, main).some((t) => ['and', 'or', 'but', 'that'].includes(t.lower)))
      return;
    deleteRange(keep, w, main);
    return;
  }
}

function lastWordEnd(tokens: readonly Token[]): number {
  let end = tokens.length;
  while (end > 0 && !tokens[end - 1]?.word) end--;
  return end;
}

/** ", who …," ", which …": a relative clause after a comma, up to the next comma or the end. */
function dropRelativeClauses(tokens: readonly Token[], keep: boolean[], openers: ReadonlySet<string>): void {
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!keep[i] || !isComma(tokens[i])) continue;
    const next = tokens[i + 1];
    if (!next || !openers.has(next.lower)) continue;
    const end = nextBreak(tokens, keep, i + 1);
    // The clause closes at the next comma (which goes with it), or runs to the end of the sentence.
    deleteRange(keep, i, end === tokens.length ? lastWordEnd(tokens) : isComma(tokens[end]) ? end + 1 : end);
  }
}

/**
 * After the main verb and a little of its object: a trailing clause (", and …", "as …", "while
 * …", "after …", a participle) or coordinated verb phrase ("and wounded dozens") is dropped.
 */
function dropTrailingClause(
  tokens: readonly Token[],
  keep: boolean[],
  rules: CompressionRules,
  openers: ReadonlySet<string>,
): void {
  const verb = headVerb(tokens, mainVerb(tokens, keep, firstKept(keep)));
  if (verb < 0) return;
  let seen = 0;
  for (let i = verb + 1; i < tokens.length; i++) {
    if (!keep[i]) continue;
    const t = tokens[i];
    if (!t) continue;
    if (seen >= rules.minTokensAfterVerb) {
      const atComma = isClauseBreak(t);
      const opener = atComma ? tokens[nextKept(keep, i)] : t;
      const cut =
        (atComma && opener && (openers.has(opener.lower) || /ing$/.test(opener.lower))) ||
        (!atComma &&
          (openers.has(t.lower) ||
            (['and', 'but', 'or'].includes(t.lower) &&
              (isVerb(tokens, i + 1) || PRONOUNS.has(tokens[i + 1]?.lower ?? '')))));
      if (cut) {
        deleteRange(keep, i, lastWordEnd(tokens));
        return;
      }
      // A comma after the object that opens something else: the rest is an aside.
      if (atComma && opener && !/^\p{N}/u.test(opener.text)) {
        const end = nextBreak(tokens, keep, i + 1);
        if (end === tokens.length || hasVerb(tokens, i + 1, end)) {
          deleteRange(keep, i, lastWordEnd(tokens));
          return;
        }
      }
    }
    if (t.word) seen++;
  }
}

/** Words that lead into a time adjunct ("early on Wednesday", "late last night"). */
const TIME_LEADS = new Set(['this', 'last', 'next', 'earlier', 'late', 'early', 'later', 'until', 'since']);

/** "on Monday", "this morning", "last week", "Saturday": time adjuncts the gist can do without. */
function dropTimeAdjuncts(tokens: readonly Token[], keep: boolean[]): void {
  for (let i = 0; i < tokens.length; i++) {
    if (!keep[i] || !TIME_WORDS.has(tokens[i]?.lower ?? '')) continue;
    let from = i;
    let to = i + 1;
    // The whole date goes, never a piece of it: "on Monday, June 3, 2025", "March 12".
    const datePart = (k: number) =>
      TIME_WORDS.has(tokens[k]?.lower ?? '') || /^\d{1,2}(st|nd|rd|th)?$|^\d{4}$/.test(tokens[k]?.text ?? '');
    while (
      to < tokens.length &&
      (datePart(to) || (isComma(tokens[to]) && datePart(to + 1) && datePart(to - 1)))
    )
      to++;
    // "early on Wednesday", "in January", "late last night": the words that lead into it go too.
    for (let steps = 0; steps < 2; steps++) {
      const before = tokens[from - 1]?.lower ?? '';
      if (!keep[from - 1] || !(TIME_LEADS.has(before) || PREPOSITIONS.has(before)) || before === 'of') break;
      from--;
    }
    // "Monday's vote": a possessive time word modifies a noun; keep it.
    if (/['’]s$/.test(tokens[to - 1]?.text ?? '')) continue;
    // Never the whole subject: a time word right after a determiner is a noun ("the week").
    if (DETERMINERS.has(tokens[from - 1]?.lower ?? '') && from === i) continue;
    deleteRange(keep, from, to);
    i = to - 1;
  }
}

function dropAdverbs(tokens: readonly Token[], keep: boolean[]): void {
  tokens.forEach((t, i) => {
    if (t.word && /^[a-z]{4,}ly$/.test(t.text) && !ADVERB_KEEP.has(t.lower)) keep[i] = false;
  });
}

/** While the gist is long, drop its last prepositional phrase (never the object right after the verb). */
function trimTrailingPhrases(tokens: readonly Token[], keep: boolean[], rules: CompressionRules): void {
  const verb = mainVerb(tokens, keep, firstKept(keep));
  if (verb < 0) return;
  const words = () => tokens.filter((t, i) => keep[i] && t.word).length;
  while (words() > rules.targetWords) {
    let cut = -1;
    for (let i = lastWordEnd(tokens) - 1; i > verb + 2; i--) {
      if (keep[i] && PREPOSITIONS.has(tokens[i]?.lower ?? '') && tokens[i]?.lower !== 'of') {
        cut = i;
        break;
      }
    }
    if (cut < 0) return;
    deleteRange(keep, cut, lastWordEnd(tokens));
  }
}

/** Kept tokens back to text, with the sentence's own spacing and a capital and final stop restored. */
function render(sentence: string, tokens: readonly Token[], keep: readonly boolean[]): string {
  let out = '';
  let previousIndex = -1;
  tokens.forEach((t, i) => {
    if (!keep[i]) return;
    const previous = tokens[previousIndex];
    // Neighbours keep the sentence's own spacing; across a deletion, one space.
    if (previous) out += i === previousIndex + 1 ? sentence.slice(previous.end, t.start) : ' ';
    out += t.text;
    previousIndex = i;
  });
  out = out
    // A quotation whose words were all dropped leaves its two marks: "to arrive ' '." before.
    .replace(/\s*['‘"“]\s+['’"”](?=[\s.,;:!?]|$)/gu, '')
    .replace(/\s+([,;:.!?%)\]’”])/g, '$1')
    .replace(/([([“‘])\s+/g, '$1')
    .replace(/([,;:—–-])(\s*[,;:—–])+/g, '$1')
    .replace(/^[\s,;:—–-]+/, '')
    .replace(/[\s,;:—–-]+([.!?])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
  out = tightenStraightQuotes(balanceQuotes(out));
  out = withoutDanglingQuote(out).replace(/[\s,;:—–-]+$/, '');
  if (!/[.!?]["”’']?$/.test(out)) out += '.';
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/**
 * Straight quotes, paired in order (balanceQuotes), sit against the words they enclose: across a
 * deleted word a closing one was left after a space ('would "reduce card fraud ".').
 */
function tightenStraightQuotes(text: string): string {
  let inside = false;
  return text.replace(/(\s*)"(\s*)/g, (_, before: string, after: string) => {
    inside = !inside;
    return inside ? `${before}"` : `"${after}`;
  });
}

/**
 * Without a quote mark after a space at the very end, before at most the full stop: it cannot be
 * an apostrophe or a closing quote (both hold on to a word), so it opens a quotation the text
 * does not hold (Daily Mail paragraphs end with the next one's opening quote: "…noise began. '"
 * made the gist "…began. '."), or is left from one the compressor cut. Straight double quotes
 * are paired by balanceQuotes instead.
 */
export function withoutDanglingQuote(text: string): string {
  return text.replace(/\s+['‘“]([.!?]?)$/u, '$1');
}

/** A quote whose partner was deleted is dropped, so a gist never opens a quote it does not close. */
function balanceQuotes(text: string): string {
  let out = text;
  if ((out.match(/"/g) ?? []).length % 2 === 1) out = out.replace(/"(?=[^"]*$)/, '');
  const opens = (out.match(/“/g) ?? []).length;
  const closes = (out.match(/”/g) ?? []).length;
  if (opens !== closes) out = out.replace(/[“”]/g, '');
  return out.replace(/\s{2,}/g, ' ').replace(/\s+([,.;:!?])/g, '$1');
}

export type CompressionLanguage = 'en' | 'es' | 'other';

export function compressionLanguage(code: string | undefined): CompressionLanguage {
  const base = code?.toLowerCase().split('-')[0];
  return base === 'en' ? 'en' : base === 'es' ? 'es' : 'other';
}

/**
 * The sentence compressed (English rules, Spanish rules, or for other languages the sentence as it
 * is). The result keeps the sentence's own words in order and ends with sentence punctuation.
 */
/**
 * Words a sentence cannot end on: a conjunction, an article, a preposition, a possessive. A
 * compression that cut the phrase after one ("Annual inflation rose and.", "condemned the
 * irresponsibility of.") loses it too, and whatever punctuation was left before it.
 */
export const DANGLING = new Set(
  'and or but nor yet so of in on at to for with by from as into onto about over under after before than the a an his her its their our my your whose that which who whom'.split(
    ' ',
  ),
);
const SPANISH_DANGLING = new Set(
  'y e o u pero ni de del en a al por para con sin sobre entre hasta desde el la los las un una unos unas su sus que cuyo cuya'.split(
    ' ',
  ),
);

/** Unkeeps the dangling words at the end of what is kept, and a comma or dash left before them. */
function trimDangling(tokens: readonly Token[], keep: boolean[], dangling: ReadonlySet<string>): void {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i];
    if (!keep[i] || !token) continue;
    if (!token.word) {
      // Final punctuation stays (render puts the stop back); a comma or dash before the cut goes.
      if (/^[,;:—–-]$/.test(token.text)) keep[i] = false;
      continue;
    }
    if (!dangling.has(token.lower)) return;
    keep[i] = false;
  }
}

function dropDanglingEnd(tokens: readonly Token[], keep: boolean[], dangling: ReadonlySet<string>): void {
  // Only what a rule cut is at stake: a sentence kept whole ends as its writer ended it.
  if (!keep.every(Boolean)) trimDangling(tokens, keep, dangling);
}

const ANY_DANGLING: ReadonlySet<string> = new Set([...DANGLING, ...SPANISH_DANGLING]);

/** A gist cut by length (at most 40 words) loses the same dangling words at its end. */
export function withoutDanglingEnd(text: string): string {
  const tokens = tokenize(text);
  const keep = tokens.map(() => true);
  trimDangling(tokens, keep, ANY_DANGLING);
  const last = tokens.findLastIndex((t, i) => keep[i] && t.word);
  // Nothing but such words: left as it is.
  if (last < 0) return text.trim();
  const end = tokens.findLastIndex((_, i) => keep[i]);
  return text.slice(0, tokens[end]?.end ?? text.length).trim();
}

/** Words no finished sentence ends on, even as its writer wrote it: "and.", "the.", "of.", "their.". */
const NEVER_FINAL = new Set(
  'and or but nor the a an of its their our my your whose y e o u pero ni el la los las un una del al'.split(
    ' ',
  ),
);

/**
 * A gist still never ends on a dangling word where its source sentence ends so (`finished`:
 * whether that sentence ends with its stop): the source's paragraph was cut off ("Police were called to", "Tickets … go on sale and"), or the
 * word cannot end a sentence at all. A sentence that ends with its stop keeps a preposition it
 * strands ("what it was looking for.") and a particle ("is spot on.").
 */
const lastWord = (text: string) => (text.match(/[\p{L}\p{N}'’]+/gu) ?? []).at(-1)?.toLowerCase() ?? '';

export function withoutUnfinishedEnd(
  text: string,
  finished = /[.!?…]["”’')\]]*$/u.test(text.trim()),
): string {
  const trimmed = text.trim();
  const words = trimmed.match(/[\p{L}\p{N}'’]+/gu) ?? [];
  const last = lastWord(trimmed);
  if (!(NEVER_FINAL.has(last) || (!finished && ANY_DANGLING.has(last)))) return trimmed;
  // Nothing but such words ("and", "-from"): no gist at all.
  if (words.every((w) => ANY_DANGLING.has(w.toLowerCase()))) return '';
  let cut = withoutDanglingEnd(trimmed.replace(/[.!?…]+["”’')\]]*$/u, ''));
  // Glued to the word before ("mechanics...and"): the dangling words go by themselves.
  for (let n = 0; n < 3 && ANY_DANGLING.has(lastWord(cut)); n++)
    cut = cut.replace(/[\s.…,;:—–-]*[\p{L}'’]+$/u, '');
  // Too little left to stand alone: the writer's words as they are.
  return (cut.match(/[\p{L}\p{N}'’]+/gu) ?? []).length >= 2 ? cut : trimmed;
}

export function compressSentence(
  sentence: string,
  language: CompressionLanguage = 'en',
  rules: CompressionRules = DEFAULT_RULES,
): string {
  const trimmed = sentence.trim();
  const tokens = tokenize(trimmed);
  if (language === 'other' || tokens.length < 6) return trimmed;
  const keep = tokens.map(() => true);
  if (language === 'es') {
    if (rules.parentheses) dropParentheses(tokens, keep);
    if (rules.leadingAdjunct) dropLeadingAdjunct(tokens, keep, SPANISH_LEADING_OPENERS, true);
    if (rules.attribution) dropSpanishAttribution(tokens, keep);
    if (rules.relativeClauses) dropRelativeClauses(tokens, keep, SPANISH_CLAUSE_OPENERS);
  } else {
    if (rules.dateline) dropDateline(tokens, keep);
    if (rules.parentheses) dropParentheses(tokens, keep);
    if (rules.leadingAdjunct) dropLeadingAdjunct(tokens, keep, LEADING_ADJUNCT_OPENERS);
    if (rules.attribution) dropAttribution(tokens, keep, rules.reportedClause);
    if (rules.leadingAdjunct) dropLeadingAdjunct(tokens, keep, LEADING_ADJUNCT_OPENERS);
    if (rules.relativeClauses) dropRelativeClauses(tokens, keep, CLAUSE_OPENERS);
    if (rules.appositives) dropSubjectAppositive(tokens, keep);
    if (rules.relativeClauses) dropSubjectRelative(tokens, keep);
    if (rules.nameDescriptor) dropNameDescriptor(tokens, keep);
    if (rules.trailingClause) dropTrailingClause(tokens, keep, rules, CLAUSE_OPENERS);
    if (rules.timeAdjuncts) dropTimeAdjuncts(tokens, keep);
    if (rules.adverbs) dropAdverbs(tokens, keep);
    trimTrailingPhrases(tokens, keep, rules);
  }
  dropDanglingEnd(tokens, keep, language === 'es' ? SPANISH_DANGLING : DANGLING);
  // A compression that kept too little to stand alone (no verb, or a fragment) is not a gist.
  const keptWords = tokens.filter((t, i) => keep[i] && t.word).length;
  if (keptWords < 3) return trimmed;
  return render(trimmed, tokens, keep);
}

/** Whether the text has a finite verb, by this module's tagger: whether a clause can stand alone. */
export function hasFiniteVerb(text: string, language: CompressionLanguage): boolean {
  const tokens = tokenize(text);
  return hasVerb(tokens, 0, tokens.length, language === 'es');
}

/** ", dijo el ministro." ", según la policía," */
function dropSpanishAttribution(tokens: readonly Token[], keep: boolean[]): void {
  for (let i = 0; i < tokens.length; i++) {
    if (!keep[i] || !isComma(tokens[i])) continue;
    const next = tokens[i + 1]?.lower ?? '';
    if (!SPANISH_ATTRIBUTION.has(next)) continue;
    const end = nextBreak(tokens, keep, i + 1);
    deleteRange(keep, i, end === tokens.length ? lastWordEnd(tokens) : end);
  }
}
