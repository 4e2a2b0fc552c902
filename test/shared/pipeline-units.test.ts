import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { translateText } from '../../shared/pipeline/engine-calls.ts';
import { pacer } from '../../shared/pipeline/pace.ts';
import { buildUnits, markRepeats, planBatches } from '../../shared/pipeline/summarize.ts';
import { planUnits } from '../../shared/pipeline/translate.ts';
import type { TranslateRequest, Translator } from '../../shared/ports.ts';
import type { Unit } from '../../shared/schemas/steps.ts';
import { utf8Length } from '../../shared/text/words.ts';

describe('buildUnits and planBatches', () => {
  const paragraphs = {
    title: 'Title',
    blocks: [
      { kind: 'paragraph' as const, text: 'a'.repeat(100), translate: true },
      { kind: 'code' as const, text: 'x = 1', translate: false },
      { kind: 'paragraph' as const, text: 'b'.repeat(100), translate: true },
    ],
  };

  it('lists the title, summary sentences, then each paragraph and its gist; code is not translated', () => {
    const units = buildUnits(paragraphs, ['ga', '', 'gb'], ['s0']);
    expect(units.map((u) => u.id)).toEqual(['t', 's0', 'p0', 'g0', 'p1', 'p2', 'g2']);
    expect(units.filter((u) => !u.translate).map((u) => u.id)).toEqual(['p1']);
  });

  it('sends no gist unit for a gist that is its whole paragraph: it takes the paragraph translation', () => {
    const units = buildUnits(paragraphs, ['a'.repeat(100), '', 'gb'], []);
    expect(units.map((u) => u.id)).toEqual(['t', 'p0', 'p1', 'p2', 'g2']);
  });

  it('points a summary sentence or gist that is a whole sentence at its paragraph, and keeps them in its batch', () => {
    const story = {
      title: 'Tram',
      blocks: [
        {
          kind: 'paragraph' as const,
          text: 'The council met. It approved the tram on Wednesday.',
          translate: true,
        },
        { kind: 'paragraph' as const, text: 'Work starts in March. Trams run next year.', translate: true },
      ],
    };
    const units = buildUnits(
      story,
      ['It approved the tram on Wednesday.', 'Work starts.'],
      ['Trams run next year.'],
    );
    expect(units.map((u) => [u.id, u.of ?? null])).toEqual([
      ['t', null],
      ['p0', null],
      ['g0', { unit: 'p0', sentence: 1 }],
      ['p1', null],
      ['g1', null],
      ['s0', { unit: 'p1', sentence: 1 }],
    ]);
    // Bounds of one unit a batch still never separate a gist or a sentence from its paragraph.
    const batches = planBatches(units, 1, 10);
    const batchOf = (id: string) =>
      batches.findIndex((b) => units.slice(b.start, b.end).some((u) => u.id === id));
    for (const unit of units) if (unit.of) expect(batchOf(unit.id)).toBe(batchOf(unit.of.unit));
    expect(batchOf('g1')).toBe(batchOf('p1'));
    expect(batches.map((b) => b.end - b.start)).toEqual([1, 2, 3]);
  });

  it('never plans more than the given number of batches: the bounds grow instead', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => ({ id: `p${i}`, text: 'Rain.', translate: true }));
    const batches = planBatches(many, 200, 30_000, 100);
    expect(batches.length).toBeLessThanOrEqual(100);
    expect(batches.length).toBeGreaterThan(50);
    expect(batches.at(-1)?.end).toBe(many.length);
    batches.forEach((b, i) => {
      if (i > 0) expect(b.start).toBe(batches[i - 1]?.end);
    });
  });

  it('covers every unit exactly once, within count and character bounds', () => {
    const units = buildUnits(paragraphs, ['ga', '', 'gb'], ['s0']);
    const batches = planBatches(units, 3, 150);
    expect(batches[0]?.start).toBe(0);
    expect(batches.at(-1)?.end).toBe(units.length);
    batches.forEach((b, i) => {
      expect(b.index).toBe(i);
      // The bounds count the units sent to the engine; a gist rides along with its paragraph.
      const sent = units.slice(b.start, b.end).filter((u) => u.translate && !u.same && !u.of);
      const gists = sent.filter((u) => u.id.startsWith('g'));
      expect(sent.length - gists.length).toBeLessThanOrEqual(3);
      const characters = (list: Unit[]) => list.reduce((n, u) => n + u.text.length, 0);
      expect(characters(sent) - characters(gists)).toBeLessThanOrEqual(150);
      if (i > 0) expect(b.start).toBe(batches[i - 1]?.end);
    });
    // Units the engine never sees (code, repeats) ride along, up to five times the count in all.
    const code = Array.from({ length: 40 }, (_, i) => ({ id: `p${i}`, text: 'x = 1', translate: false }));
    expect(planBatches(code, 2, 1000).map((b) => b.end - b.start)).toEqual([10, 10, 10, 10]);
    // One unit larger than the character bound still gets a batch of its own.
    expect(planBatches([{ id: 'p0', text: 'x'.repeat(500), translate: true }], 10, 100)).toEqual([
      { index: 0, start: 0, end: 1 },
    ]);
  });
});

describe('translateText', () => {
  /** Upper-cases text: enough to see every chunk came back in its place. */
  class RecordingTranslator implements Translator {
    readonly name = 'upper';
    readonly requests: TranslateRequest[] = [];
    async translate(request: TranslateRequest): Promise<string> {
      this.requests.push(request);
      return request.text.toUpperCase();
    }
  }

  it('sends each request under 10,000 bytes and joins the answers in order', async () => {
    const translator = new RecordingTranslator();
    const text = Array.from({ length: 600 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const result = await translateText(
      translator,
      text,
      { source: 'en', target: 'es', terminologyNames: [] },
      pLimit(3),
    );
    expect(result.text).toBe(text.toUpperCase());
    expect(result.requests).toBe(translator.requests.length);
    expect(result.requests).toBeGreaterThan(1);
    for (const r of translator.requests) expect(utf8Length(r.text)).toBeLessThanOrEqual(10_000);
    expect(result.characters).toBe(translator.requests.reduce((n, r) => n + r.text.length, 0));
  });
});

describe('pacer (TRANSLATE_REQUESTS_PER_SECOND)', () => {
  it('spaces calls 1/rate apart in the order they ask, and lets everything through without a rate', async () => {
    let now = 1_000;
    const waits: number[] = [];
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        waits.push(ms);
      },
    };
    const pace = pacer(4, clock);
    await Promise.all([pace(), pace(), pace(), pace()]);
    expect(waits).toEqual([250, 500, 750]);
    now += 2_000; // idle long enough: the next call goes at once
    await pace();
    expect(waits).toHaveLength(3);
    const free = pacer(undefined, clock);
    await free();
    expect(waits).toHaveLength(3);
  });
});

describe('markRepeats', () => {
  const story = {
    title: 'Read more',
    blocks: [
      { kind: 'paragraph' as const, text: 'Read more. The council met.', translate: true },
      { kind: 'paragraph' as const, text: 'Read more', translate: true },
      { kind: 'paragraph' as const, text: 'Read more. The council met.', translate: true },
      { kind: 'code' as const, text: 'x = 1', translate: false },
      { kind: 'code' as const, text: 'x = 1', translate: false },
      { kind: 'paragraph' as const, text: 'Read more', translate: true, language: 'fr' },
      { kind: 'paragraph' as const, text: 'Read more. The council met.', translate: true },
    ],
  };

  it('points each repeated text at its first unit, in the same language only, and leaves copies alone', () => {
    const units = markRepeats(buildUnits(story, [], []));
    expect(units.map((u) => [u.id, u.same ?? null])).toEqual([
      ['t', null],
      ['p0', null],
      ['p1', 't'],
      ['p2', 'p0'],
      ['p3', null],
      ['p4', null], // not translated: copied as it is anyway
      ['p5', null], // another language: another translation
      ['p6', 'p0'],
    ]);
  });

  it('keeps a paragraph whose sentence is cut for a unit of its own, and costs a repeat nothing in a batch', () => {
    // The summary sentence comes from p2 (the first paragraph holding it), so p2 is translated in
    // its batch and the sentence cut from it; the gists of p0 and p6 are repeats of each other.
    const units = markRepeats(
      buildUnits(
        story,
        ['The council met.', '', 'Read more.', '', '', '', 'The council met.'],
        ['Read more.'],
      ),
    );
    const byId = new Map(units.map((u) => [u.id, u]));
    expect(byId.get('s0')?.of).toEqual({ unit: 'p0', sentence: 0 });
    expect(byId.get('s0')?.same).toBeUndefined();
    expect(byId.get('p0')?.same).toBeUndefined();
    expect(byId.get('g2')).toMatchObject({ of: { unit: 'p2', sentence: 0 }, same: 's0' });
    expect(byId.get('p2')?.same).toBe('p0');
    expect(byId.get('g6')).toMatchObject({ of: { unit: 'p6', sentence: 1 }, same: 'g0' });
    // A repeat weighs nothing in the character bound: all of these fit one batch of 40 characters.
    const repeats = markRepeats(
      Array.from({ length: 10 }, (_, i) => ({
        id: `p${i}`,
        text: 'Thirty characters of one text.',
        translate: true,
      })),
    );
    expect(planBatches(repeats, 100, 40)).toEqual([{ index: 0, start: 0, end: 10 }]);
  });
});

describe('planUnits', () => {
  it('copies what is not translated or already in the language, cuts sentences of a paragraph, asks for the rest', () => {
    const units: Unit[] = [
      { id: 'p0', text: 'The council met. It voted.', translate: true },
      { id: 's0', text: 'It voted.', translate: true, of: { unit: 'p0', sentence: 1 } },
      { id: 'p1', text: 'const x = 1;', translate: false },
      { id: 'p2', text: '«Es un gran día», dijo.', translate: true, language: 'es' },
    ];
    const needOf = (unit: Unit, source: string, target: string) => ({
      hash: `${source}>${target}:${unit.id}`,
      text: unit.text,
      source,
      target,
    });
    const [es, fr] = planUnits(units, { sourceLanguage: 'en', targetLanguages: ['es', 'fr'] }, needOf);
    expect(es?.map((p) => p.kind)).toEqual(['need', 'cut', 'copy', 'copy']);
    expect(es?.[1]).toEqual({ kind: 'cut', home: 0, sentence: 1, source: 'en' });
    expect(es?.[3]).toEqual({ kind: 'copy', note: 'same-language' });
    expect(fr?.map((p) => p.kind)).toEqual(['need', 'cut', 'copy', 'need']);
    expect(fr?.[3]).toMatchObject({ need: { hash: 'es>fr:p2', source: 'es' } });
    // A repeat is sent nowhere, whatever its language: Assemble gives it its first unit's translation.
    const [repeat] = planUnits(
      [{ id: 'p3', text: '«Es un gran día», dijo.', translate: true, language: 'es', same: 'p2' }],
      { sourceLanguage: 'en', targetLanguages: ['fr'] },
      needOf,
    );
    expect(repeat).toEqual([{ kind: 'repeat' }]);
  });
});
