import type { MemoryEntry, MemoryFile } from '../schemas/memory.ts';
import { escapeXml } from '../text/escape.ts';

/** Amazon Translate's parallel data takes segments of at most this many UTF-8 bytes. */
export const PARALLEL_DATA_SEGMENT_BYTES = 1000;

export interface Exported {
  text: string;
  /** Pairs written, and pairs left out because a side is over PARALLEL_DATA_SEGMENT_BYTES. */
  written: number;
  leftOut: number;
}

const fits = (entry: MemoryEntry) =>
  Buffer.byteLength(entry.source) <= PARALLEL_DATA_SEGMENT_BYTES &&
  Buffer.byteLength(entry.target) <= PARALLEL_DATA_SEGMENT_BYTES;

/** Oldest first, so an export reads in the order the corrections were made. */
function ordered(file: MemoryFile): MemoryEntry[] {
  return Object.values(file.entries).sort(
    (a, b) => a.edit.at.localeCompare(b.edit.at) || a.source.localeCompare(b.source),
  );
}

/** TMX's date form: 20261205T120000Z. */
function tmxDate(iso: string): string {
  return `${iso.slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/**
 * TMX 1.4 (valid against the 1.4b DTD): one <tu> per corrected text, plain text segments (the
 * editor's links and emphasis stay in Paragraf), xml:lang on every <tuv>, and the article and
 * correction each came from as <prop>s CAT tools show.
 */
export function toTmx(file: MemoryFile, tool: { version: string; now: Date }): Exported {
  const kept = ordered(file).filter(fits);
  const units = kept.map((entry) => {
    const date = tmxDate(entry.edit.at);
    return [
      `    <tu creationdate="${date}" changedate="${date}">`,
      `      <prop type="x-paragraf-article">${escapeXml(entry.edit.articleId)}</prop>`,
      `      <prop type="x-paragraf-correction">${escapeXml(entry.edit.correction)}</prop>`,
      `      <tuv xml:lang="${escapeXml(file.source)}"><seg>${escapeXml(entry.source)}</seg></tuv>`,
      `      <tuv xml:lang="${escapeXml(file.target)}"><seg>${escapeXml(entry.target)}</seg></tuv>`,
      '    </tu>',
    ].join('\n');
  });
  const text = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
    '<tmx version="1.4">',
    `  <header creationtool="Paragraf" creationtoolversion="${escapeXml(tool.version)}" segtype="paragraph" o-tmf="paragraf-memory" adminlang="en" srclang="${escapeXml(file.source)}" datatype="plaintext" creationdate="${tmxDate(tool.now.toISOString())}"/>`,
    '  <body>',
    ...units,
    '  </body>',
    '</tmx>',
    '',
  ].join('\n');
  return { text, written: kept.length, leftOut: Object.keys(file.entries).length - kept.length };
}

function csvField(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  return /[",\n]/.test(flat) ? `"${flat.replace(/"/g, '""')}"` : flat;
}

/** CSV as Amazon Translate's parallel data reads it: a header of the two language codes, then one pair a row. */
export function toCsv(file: MemoryFile): Exported {
  const kept = ordered(file).filter(fits);
  const rows = [
    `${file.source},${file.target}`,
    ...kept.map((e) => `${csvField(e.source)},${csvField(e.target)}`),
  ];
  return {
    text: `${rows.join('\n')}\n`,
    written: kept.length,
    leftOut: Object.keys(file.entries).length - kept.length,
  };
}
