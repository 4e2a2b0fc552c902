import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import * as z from 'zod';
import { TERMINOLOGY_NAME } from '../../shared/config.ts';
import { canonicalLanguage } from '../../shared/languages.ts';
import { escapeXml, unescapeXml } from '../../shared/text/escape.ts';

/**
 * Custom terminologies for the local Translate endpoint, as Amazon Translate keeps them: a file
 * in CSV, TSV or TMX whose first row (or TMX languages) names the languages, each further row a
 * term. UNI terminologies translate from their first language only; MULTI from any of them.
 * https://docs.aws.amazon.com/translate/latest/dg/creating-custom-terminology.html
 */
export const TerminologyFormat = z.enum(['CSV', 'TSV', 'TMX']);
export type TerminologyFormat = z.infer<typeof TerminologyFormat>;
export const Directionality = z.enum(['UNI', 'MULTI']);
export type Directionality = z.infer<typeof Directionality>;

export interface Terminology {
  name: string;
  languages: string[];
  entries: string[][];
  directionality: Directionality;
}

/** The terminology's description as ListTerminologies and GetTerminology return it. */
const Properties = z.object({
  Name: z.string(),
  Description: z.string().optional(),
  Format: TerminologyFormat,
  Directionality,
  CreatedAt: z.number(),
  LastUpdatedAt: z.number(),
});
type StoredProperties = z.infer<typeof Properties>;

export class TerminologyError extends Error {
  readonly type: 'InvalidParameterValueException' | 'ResourceNotFoundException' | 'LimitExceededException';
  constructor(
    type: 'InvalidParameterValueException' | 'ResourceNotFoundException' | 'LimitExceededException',
    message: string,
  ) {
    super(message);
    this.type = type;
    this.name = 'TerminologyError';
  }
}

export { TERMINOLOGY_NAME };

const MAX_FILE_BYTES = 10 * 1024 * 1024;

function parseDelimitedLine(line: string, separator: string): string[] {
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
    else if (c === separator) {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

function parseTmx(xml: string): { languages: string[]; entries: string[][] } {
  const source = /<header\b[^>]*\bsrclang="([^"]+)"/i.exec(xml)?.[1];
  const units = [...xml.matchAll(/<tu\b[^>]*>([\s\S]*?)<\/tu>/gi)].map(
    (tu) =>
      new Map(
        [
          ...(tu[1] ?? '').matchAll(/<tuv\b[^>]*\b(?:xml:)?lang="([^"]+)"[^>]*>\s*<seg>([\s\S]*?)<\/seg>/gi),
        ].map((m) => [m[1] ?? '', unescapeXml(m[2] ?? '').trim()]),
      ),
  );
  const languages = [...new Set([...(source ? [source] : []), ...units.flatMap((u) => [...u.keys()])])];
  return { languages, entries: units.map((u) => languages.map((l) => u.get(l) ?? '')) };
}

/** Parses a terminology file; throws InvalidParameterValueException as ImportTerminology would. */
export function parseTerminology(
  name: string,
  data: string,
  format: TerminologyFormat = 'CSV',
  directionality: Directionality = 'UNI',
): Terminology {
  const text = data.replace(/^\uFEFF/, '');
  let languages: string[];
  let entries: string[][];
  if (format === 'TMX') ({ languages, entries } = parseTmx(text));
  else {
    const separator = format === 'TSV' ? '\t' : ',';
    const [header, ...rows] = text.split(/\r?\n/).filter((l) => l.trim());
    if (!header)
      throw new TerminologyError('InvalidParameterValueException', `The terminology ${name} is empty.`);
    languages = parseDelimitedLine(header, separator);
    entries = rows.map((row) => parseDelimitedLine(row, separator));
  }
  const canonical = languages.map((code) => {
    const known = canonicalLanguage(code);
    if (!known) {
      throw new TerminologyError(
        'InvalidParameterValueException',
        `The terminology ${name} names the language "${code}", which is not an Amazon Translate language code.`,
      );
    }
    return known;
  });
  if (canonical.length < 2) {
    throw new TerminologyError(
      'InvalidParameterValueException',
      `The terminology ${name} must name at least two languages.`,
    );
  }
  const usable = entries.filter((row) => row.filter(Boolean).length >= 2);
  if (usable.length === 0)
    throw new TerminologyError('InvalidParameterValueException', `The terminology ${name} has no terms.`);
  return { name, languages: canonical, entries: usable, directionality };
}

/** A terminology written back in `format`, as GetTerminology serves the file. */
export function renderTerminology(t: Terminology, format: TerminologyFormat): string {
  if (format === 'TMX') {
    const units = t.entries
      .map(
        (row) =>
          `    <tu>\n${row
            .map((cell, i) =>
              cell ? `      <tuv xml:lang="${t.languages[i]}"><seg>${escapeXml(cell)}</seg></tuv>\n` : '',
            )
            .join('')}    </tu>`,
      )
      .join('\n');
    return `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n  <header srclang="${t.languages[0]}" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="paragraf" creationtool="paragraf" creationtoolversion="1"/>\n  <body>\n${units}\n  </body>\n</tmx>\n`;
  }
  const separator = format === 'TSV' ? '\t' : ',';
  const cell = (c: string) => (format === 'CSV' && /[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return `${[t.languages, ...t.entries].map((row) => row.map(cell).join(separator)).join('\n')}\n`;
}

export interface TerminologyRecord {
  terminology: Terminology;
  properties: StoredProperties;
  sizeBytes: number;
}

const EXTENSIONS: Record<string, TerminologyFormat> = { '.csv': 'CSV', '.tsv': 'TSV', '.tmx': 'TMX' };

/**
 * The terminologies the endpoint serves: the files of `seedDir` (`<Name>.csv|tsv|tmx`, as the
 * repository's examples are), then those imported through the API, kept in `storeDir` so they
 * outlive a restart of `paragraf serve`. Without a `storeDir`, imports live in memory.
 */
export class TerminologyStore {
  private readonly records = new Map<string, TerminologyRecord>();

  private readonly storeDir?: string;
  constructor(seedDir: string | undefined, storeDir?: string) {
    this.storeDir = storeDir;
    for (const dir of [seedDir, storeDir]) if (dir) this.load(dir);
  }

  private load(dir: string): void {
    if (!existsSync(dir)) return;
    for (const file of readdirSync(dir)) {
      const format = EXTENSIONS[extname(file).toLowerCase()];
      if (!format) continue;
      const name = file.slice(0, -extname(file).length);
      const data = readFileSync(join(dir, file), 'utf8');
      const sidecar = join(dir, `${name}.json`);
      const stored = existsSync(sidecar)
        ? Properties.safeParse(JSON.parse(readFileSync(sidecar, 'utf8')))
        : undefined;
      const now = Math.floor(Date.now() / 1000);
      const properties: StoredProperties = stored?.success
        ? stored.data
        : { Name: name, Format: format, Directionality: 'UNI', CreatedAt: now, LastUpdatedAt: now };
      try {
        const terminology = parseTerminology(name, data, format, properties.Directionality);
        this.records.set(name, { terminology, properties, sizeBytes: Buffer.byteLength(data) });
      } catch {
        // A broken file in the folder is skipped; ImportTerminology reports the same error to its caller.
      }
    }
  }

  get(name: string): TerminologyRecord | undefined {
    return this.records.get(name);
  }

  names(): string[] {
    return [...this.records.keys()].sort();
  }

  list(): TerminologyRecord[] {
    return this.names().flatMap((n) => this.records.get(n) ?? []);
  }

  import(options: {
    name: string;
    description?: string;
    data: Buffer;
    format: TerminologyFormat;
    directionality: Directionality;
  }): TerminologyRecord {
    if (!TERMINOLOGY_NAME.test(options.name) || options.name.length > 256) {
      throw new TerminologyError(
        'InvalidParameterValueException',
        `The terminology name "${options.name}" is not valid.`,
      );
    }
    if (options.data.length > MAX_FILE_BYTES) {
      throw new TerminologyError('LimitExceededException', 'The terminology file exceeds 10 MB.');
    }
    const text = options.data.toString('utf8');
    const terminology = parseTerminology(options.name, text, options.format, options.directionality);
    const now = Math.floor(Date.now() / 1000);
    const properties: StoredProperties = {
      Name: options.name,
      ...(options.description ? { Description: options.description } : {}),
      Format: options.format,
      Directionality: options.directionality,
      CreatedAt: this.records.get(options.name)?.properties.CreatedAt ?? now,
      LastUpdatedAt: now,
    };
    if (this.storeDir) {
      mkdirSync(this.storeDir, { recursive: true });
      for (const ext of Object.keys(EXTENSIONS))
        rmSync(join(this.storeDir, `${options.name}${ext}`), { force: true });
      writeFileSync(join(this.storeDir, `${options.name}.${options.format.toLowerCase()}`), options.data);
      writeFileSync(join(this.storeDir, `${options.name}.json`), JSON.stringify(properties, null, 2));
    }
    const record = { terminology, properties, sizeBytes: options.data.length };
    this.records.set(options.name, record);
    return record;
  }

  delete(name: string): void {
    if (!this.records.delete(name)) {
      throw new TerminologyError('ResourceNotFoundException', `The terminology ${name} does not exist.`);
    }
    if (this.storeDir) {
      for (const ext of [...Object.keys(EXTENSIONS), '.json'])
        rmSync(join(this.storeDir, `${name}${ext}`), { force: true });
    }
  }
}

/** A pattern for `text` in any case: the engine may return a placeholder lower-cased. */
const caseless = (text: string) => text.replace(/\p{L}/gu, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);

const placeholder = (i: number) =>
  `Zzterm${i.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'.charAt(Number(d)))}zz`;

export interface ProtectedText {
  text: string;
  restore(translated: string): string;
  applied: Array<{ name: string; source: string; target: string }>;
}

/** The word after each protected term, where the source has it in lower case. */
function lowercaseFollowers(text: string, mark: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(new RegExp(`${mark}[\\s,;:]+(\\p{Ll}[\\p{L}'’-]*)`, 'gu')))
    if (m[1]) found.add(m[1]);
  return found;
}

/**
 * Swaps each source term for a placeholder the engine passes through untouched, and back to the
 * target term afterwards. Longer terms win ("Donald Trump" before "Trump"); whole words only.
 * Apertium reads a sentence-initial unknown word as not starting the sentence and capitalises the
 * next word instead ("Putin cumplió" → "… Fulfilled"): a word after a term keeps the case its
 * source had.
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
    if (s < 0 || d < 0 || (t.directionality === 'UNI' && s !== 0)) continue;
    for (const row of t.entries) {
      const from = row[s];
      const to = row[d];
      if (from && to) terms.push({ name: t.name, source: from, target: to });
    }
  }
  terms.sort((a, b) => b.source.length - a.source.length);
  const swaps: Array<{ placeholder: string; target: string; lowerAfter: boolean }> = [];
  const applied: ProtectedText['applied'] = [];
  let out = text;
  for (const term of terms) {
    const escaped = term.source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu');
    if (!pattern.test(out)) continue;
    const mark = placeholder(swaps.length);
    out = out.replace(pattern, mark);
    swaps.push({
      placeholder: mark,
      target: term.target,
      lowerAfter: lowercaseFollowers(out, mark).size > 0,
    });
    applied.push(term);
  }
  return {
    text: out,
    applied,
    restore: (translated) =>
      swaps.reduce((acc, swap) => {
        let next = acc;
        if (swap.lowerAfter) {
          // Only a capital the engine invented: "I" and names stay as the engine wrote them.
          next = next.replace(
            new RegExp(`(${caseless(swap.placeholder)}[\\s,;:]+)(\\p{Lu})(\\p{Ll}[\\p{L}'’-]*)`, 'gu'),
            (whole, lead: string, first: string, rest: string) =>
              first === 'I' && rest === '' ? whole : `${lead}${first.toLowerCase()}${rest}`,
          );
        }
        return next.replace(new RegExp(swap.placeholder, 'gi'), swap.target);
      }, translated),
  };
}
