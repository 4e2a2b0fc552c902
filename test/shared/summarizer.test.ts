import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../shared/article/model.ts';
import { readArticle } from '../../shared/article/reader.ts';
import { buildUnits, planBatches } from '../../shared/pipeline/summarize.ts';
import {
  GIST_MAX_WORDS,
  GIST_MIN_PARAGRAPH_WORDS,
  summarizeBlocks,
} from '../../shared/summarize/extractive.ts';
import { splitSentences } from '../../shared/text/segmenter.ts';
import { countWords } from '../../shared/text/words.ts';
import { MAX_BATCHES } from '../../shared/workflow.ts';

const example = await readArticle(
  readFileSync(new URL('../../examples/harbour-tram.txt', import.meta.url)),
  'harbour-tram.txt',
);
const words = (s: string) => s.trim().split(/\s+/).length;
const wordsOf = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const isSubsequence = (part: readonly string[], whole: readonly string[]) => {
  let i = 0;
  for (const w of whole) if (w === part[i]) i++;
  return i === part.length;
};

describe('summarizeBlocks', () => {
  it('gives every paragraph a gist made of its own words, in order, ending a sentence', () => {
    const { gists } = summarizeBlocks(example.blocks);
    expect(gists).toHaveLength(example.blocks.length);
    example.blocks.forEach((block, i) => {
      const gist = gists[i] ?? '';
      expect(gist.length).toBeGreaterThan(0);
      expect(gist).toMatch(/[.!?]["”’]?$/);
      expect(gist).not.toMatch(/…|,\s*[.!?]$/);
      expect(isSubsequence(wordsOf(gist), wordsOf(block.text))).toBe(true);
      if (words(block.text) > GIST_MIN_PARAGRAPH_WORDS) expect(gist).not.toBe(block.text);
    });
  });

  it('prefers the sentence that carries the news over a teaser, and compresses it', () => {
    const { gists } = summarizeBlocks([
      {
        kind: 'paragraph',
        text: 'Some residents are not waiting. Neighbours on Elm Street have collected 4,000 litres of rainwater in barrels since March, the water board said on Monday.',
        translate: true,
      },
    ]);
    expect(gists[0]).toBe('Neighbours on Elm Street have collected 4,000 litres of rainwater in barrels.');
  });

  it('gives a long one-sentence paragraph a shorter gist, never cut mid-clause', () => {
    const text =
      'The harbour authority, which runs the ferries that cross the bay every twenty minutes, will not raise fares in 2027 despite a rise in fuel costs, its chairwoman told councillors on Tuesday evening.';
    const [gist] = summarizeBlocks([{ kind: 'paragraph', text, translate: true }]).gists;
    expect(gist).toBe('The harbour authority will not raise fares in 2027.');
  });

  it('leaves code without a gist and keeps short paragraphs whole', () => {
    const { gists } = summarizeBlocks([
      { kind: 'paragraph', text: 'The tram opens in May.', translate: true },
      { kind: 'code', text: 'const tram = approved(council);', translate: false },
    ]);
    expect(gists).toEqual(['The tram opens in May.', '']);
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

describe('a 10 MiB article of short sentences (the largest upload the stack accepts)', () => {
  it('is summarized without recursion or spreads over its sentences, and planned in at most MAX_BATCHES batches', async () => {
    const paragraphs: string[] = [];
    let bytes = 0;
    for (let p = 0; bytes < 10 * 1024 * 1024; p++) {
      const text = Array.from({ length: 40 }, (_, s) => `Rain fell at ${(p * 40 + s) % 97} today.`).join(' ');
      paragraphs.push(text);
      bytes += text.length + 2;
    }
    const article = await readArticle(Buffer.from(`Weather log\n\n${paragraphs.join('\n\n')}`), 'log.txt');
    expect(article.blocks.length).toBe(paragraphs.length);
    const { summary, gists } = summarizeBlocks(article.blocks, { sentences: 3 });
    // Near-identical sentences are not repeated in a summary: one to three of them.
    expect(summary.length).toBeGreaterThanOrEqual(1);
    expect(summary.length).toBeLessThanOrEqual(3);
    for (const sentence of summary) expect(sentence).toMatch(/^Rain fell at \d+ today\.$/);
    expect(gists).toHaveLength(article.blocks.length);
    const units = buildUnits({ title: article.title, blocks: article.blocks }, gists, summary);
    const batches = planBatches(units, 200, 30_000);
    expect(batches.length).toBeLessThanOrEqual(MAX_BATCHES);
    expect(batches.at(-1)?.end).toBe(units.length);
  }, 120_000);
});

describe('a gist always compresses', () => {
  const block = (text: string): Block => ({ kind: 'paragraph', text, translate: true });

  it('is at most a short sentence even for a 50 KB paragraph without punctuation, and so is the summary', () => {
    const words = Array.from(
      { length: 9000 },
      (_, i) => ['council', 'tram', 'harbour', 'vote', 'line'][i % 5],
    );
    const paragraph = `The ${words.join(' ')}`;
    expect(paragraph.length).toBeGreaterThan(50_000);
    const { gists, summary } = summarizeBlocks([block(paragraph)], { sentences: 3 });
    expect(countWords(gists[0] ?? '')).toBeLessThanOrEqual(GIST_MAX_WORDS);
    expect(gists[0]).toMatch(/\.$/);
    expect(summary.join(' ').length).toBeLessThan(1000);
  });

  it('never ends in "..", "..." or "…"', () => {
    const texts = [
      'The council said the depot would open to the public at 9 a.m.',
      'The company, which employs 4,000 people, said there would be no job cuts...',
      'The company, which employs 4,000 people, said there would be no job cuts…',
      'Short one…',
    ];
    const { gists } = summarizeBlocks(texts.map(block), { sentences: 1 });
    for (const gist of gists) expect(gist).not.toMatch(/(\.\.|…)["”’']?$/);
    expect(gists[0]).toMatch(/a\.m\.$/);
  });

  it('never ends on the opening quote of the next paragraph', () => {
    // Daily Mail paragraphs in CNN/DM end so: 371 of 3,484 gists ended in " '." before.
    const short = "The reply came at once. '";
    const long = `The council's ${'long and winding '.repeat(4)}report on the tram depot was finally published on Monday. '`;
    const { gists } = summarizeBlocks([block(short), block(long)], { sentences: 1 });
    expect(gists[0]).toBe('The reply came at once.');
    expect(gists[1]).toMatch(/[a-z]\.$/);
  });
});

describe('summaries and gists an editor would publish (issue 36)', () => {
  const paragraph = (text: string): Block => ({ kind: 'paragraph', text, translate: true });
  const article = [
    paragraph(
      'Dockworkers at the port of Valparaíso returned to work on Thursday after a nine-day strike over pay.',
    ),
    paragraph(
      'The strike halted copper exports worth $40 million a day. It also stranded 30 ships in the bay, the port authority said, and cost exporters more than $300 million in total.',
    ),
    paragraph(
      'The union said it would meet again on Monday, June 3, to discuss safety conditions at the port.',
    ),
    paragraph(
      'Nevertheless, the government has promised an inquiry into the two accidents that began the dispute in March.',
    ),
    paragraph('Port officials said the backlog of 30 ships would take about two weeks to clear completely.'),
  ];

  it('never gives a summary sentence that leans on one it left out', () => {
    // The salient "It left GDP up…" leans on the bank's decision; "Nevertheless" on that.
    const economy = [
      paragraph('The central bank met on Tuesday.'),
      paragraph(
        'The bank kept rates where they were. It left GDP up 2.3% for 2025, with exports to China, Japan and Germany rising 14% to $80 billion, the Finance Ministry in Santiago said.',
      ),
      paragraph(
        'Nevertheless, the Chilean government in Santiago expects growth of 3.1% in 2026 as copper prices from Codelco and BHP rise 12%.',
      ),
      paragraph('Officials will meet again in March.'),
      paragraph(
        'Analysts at Goldman Sachs and JPMorgan said inflation of 4.2% would fall to 3% by December.',
      ),
    ];
    const sentences = economy
      .flatMap((b) => ('text' in b ? splitSentences(b.text) : []))
      .map((s) => s.trim());
    for (const n of [1, 2, 3, 4]) {
      const { summary } = summarizeBlocks(economy, { sentences: n });
      expect(summary.length).toBeLessThanOrEqual(n);
      summary.forEach((s, i) => {
        if (!/^(It|Nevertheless)\b/.test(s)) return;
        // What it leans on comes right before it.
        expect(summary[i - 1]).toBe(sentences[sentences.indexOf(s) - 1]);
      });
    }
    expect(summarizeBlocks(economy, { sentences: 3 }).summary).toContain(
      'The bank kept rates where they were.',
    );
  });

  it('cuts a gist whole: no piece of a date, and the noun a pronoun stands for', () => {
    const { gists } = summarizeBlocks(article, { sentences: 3 });
    expect(gists[2]).toMatch(/^The union said it would meet again/);
    expect(gists[2]).not.toMatch(/,\s*\d+\.$|\b3\b/);
    // The paragraph's second sentence opens with "It": its gist comes from the first.
    expect(gists[1]).toMatch(/^The strike halted copper exports/);
  });

  it('never ends a gist on a dangling word, even where the source paragraph was cut off', () => {
    const cutOff = [
      paragraph('Police were called to'),
      paragraph('Tickets for the bout have also yet to go on sale and'),
      paragraph('and'),
    ];
    const { gists } = summarizeBlocks(cutOff, { sentences: 1 });
    expect(gists).toEqual(['Police were called.', 'Tickets for the bout have also yet to go on sale.', '']);
    // A sentence that ends with its stop keeps the preposition it strands.
    expect(summarizeBlocks([paragraph('This is what the council was looking for.')]).gists[0]).toBe(
      'This is what the council was looking for.',
    );
  });
});
