/**
 * A translator's QA checks on one translated text, as Xbench or Okapi CheckMate run them: pure,
 * deterministic, no engine call. Each says what an editor should look at first.
 *
 * - number: a number of the source is in no form the target writes it ("2.40" / "2,40";
 *   "1,200" / "1.200" / "1 200"; "7.5%" / "7,5 %"; "£3.5m" / "3,5 millones").
 * - name: a name of the source (capitalised in mid-sentence, not a month or weekday) is not in
 *   the translation, whole or as the target's name of the country it names.
 * - untranslated: four or more words of the source left as they were.
 * - missing: the translation is far shorter than its source.
 * - term: a terminology entry found in the source without its target term in the translation.
 * - markup: the translation lost the source's links or emphasis.
 */
import type { TranslationCheck } from '../schemas/document.ts';
import { TIME_WORDS } from '../summarize/lexicon.ts';
import { splitSentences } from '../text/segmenter.ts';

/** A check that flagged a text, as article.json keeps it. */
export type Check = TranslationCheck;
export type CheckKind = Check['check'];

export interface CheckInput {
  source: string;
  translation: string;
  sourceLanguage: string;
  targetLanguage: string;
  /** Terminology entries (source term → target term) that apply to this pair. */
  terms?: ReadonlyArray<{ source: string; target: string }>;
  /** The source's and the translation's inline HTML, when the source has markup. */
  sourceHtml?: string;
  translationHtml?: string;
}

/** The values a written number can have: "1.200" is 1.2 or 1200, "2,40" 2.4 or 240. */
function numberValues(token: string): number[] {
  const digits = token.replace(/[\s\u00a0\u202f]/g, '');
  const values = new Set<number>();
  const add = (text: string) => {
    const n = Number(text);
    if (Number.isFinite(n)) values.add(Math.round(n * 1e6) / 1e6);
  };
  add(digits.replace(/,/g, '')); // 1,200.5
  add(digits.replace(/\./g, '').replace(',', '.')); // 1.200,5
  add(digits.replace(/[.,]/g, '')); // thousands either way
  return [...values];
}

const NUMBER = /\d(?:[\d\s\u00a0\u202f]*\d)?(?:[.,]\d+)*/gu;

/** Numbers as the source writes them (English conventions), each with its value; not ordinals. */
function sourceNumbers(text: string): Array<{ written: string; value: number }> {
  const found: Array<{ written: string; value: number }> = [];
  for (const m of text.matchAll(/\d+(?:,\d{3})*(?:\.\d+)?/g)) {
    const after = text.slice((m.index ?? 0) + m[0].length);
    // "1st", "21st": the target writes ordinals its own way (1.º, primero).
    if (/^(?:st|nd|rd|th)\b/i.test(after)) continue;
    const value = Number(m[0].replace(/,/g, ''));
    if (Number.isFinite(value)) found.push({ written: m[0], value });
  }
  return found;
}

function numberChecks(source: string, translation: string): Check[] {
  const inTarget = new Set<number>();
  for (const m of translation.matchAll(NUMBER)) for (const v of numberValues(m[0])) inTarget.add(v);
  return sourceNumbers(source)
    .filter(({ value }) => !inTarget.has(Math.round(value * 1e6) / 1e6))
    .map(({ written }) => ({ check: 'number' as const, detail: written }));
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const REGION_CODES =
  'AF AL DZ AR AM AU AT AZ BD BY BE BO BA BR BG KH CM CA CL CN CO HR CU CY CZ DK DO EC EG SV EE ET FI FR GE DE GH GR GT HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KP KR KW LV LB LY LT LU MY MX MD MA MM NP NL NZ NI NG NO PK PS PA PY PE PH PL PT QA RO RU SA RS SG SK SI SO ZA ES LK SD SE CH SY TW TJ TZ TH TN TR TM UA AE GB US UY UZ VE VN YE ZM ZW EU'.split(
    ' ',
  );

/** English country names → the target's ("Spain" → "España"), from Intl. */
function countryNames(target: string): Map<string, string> {
  const en = new Intl.DisplayNames(['en'], { type: 'region' });
  const to = new Intl.DisplayNames([target], { type: 'region' });
  const names = new Map<string, string>();
  for (const code of REGION_CODES) {
    const english = en.of(code);
    const local = to.of(code);
    if (english && local) names.set(fold(english), fold(local));
  }
  return names;
}
/** Per target: English country and language names → the target's (countryNames, languageNames). */
const targetNames = new Map<string, Map<string, string>>();

/**
 * Capitalised words of institutions, titles and places that translations translate ("World Bank"
 * → "Banco Mundial", "Speaker", "Council"): a name's other words are what must stay.
 */
const TRANSLATED_WORDS = new Set(
  `world bank house senate court council parliament commission ministry department party union university
  school college agency office act day year christmas easter new national international federal state states
  united republic republican republicans democrat democrats democratic foreign security defense defence
  health secretary president minister prime speaker leader chair chairman director general committee
  division section project fund forum economic social free green greens labour conservative liberal royal
  emergency medicine police army navy air force street road river north south east west northern southern
  eastern western central city county gallery museum pool land water sea ocean island islands bay gulf
  administration government chief justice supreme appeals criminal environmental environment natural
  resources integrity regulation packaging waste budget fiscal responsibility caucus freedom public employees
  exchange commissioner former soviet language ombudsman institute crypto co-founder founder main old
  mr mrs ms dr sir lord lady king queen prince pope church saint st representative governor mayor`.split(
    /\s+/,
  ),
);

/** English language and nationality names → the target's, from Intl ("Russian" → "ruso"). */
function languageNames(target: string): Map<string, string> {
  const en = new Intl.DisplayNames(['en'], { type: 'language' });
  const to = new Intl.DisplayNames([target], { type: 'language' });
  const names = new Map<string, string>();
  for (const code of 'ar zh cs da nl en et fi fr de el he hi hu id ga it ja ko lv lt no fa pl pt ro ru sk sl es sv th tr uk ur vi cy'.split(
    ' ',
  )) {
    const english = en.of(code);
    const local = to.of(code);
    if (english && local) names.set(fold(english), fold(local));
  }
  return names;
}

/**
 * The names of a text a translation keeps: capitalised words in mid-sentence, in runs, without
 * the words translations translate ("Speaker Mike Johnson's" → "Mike Johnson"); none in a
 * title-case line, whose capitals are style.
 */
function sourceNames(text: string): string[] {
  const names: string[] = [];
  for (const sentence of splitSentences(text)) {
    const words = [...sentence.matchAll(/[\p{L}][\p{L}'’-]*/gu)];
    // A headline in title case: every word of four letters or more capitalised.
    const long = words.filter((m) => m[0].length >= 4);
    if (long.length >= 3 && long.every((m) => /^\p{Lu}/u.test(m[0]))) continue;
    let run: string[] = [];
    const flush = () => {
      if (run.length > 0) names.push(run.join(' '));
      run = [];
    };
    words.forEach((m, i) => {
      const word = m[0].replace(/['’]s$/u, '');
      const capitalised = /^\p{Lu}\p{Ll}/u.test(word);
      const before = sentence.slice(0, m.index ?? 0);
      const opens = i === 0 || /[:"“‘(]\s*$/u.test(before);
      // Words a translation translates: listed ones, and forms of common words and nationalities
      // ("Living", "Securities", "Brewers", "Scottish", "Americans").
      const translated =
        TRANSLATED_WORDS.has(fold(word)) ||
        TIME_WORDS.has(fold(word)) ||
        /(?:ing|ings|ies|ers|ish|ese|ans|ians)$/u.test(fold(word));
      if (capitalised && !opens && !translated) run.push(word);
      else flush();
    });
    flush();
  }
  return names;
}

function nameChecks(source: string, translation: string, target: string): Check[] {
  const map = targetNames.get(target) ?? new Map([...countryNames(target), ...languageNames(target)]);
  targetNames.set(target, map);
  const folded = fold(translation);
  const words = new Set(folded.match(/[\p{L}\p{N}]+/gu) ?? []);
  // Each word, its stem or a near spelling kept ("Russia" / "Rusia", "Rwanda" / "Ruanda"): names adapt.
  const stem = (w: string) => w.replace(/y/g, 'i').slice(0, 4);
  const kept = (part: string) =>
    TRANSLATED_WORDS.has(part) ||
    folded.includes(part) ||
    (map.get(part) !== undefined && folded.includes(map.get(part) ?? '')) ||
    [...words].some((w) => (w.length >= 3 && stem(w) === stem(part)) || (part.length >= 5 && near(w, part)));
  // A name of several words is one when some of its words are kept and some lost ("Karen casa");
  // none kept is an institution the translation translated whole ("Banco Mundial").
  const found = (name: string) => {
    const parts = fold(name).split(/[\s-]+/);
    const keptParts = parts.filter(kept).length;
    return parts.length === 1 ? keptParts === 1 : keptParts === parts.length || keptParts === 0;
  };
  return sourceNames(source)
    .filter((name) => !found(name))
    .map((name) => ({ check: 'name' as const, detail: name }));
}

/** Whether two words are at most two edits apart (a name's spelling in another language). */
function near(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return (previous[b.length] ?? 3) <= 2;
}

/** Four or more words of the source in a row, left as they were (names and codes aside). */
function untranslatedChecks(source: string, translation: string): Check[] {
  const words = (text: string) => fold(text).match(/[\p{L}\p{N}'’]+/gu) ?? [];
  const src = words(source);
  // Names, titles and codes keep their words ("Boeing 737 MAX 9", "Royal College of Emergency
  // Medicine"): a run whose words the source capitalises, or that are numbers, is not left untranslated.
  const capitalised = new Set(
    (source.match(/[\p{L}\p{N}'’]+/gu) ?? []).filter((w) => /^[\p{Lu}\p{N}]/u.test(w)).map(fold),
  );
  const minor = new Set(['of', 'the', 'and', 'de', 'des', 'du', 'la', 'le', 'for']);
  const out = ` ${words(translation).join(' ')} `;
  for (let i = 0; i + 4 <= src.length; i++) {
    const run = src.slice(i, i + 4);
    if (run.every((w) => capitalised.has(w) || minor.has(w) || /^\d/.test(w))) continue;
    if (out.includes(` ${run.join(' ')} `)) return [{ check: 'untranslated', detail: run.join(' ') }];
  }
  return [];
}

/**
 * Far shorter than its source: a sentence or half of one dropped. Translations from English into
 * the Romance languages run longer than their source (WMT24 en-es: median 1.15, never below 0.82).
 */
function missingChecks(source: string, translation: string): Check[] {
  const ratio = translation.trim().length / Math.max(1, source.trim().length);
  const sentences = splitSentences(source).filter((s) => s.trim()).length;
  const translated = splitSentences(translation).filter((s) => s.trim()).length;
  if (ratio < 0.7)
    return [{ check: 'missing', detail: `${Math.round(ratio * 100)}% of the source's length` }];
  if (sentences >= 2 && translated < sentences && ratio < 0.85)
    return [{ check: 'missing', detail: `${translated} of ${sentences} sentences` }];
  return [];
}

function termChecks(input: CheckInput): Check[] {
  const folded = fold(input.translation);
  return (input.terms ?? [])
    .filter((t) => fold(input.source).includes(fold(t.source)) && !folded.includes(fold(t.target)))
    .map((t) => ({ check: 'term' as const, detail: `${t.source} → ${t.target}` }));
}

function markupChecks(input: CheckInput): Check[] {
  if (!input.sourceHtml) return [];
  const count = (html: string | undefined, tag: RegExp) => (html?.match(tag) ?? []).length;
  const tags = [
    ['link', /<a\b/g],
    ['emphasis', /<(?:strong|em|b|i)\b/g],
  ] as const;
  return tags
    .filter(([, tag]) => count(input.translationHtml, tag) < count(input.sourceHtml, tag))
    .map(([name]) => ({ check: 'markup' as const, detail: name }));
}

/** Every check on one translated text; empty when clean. */
export function checkTranslation(input: CheckInput): Check[] {
  if (!input.translation.trim() || input.sourceLanguage === input.targetLanguage) return [];
  return [
    ...numberChecks(input.source, input.translation),
    ...nameChecks(input.source, input.translation, input.targetLanguage),
    ...untranslatedChecks(input.source, input.translation),
    ...missingChecks(input.source, input.translation),
    ...termChecks(input),
    ...markupChecks(input),
  ];
}
