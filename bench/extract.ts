/**
 * Article extraction from real web pages: how much of each page's article Paragraf's reader takes,
 * and how much else, with the metric of the public article-extraction benchmarks
 * (bench/metrics/shingles.ts), against the reader before issue 32, Mozilla Readability alone and
 * Defuddle, on the same pages in the same run; time per page; and the clean article bodies read
 * through the same reader (they must stay as good as before).
 *
 * Pages: a folder of `<name>/source.html` (the saved page) and `<name>/expected.html` (its
 * article), as in Mozilla Readability's test corpus (github.com/mozilla/readability,
 * test/test-pages). Their expected articles are Readability's own output, which flatters it.
 *
 *   npm run bench:extract -- --pages path/to/readability/test/test-pages
 *   (or PARAGRAF_PAGES=...; default ../shared/data/pages when present; --no-peers leaves Defuddle out)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Readability } from '@mozilla/readability';
import { findOne } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { parseHTML } from 'linkedom';
import { furnitureKind } from '../shared/article/furniture.ts';
import { blocksOf } from '../shared/article/html-format.ts';
import { parseArticleText } from '../shared/article/reader.ts';
import { DATA_DIR, machineInfo, median, peers, writeResult } from './datasets.ts';
import { type PageScore, scorePage, scoreSet } from './metrics/shingles.ts';

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string' },
    'min-bytes': { type: 'string', default: '30000' },
    /** Without the peers that are installed on demand (Defuddle): what the tests run. */
    'no-peers': { type: 'boolean', default: false },
  },
});
const PAGES = args.pages ?? process.env.PARAGRAF_PAGES ?? `${DATA_DIR}pages`;
/** Smaller files of Readability's corpus are unit cases of its own (a table, an entity), not pages. */
const MIN_BYTES = Number(args['min-bytes']);

interface Page {
  name: string;
  source: string;
  expected: string;
  english: boolean;
}

function readPages(): Page[] {
  return readdirSync(PAGES)
    .filter(
      (name) =>
        existsSync(join(PAGES, name, 'expected.html')) && existsSync(join(PAGES, name, 'source.html')),
    )
    .filter((name) => statSync(join(PAGES, name, 'source.html')).size >= MIN_BYTES)
    .sort()
    .map((name) => {
      const metadataFile = join(PAGES, name, 'expected-metadata.json');
      const lang: unknown = existsSync(metadataFile)
        ? JSON.parse(readFileSync(metadataFile, 'utf8')).lang
        : undefined;
      return {
        name,
        source: readFileSync(join(PAGES, name, 'source.html'), 'utf8'),
        expected: textOfHtml(readFileSync(join(PAGES, name, 'expected.html'), 'utf8')),
        english: typeof lang === 'string' && /^en\b/i.test(lang),
      };
    });
}

function textOfHtml(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return document.body.textContent ?? '';
}

type Extractor = (html: string) => string | Promise<string>;

/** Paragraf's reader: the blocks it would translate (title, standfirst and metadata aside, as the benchmarks' article bodies leave them out). */
const paragraf: Extractor = async (html) => {
  try {
    return (await parseArticleText(html, 'html')).blocks
      .filter((b) => b.kind !== 'standfirst')
      .map((b) => b.text)
      .join('\n');
  } catch {
    return ''; // refused: NO_ARTICLE or NO_PARAGRAPHS
  }
};

/** The reader before issue 32: the first <article>, else <main>, else <body>, walked; furniture lines out. */
const before: Extractor = (html) => {
  const document = parseDocument(html, { decodeEntities: true });
  const root =
    findOne((e) => e.name === 'article', document.children) ??
    findOne((e) => e.name === 'main', document.children) ??
    findOne((e) => e.name === 'body', document.children) ??
    document;
  return blocksOf(root)
    .filter((b) => b.kind === 'code' || furnitureKind(b.text) === undefined)
    .map((b) => b.text)
    .join('\n');
};

const readabilityAlone: Extractor = (html) => {
  const { document } = parseHTML(html);
  return new Readability(document).parse()?.textContent ?? '';
};

function defuddle(): Extractor | undefined {
  try {
    // The CommonJS build exports the class itself.
    const Defuddle = peers(['defuddle'])('defuddle');
    return (html) => {
      const { document } = parseHTML(html);
      // Defuddle reports its own recoverable errors on the console: kept out of the table.
      const report = console.error;
      console.error = () => {};
      try {
        return textOfHtml(new Defuddle(document, { url: 'https://example.org/' }).parse().content ?? '');
      } finally {
        console.error = report;
      }
    };
  } catch (error) {
    console.log(`Defuddle unavailable (${(error as Error).message.split('\n')[0]}); left out.`);
    return undefined;
  }
}

interface Run {
  scores: PageScore[];
  ms: number[];
  refused: string[];
}

async function run(
  pages: readonly Page[],
  extract: Extractor,
  field: 'source' | 'expected-as-input',
): Promise<Run> {
  const out: Run = { scores: [], ms: [], refused: [] };
  for (const page of pages) {
    const input =
      field === 'source' ? page.source : readFileSync(join(PAGES, page.name, 'expected.html'), 'utf8');
    const started = performance.now();
    const text = await extract(input);
    out.ms.push(performance.now() - started);
    if (!text.trim()) out.refused.push(page.name);
    out.scores.push(scorePage(page.expected, text));
  }
  return out;
}

function summary(r: Run, pages: readonly Page[]) {
  const english = pages
    .map((p, i) => (p.english ? r.scores[i] : undefined))
    .filter((s): s is PageScore => !!s);
  const sorted = [...r.ms].sort((a, b) => a - b);
  return {
    all: scoreSet(r.scores),
    english: scoreSet(english),
    msPerPage: {
      median: median(r.ms),
      p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
      max: sorted.at(-1) ?? 0,
    },
    refused: r.refused,
    perPage: Object.fromEntries(
      pages.map((p, i) => [
        p.name,
        { precision: r.scores[i]?.precision ?? 0, recall: r.scores[i]?.recall ?? 0 },
      ]),
    ),
    below85: pages
      .map((p, i) => ({ page: p.name, ...r.scores[i] }))
      .filter((s) => (s.precision ?? 0) < 0.85 || (s.recall ?? 0) < 0.85)
      .map((s) => `${s.page} P ${(s.precision ?? 0).toFixed(2)} R ${(s.recall ?? 0).toFixed(2)}`),
  };
}

async function main(): Promise<void> {
  if (!existsSync(PAGES)) {
    console.log(
      `No pages at ${PAGES}: skipped. Fetch Mozilla Readability's test pages (github.com/mozilla/readability, test/test-pages) and pass --pages DIR.`,
    );
    return;
  }
  const pages = readPages();
  console.log(`${pages.length} pages (${pages.filter((p) => p.english).length} English) from ${PAGES}`);
  const systems: Record<string, Extractor> = {
    paragraf,
    'paragraf before issue 32': before,
    'readability alone (flattered)': readabilityAlone,
  };
  const peer = args['no-peers'] ? undefined : defuddle();
  if (peer) systems.defuddle = peer;
  // Warm each once (module loading), then alternate the systems page set by page set, twice.
  for (const extract of Object.values(systems)) await extract(pages[0]?.source ?? '');
  const results: Record<string, ReturnType<typeof summary>> = {};
  for (const [name, extract] of Object.entries(systems))
    results[name] = summary(await run(pages, extract, 'source'), pages);
  const clean = {
    paragraf: summary(await run(pages, paragraf, 'expected-as-input'), pages),
    'paragraf before issue 32': summary(await run(pages, before, 'expected-as-input'), pages),
  };
  console.log('\nFull pages (source.html) -> article text, 4-word shingles, averaged over pages:');
  console.log(
    `  ${'system'.padEnd(30)} ${'F1'.padStart(6)} ${'P'.padStart(6)} ${'R'.padStart(6)}   English F1   ms/page (median, p95, max)   refused`,
  );
  const row = (name: string, s: ReturnType<typeof summary>) =>
    console.log(
      `  ${name.padEnd(30)} ${s.all.f1.toFixed(3).padStart(6)} ${s.all.precision.toFixed(3).padStart(6)} ${s.all.recall.toFixed(3).padStart(6)}   ${(s.english.pages ? s.english.f1.toFixed(3) : '-').padStart(10)}   ${[
        s.msPerPage.median,
        s.msPerPage.p95,
        s.msPerPage.max,
      ]
        .map((v) => v.toFixed(0))
        .join(', ')
        .padStart(26)}   ${s.refused.length}`,
    );
  for (const [name, s] of Object.entries(results)) row(name, s);
  console.log('\nClean article bodies (expected.html as the input):');
  for (const [name, s] of Object.entries(clean)) row(name, s);
  console.log(
    `\nPages below 0.85 precision or recall (paragraf): ${results.paragraf?.below85.join('; ') || 'none'}`,
  );
  console.log(`Refused (paragraf): ${results.paragraf?.refused.join(', ') || 'none'}`);
  writeResult('extract', {
    machine: machineInfo(),
    pagesDir: PAGES,
    pages: pages.length,
    fullPages: results,
    cleanBodies: clean,
  });
}

await main();
