/**
 * English months on the local engine. Apertium English→Spanish translates a date only in the
 * order "12 March" ("12 de marzo"); "March 12" came out "Marcha 12" (its dictionary maps the noun
 * March to "Marcha", the region), "in March." kept "March" (the tagger took the surname), and the
 * second leg made "Part 12" of it in French. Before the rest of the pipeline, in an English
 * analysed stream: "March 12[, 2025]" becomes "12 March[ 2025]", whose rule gives the target's
 * date order; a month with a day before it is the month noun; any other month in a date's
 * context ("in March", "March 2026", "early March") becomes the target's own month name, as a
 * name the engine copies.
 */
import type { LexicalUnit } from './apertium-names.ts';

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** Month words as written in news: full, or AP-style abbreviations (with their point). */
const MONTH_OF = new Map<string, number>([
  ...MONTHS.map((m, i) => [m, i] as const),
  ...['Jan.', 'Feb.', 'Mar.', 'Apr.', 'Aug.', 'Sep.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'].map(
    (a) => [a, MONTHS.findIndex((m) => m.startsWith(a.slice(0, 3)))] as const,
  ),
]);
/** Words before a month that make it one ("in March", "early May"): never a name or a verb after them. */
const BEFORE_MONTH = new Set(
  'in on since until till by from to through before after during early late mid last next this of between and or'.split(
    ' ',
  ),
);

const numberOf = (unit: LexicalUnit | undefined) =>
  unit && /^\d{1,4}$/.test(unit.surface) ? Number(unit.surface) : undefined;
const isDay = (n: number | undefined) => n !== undefined && n >= 1 && n <= 31;
const isYear = (n: number | undefined) => n !== undefined && n >= 1000;

/** How the target writes a month alone and a date. */
export interface TargetDates {
  month(month: number): string;
  date(month: number, day: number, year?: number): string;
}

/** The target's month names (lower case, as the languages write them) and date order. */
export function targetDates(target: string): TargetDates {
  const options = { month: 'long', timeZone: 'UTC' } as const;
  const month = new Intl.DateTimeFormat(target, options);
  const day = new Intl.DateTimeFormat(target, { ...options, day: 'numeric' });
  const full = new Intl.DateTimeFormat(target, { ...options, day: 'numeric', year: 'numeric' });
  return {
    month: (m) => month.format(Date.UTC(2024, m, 15)).toLocaleLowerCase(target),
    date: (m, d, y) =>
      (y === undefined ? day.format(Date.UTC(2024, m, d)) : full.format(Date.UTC(y, m, d))).toLocaleLowerCase(
        target,
      ),
  };
}

/** A name unit the engine copies as it is. */
const nameUnit = (surface: string, text: string) => `^${surface}/${text}<np><al><sg>$`;

/** A date in the stream: its units [first, last], and its day and year. */
interface DateSpan {
  first: number;
  last: number;
  day: number;
  year?: number;
}

/** "March 12[, 2025]" or "12 March[ 2025]" around the month at `i`; undefined for a month alone. */
function dateAround(stream: string, units: readonly LexicalUnit[], i: number): DateSpan | undefined {
  const at = (k: number) => units[k];
  const spaced = (a: number, b: number) => {
    const [x, y] = [at(a), at(b)];
    return x !== undefined && y !== undefined && stream.slice(x.end, y.start) === ' ';
  };
  const day = numberOf(at(i + 1));
  if (spaced(i, i + 1) && isDay(day) && day !== undefined) {
    const comma = at(i + 2);
    const year = numberOf(at(i + 3));
    const withYear =
      comma?.surface === ',' && comma.start === at(i + 1)?.end && spaced(i + 2, i + 3) && isYear(year);
    return withYear ? { first: i, last: i + 3, day, year } : { first: i, last: i + 1, day };
  }
  const before = numberOf(at(i - 1));
  if (spaced(i - 1, i) && isDay(before) && before !== undefined) {
    const year = numberOf(at(i + 1));
    return spaced(i, i + 1) && isYear(year)
      ? { first: i - 1, last: i + 1, day: before, year }
      : { first: i - 1, last: i, day: before };
  }
  return undefined;
}

/**
 * The English analysed stream with its dates in the form the engine translates well, `dates` in
 * the target's words (targetDates). After "on", a date goes to the engine as "12 March[ 2025]",
 * whose rule gives "el 12 de marzo[ de 2025]"; elsewhere ("by January 5", "the March 8 vote"),
 * where its rules do not reach, the date is the target's own, as a name.
 */
export function rewriteDates(stream: string, units: readonly LexicalUnit[], dates: TargetDates): string {
  let out = '';
  let cursor = 0;
  const text = (k: number) => {
    const unit = units[k];
    return unit ? stream.slice(unit.start, unit.end) : '';
  };
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as LexicalUnit;
    const month = MONTH_OF.get(unit.surface);
    if (month === undefined) continue;
    const span = dateAround(stream, units, i);
    const before = units[(span?.first ?? i) - 1]?.surface.toLowerCase();
    let replacement: string;
    if (span && before === 'on') {
      const noun = `^${unit.surface}/${MONTHS[month]}<n><sg>$`;
      const year = span.year === undefined ? '' : ` ${text(span.last)}`;
      replacement = `${text(span.first === i ? i + 1 : i - 1)} ${noun}${year}`;
    } else if (span) {
      replacement = nameUnit(unit.surface, dates.date(month, span.day, span.year));
    } else if ((before && BEFORE_MONTH.has(before)) || isYear(numberOf(units[i + 1]))) {
      replacement = nameUnit(unit.surface, dates.month(month));
    } else continue;
    const first = units[span?.first ?? i] as LexicalUnit;
    const last = units[span?.last ?? i] as LexicalUnit;
    out += stream.slice(cursor, first.start) + replacement;
    cursor = last.end;
    i = span?.last ?? i;
  }
  return out + stream.slice(cursor);
}

/**
 * A date as the target writes it, after a second leg that wrote it the Spanish way ("12 di
 * marzo di 2025" in Italian, "5 janvier de 2025" in French): the prepositions go where the
 * target's own dates have none.
 */
export function targetDateOrder(text: string, target: string): string {
  let out = text;
  for (const [pattern, replacement] of dateOrderRules(target)) out = out.replace(pattern, replacement);
  return out;
}

const orderRules = new Map<string, Array<[RegExp, string]>>();

/** The rewrites a target's dates need, made once per target (every request through Spanish asks). */
function dateOrderRules(target: string): Array<[RegExp, string]> {
  const known = orderRules.get(target);
  if (known) return known;
  const dates = targetDates(target);
  const months = MONTHS.map((_, m) => dates.month(m).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const rules: Array<[RegExp, string]> = [];
  if (!/^\d+ (?:de |di |d')/u.test(dates.date(2, 12)))
    rules.push([new RegExp(`\\b(\\d{1,2}) (?:de |di |d')(${months})\\b`, 'gu'), '$1 $2']);
  if (!/(?:de|di) \d{4}$/u.test(dates.date(2, 12, 2025)))
    rules.push([new RegExp(`\\b(${months}) (?:de |di )(\\d{4})\\b`, 'gu'), '$1 $2']);
  orderRules.set(target, rules);
  return rules;
}

const MERIDIEM = /^(?:[ap]\.m\.|[ap]m)$/i;

/**
 * English times ("9 p.m.", "9:30 a.m.") as the target's 24-hour clock, a name the engine copies:
 * the second leg read "p.m." as a sentence end ("9 p.M." in French), and "2 a.m. Officials…"
 * lost its sentence break. A time that ends its sentence gets the sentence's point back.
 */
export function rewriteTimes(stream: string, units: readonly LexicalUnit[]): string {
  let out = '';
  let cursor = 0;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as LexicalUnit;
    if (!MERIDIEM.test(unit.surface)) continue;
    const minutes = units[i - 2]?.surface === ':' ? numberOf(units[i - 1]) : undefined;
    const hourAt = minutes === undefined ? i - 1 : i - 3;
    const hourUnit = units[hourAt];
    const hour = numberOf(hourUnit);
    if (!hourUnit || hour === undefined || hour < 1 || hour > 12 || (minutes !== undefined && minutes > 59))
      continue;
    if (stream.slice(units[i - 1]?.end ?? 0, unit.start) !== ' ') continue;
    const h24 = (hour % 12) + (/^p/i.test(unit.surface) ? 12 : 0);
    const time = `${h24}:${String(minutes ?? 0).padStart(2, '0')}`;
    const next = units[i + 1];
    const endsSentence = unit.surface.endsWith('.') && next !== undefined && /^\p{Lu}/u.test(next.surface);
    out += `${stream.slice(cursor, hourUnit.start)}^${time}/${time}<np><al><sg>$${endsSentence ? '^./.<sent>$' : ''}`;
    cursor = unit.end;
  }
  return out + stream.slice(cursor);
}
