import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../shared/article/model.ts';
import { readArticle } from '../../shared/article/reader.ts';
import { GIST_MAX_WORDS, summarizeBlocks, truncateWords } from '../../shared/summarize/extractive.ts';

const example = readArticle(
  readFileSync(new URL('../../examples/harbour-tram.txt', import.meta.url)),
  'harbour-tram.txt',
);
const words = (s: string) => s.trim().split(/\s+/).length;

describe('summarizeBlocks', () => {
  it('gives every paragraph a gist of at most 30 words taken from its own words', () => {
    const { gists } = summarizeBlocks(example.blocks);
    expect(gists).toHaveLength(example.blocks.length);
    example.blocks.forEach((block, i) => {
      const gist = gists[i] ?? '';
      expect(gist.length).toBeGreaterThan(0);
      expect(words(gist)).toBeLessThanOrEqual(GIST_MAX_WORDS);
      expect(block.text).toContain(gist.replace(/…$/, ''));
    });
  });

  it('summarises the article in 3 sentences by default, in article order, from the article', () => {
    const { summary } = summarizeBlocks(example.blocks);
    expect(summary).toHaveLength(3);
    const all = example.blocks.map((b) => b.text).join('\n');
    const positions = summary.map((s) => all.indexOf(s));
    for (const p of positions) expect(p).toBeGreaterThanOrEqual(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('takes a sentence count or a word budget', () => {
    expect(summarizeBlocks(example.blocks, { sentences: 5 }).summary).toHaveLength(5);
    const budget = summarizeBlocks(example.blocks, { words: 60 }).summary;
    expect(budget.reduce((n, s) => n + words(s), 0)).toBeLessThanOrEqual(60);
    expect(budget.length).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    expect(summarizeBlocks(example.blocks)).toEqual(summarizeBlocks(example.blocks));
  });

  it('avoids repeating itself', () => {
    const repeated: Block[] = [
      { kind: 'paragraph', text: 'The council approved the tram line on Wednesday night.', translate: true },
      {
        kind: 'paragraph',
        text: 'The council approved the tram line on Wednesday night, officials said.',
        translate: true,
      },
      {
        kind: 'paragraph',
        text: 'Critics warned that the budget of 412 million euros would overrun.',
        translate: true,
      },
      {
        kind: 'paragraph',
        text: 'Residents of the harbour district welcomed the decision after years of crowded buses.',
        translate: true,
      },
    ];
    const { summary } = summarizeBlocks(repeated, { sentences: 2 });
    expect(summary.filter((s) => s.startsWith('The council approved'))).toHaveLength(1);
  });

  it('never puts headings or code into the article summary', () => {
    const blocks: Block[] = [
      { kind: 'heading', text: 'Tram approved by the council', translate: true },
      {
        kind: 'paragraph',
        text: 'The council approved the tram after a long night of debate.',
        translate: true,
      },
      { kind: 'code', text: 'const tram = approved(council);', translate: false },
    ];
    const { summary, gists } = summarizeBlocks(blocks, { sentences: 3 });
    expect(summary).toEqual(['The council approved the tram after a long night of debate.']);
    expect(gists[0]).toBe('Tram approved by the council');
  });
});

describe('truncateWords', () => {
  it('cuts long sentences at a clause boundary within the limit', () => {
    const long = `${'word '.repeat(20)}clause, ${'more '.repeat(30)}end.`;
    const cut = truncateWords(long, 30);
    expect(words(cut)).toBeLessThanOrEqual(30);
    expect(cut.endsWith('clause…')).toBe(true);
  });
});
