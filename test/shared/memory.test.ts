import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PARALLEL_DATA_SEGMENT_BYTES, toCsv, toTmx } from '../../shared/memory/export.ts';
import {
  emptyMemory,
  lookup,
  memoryHash,
  normalizeSegment,
  withEntries,
} from '../../shared/memory/memory.ts';
import { memoryPairs, remember, withMemory } from '../../shared/pipeline/memory.ts';
import { type Edit, type MemoryEntry, MemoryFile } from '../../shared/schemas/memory.ts';
import type { Unit } from '../../shared/schemas/steps.ts';
import { MemoryStore } from '../helpers/memory-store.ts';

const edit = (n: number): Edit => ({
  at: `2026-12-05T10:00:0${n}.000Z`,
  correction: `corrections/a${n}/es.md`,
  etag: `e${n}`,
  articleId: `a${n}`,
});
const entry = (source: string, target: string, n = 1): MemoryEntry => ({ source, target, edit: edit(n) });
const now = new Date('2026-12-05T12:00:00.000Z');

describe('the memory match', () => {
  it('is exact after whitespace normalisation, and no looser', () => {
    const memory = withEntries(
      emptyMemory('en', 'es', now),
      [entry('The  council\nvoted. ', 'El pleno votó.')],
      now,
    );
    expect(lookup(memory, ' The council voted.')?.text).toBe('El pleno votó.');
    expect(lookup(memory, 'The council voted')).toBeUndefined();
    expect(lookup(memory, 'the council voted.')).toBeUndefined();
    expect(normalizeSegment('a\u00a0 b\t\nc')).toBe('a b c');
    expect(memoryHash('x  y')).toBe(memoryHash(' x y'));
  });

  it('a later correction of the same source replaces the earlier one', () => {
    const first = withEntries(emptyMemory('en', 'es', now), [entry('Hi.', 'Hola.', 1)], now);
    const second = withEntries(first, [entry('Hi.', 'Buenas.', 2)], now);
    expect(Object.keys(second.entries)).toHaveLength(1);
    expect(lookup(second, 'Hi.')).toEqual({ text: 'Buenas.', edit: edit(2) });
  });

  it('attaches hits per target language by each unit’s own source language; repeats and copies get none', () => {
    const units: Unit[] = [
      { id: 'p0', text: 'Hi.', translate: true },
      { id: 'p1', text: 'Hi.', translate: true, same: 'p0' },
      { id: 'p2', text: 'Hola.', translate: true, language: 'es' },
      { id: 'p3', text: 'code()', translate: false },
    ];
    const run = { sourceLanguage: 'en', targetLanguages: ['es', 'fr'] };
    expect(memoryPairs(units, run)).toEqual([
      { source: 'en', target: 'es' },
      { source: 'en', target: 'fr' },
      { source: 'es', target: 'fr' },
    ]);
    const memories = new Map([
      ['en\nes', withEntries(emptyMemory('en', 'es', now), [entry('Hi.', 'Hola.')], now)],
      ['es\nfr', withEntries(emptyMemory('es', 'fr', now), [entry('Hola.', 'Salut.')], now)],
    ]);
    const out = withMemory(units, run, memories);
    expect(out[0]?.memory).toEqual({ es: { text: 'Hola.', edit: edit(1) } });
    expect(out[1]?.memory).toBeUndefined();
    expect(out[2]?.memory).toEqual({ fr: { text: 'Salut.', edit: edit(1) } });
    expect(out[3]?.memory).toBeUndefined();
    expect(memoryPairs(units, { sourceLanguage: 'auto', targetLanguages: ['es'] })).toEqual([]);
  });
});

describe('remember', () => {
  it('loses neither of two corrections written at once, nor any of ten', async () => {
    const store = new MemoryStore();
    // Every writer reads before any writes: all but one conditional write fail, and are redone.
    let waiting: Array<() => void> = [];
    store.beforeWrite = () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length >= 2) {
          for (const go of waiting) go();
          waiting = [];
        }
        setTimeout(() => {
          for (const go of waiting) go();
          waiting = [];
        }, 5);
      });
    await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        remember(
          store,
          'out',
          '_memory/',
          { source: 'en', target: 'es' },
          [entry(`S${n}.`, `T${n}.`, n % 10)],
          () => now,
        ),
      ),
    );
    const file = MemoryFile.parse(JSON.parse((await store.getText('out', '_memory/en/es.json')) ?? '{}'));
    expect(
      Object.values(file.entries)
        .map((e) => e.target)
        .sort(),
    ).toEqual(Array.from({ length: 10 }, (_, n) => `T${n}.`).sort());
  });

  it('refuses to overwrite a memory it cannot read', async () => {
    const store = new MemoryStore();
    await store.put('out', '_memory/en/es.json', 'not json');
    await expect(
      remember(store, 'out', '_memory/', { source: 'en', target: 'es' }, [entry('A.', 'B.')], () => now),
    ).rejects.toThrow(/cannot be read/);
    expect(await store.getText('out', '_memory/en/es.json')).toBe('not json');
  });
});

describe('export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paragraf-tmx-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(new URL('../fixtures/tmx14.dtd', import.meta.url), join(dir, 'tmx14.dtd'));
  const long = 'x'.repeat(PARALLEL_DATA_SEGMENT_BYTES + 1);
  const memory = withEntries(
    emptyMemory('en', 'es', now),
    [
      entry('Tom & "Jerry" <b>said</b>\u0007 hi.', 'Tom y «Jerry» <b>dijeron</b> hola, 10 €.', 2),
      entry('First, then.', 'Primero, luego.', 1),
      entry(long, 'Largo.', 3),
      entry('Short.', 'ñ'.repeat(501), 4),
    ],
    now,
  );
  const validate = (text: string) => {
    const file = join(dir, 'memory.tmx');
    writeFileSync(file, text);
    return spawnSync('xmllint', ['--noout', '--valid', file], { encoding: 'utf8', cwd: dir });
  };

  it('TMX 1.4 validates against the TMX 1.4b DTD with xmllint (Debian libxml2-utils), xml:lang on every tuv', () => {
    const tmx = toTmx(memory, { version: '0.1.0', now });
    expect(tmx).toMatchObject({ written: 2, leftOut: 2 });
    const result = validate(tmx.text);
    expect(result.error).toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(tmx.text.match(/<tuv xml:lang="(en|es)">/g)).toHaveLength(4);
    // Oldest first; markup-looking text is text; characters XML cannot carry are dropped.
    expect(tmx.text.indexOf('First, then.')).toBeLessThan(tmx.text.indexOf('Tom &amp;'));
    expect(tmx.text).toContain('<seg>Tom &amp; &quot;Jerry&quot; &lt;b&gt;said&lt;/b&gt; hi.</seg>');
    expect(tmx.text).toContain('creationdate="20261205T100001Z"');
  });

  it('the validator fails a TMX that breaks the DTD, so the check above means something', () => {
    const broken = toTmx(memory, { version: '0.1.0', now }).text.replace('<tuv xml:lang="en">', '<tuv>');
    expect(validate(broken).status).not.toBe(0);
  });

  it('CSV: a header of the two codes, one pair a row, quoted where needed; long segments left out and counted', () => {
    const csv = toCsv(memory);
    expect(csv).toMatchObject({ written: 2, leftOut: 2 });
    expect(csv.text).toBe(
      'en,es\n"First, then.","Primero, luego."\n"Tom & ""Jerry"" <b>said</b>\u0007 hi.","Tom y «Jerry» <b>dijeron</b> hola, 10 €."\n',
    );
  });
});
