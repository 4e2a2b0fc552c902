import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Custom terminologies for the local Translate endpoint, in Amazon Translate's CSV format: the
 * first row names the languages (`en,es`), each further row a source term and its translation.
 * A file `<Name>.csv` is the terminology `<Name>`, as ImportTerminology would create it in AWS.
 */
export interface Terminology {
  name: string;
  languages: string[];
  entries: string[][];
}

function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (quoted) {
      if (c === '"' && line.charAt(i + 1) === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

export function parseTerminology(name: string, csv: string): Terminology {
  const [header, ...rows] = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim());
  if (!header) throw new Error(`Terminology ${name} is empty`);
  return { name, languages: parseCsvLine(header), entries: rows.map(parseCsvLine) };
}

export function loadTerminologies(directory: string): Map<string, Terminology> {
  const found = new Map<string, Terminology>();
  if (!existsSync(directory)) return found;
  for (const file of readdirSync(directory).filter((f) => f.endsWith('.csv'))) {
    const name = basename(file, '.csv');
    found.set(name, parseTerminology(name, readFileSync(join(directory, file), 'utf8')));
  }
  return found;
}

const placeholder = (i: number) =>
  `Zzterm${i.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'.charAt(Number(d)))}zz`;

export interface ProtectedText {
  text: string;
  restore(translated: string): string;
  applied: Array<{ name: string; source: string; target: string }>;
}

/**
 * Swaps each source term for a placeholder the engine passes through untouched, and back to the
 * target term afterwards. Longer terms win ("Donald Trump" before "Trump"); whole words only.
 */
export function protectTerms(
  text: string,
  terminologies: readonly Terminology[],
  source: string,
  target: string,
): ProtectedText {
  const terms: Array<{ name: string; source: string; target: string }> = [];
  for (const t of terminologies) {
    const s = t.languages.indexOf(source);
    const d = t.languages.indexOf(target);
    if (s < 0 || d < 0) continue;
    for (const row of t.entries) {
      const from = row[s];
      const to = row[d];
      if (from && to) terms.push({ name: t.name, source: from, target: to });
    }
  }
  terms.sort((a, b) => b.source.length - a.source.length);
  const swaps: Array<{ placeholder: string; target: string }> = [];
  const applied: ProtectedText['applied'] = [];
  let out = text;
  for (const term of terms) {
    const escaped = term.source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu');
    if (!pattern.test(out)) continue;
    const mark = placeholder(swaps.length);
    out = out.replace(pattern, mark);
    swaps.push({ placeholder: mark, target: term.target });
    applied.push(term);
  }
  return {
    text: out,
    applied,
    restore: (translated) =>
      swaps.reduce((acc, swap) => acc.replace(new RegExp(swap.placeholder, 'gi'), swap.target), translated),
  };
}
