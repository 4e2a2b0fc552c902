/**
 * Hyphenated compounds on the local engine. Apertium's rules translate "nine-day strike" as
 * "huelga de nueve días", but reuse the compound's empty blanks between the words they reorder:
 * "huelgadenueve días", "basadaenHamburgo", "un hombrede35años". Before the rest of the pipeline,
 * the blanks around a hyphen between two words become a space and a mark; after it, the marks
 * are plain spaces (joinCompoundHyphens).
 */
import type { LexicalUnit } from './apertium-names.ts';

const MARK = '\u2063';
const isHyphen = (unit: LexicalUnit) =>
  unit.surface === '-' && unit.analyses.some((a) => a.includes('<guio>'));
const isUnknown = (unit: LexicalUnit) => unit.analyses[0]?.startsWith('*') ?? true;

/**
 * The analysed stream with a spaced, marked blank on each side of a hyphen between two words the
 * dictionary knows. A word it does not know ("Coca-Cola", "anti-war") is copied in place, hyphen
 * and all, as before.
 */
export function spaceCompoundHyphens(analysed: string, units: readonly LexicalUnit[]): string {
  let out = '';
  let cursor = 0;
  units.forEach((unit, i) => {
    const [left, right] = [units[i - 1], units[i + 1]];
    if (!left || !right || !isHyphen(unit) || isUnknown(left) || isUnknown(right)) return;
    if (left.end !== unit.start || unit.end !== right.start) return;
    out += `${analysed.slice(cursor, unit.start)} ${MARK}${analysed.slice(unit.start, unit.end)} ${MARK}`;
    cursor = unit.end;
  });
  return out + analysed.slice(cursor);
}

/**
 * The translation with the marks gone, as plain spaces. A hyphen the rules left between two
 * marks sits between words they moved around it ("well-known plan" → "bien plan … sabido"), so it
 * would join the wrong ones: a space too.
 */
export function joinCompoundHyphens(text: string): string {
  if (!text.includes(MARK)) return text;
  return text
    .replace(new RegExp(` *${MARK} *- *${MARK} *`, 'g'), ' ')
    .replace(new RegExp(` *${MARK} *`, 'g'), ' ');
}
