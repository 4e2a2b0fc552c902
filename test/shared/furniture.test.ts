import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { furnitureKind, stripWireDateline, wireDateline } from '../../shared/article/furniture.ts';
import { readArticle } from '../../shared/article/reader.ts';
import { summarizeBlocks } from '../../shared/summarize/extractive.ts';

const FURNITURE =
  /Lindqvist|Published|3 March 2026|Photo|Jonas Berg|Related|Electric ferries ordered|newsletter|BAYTOWN|Bay Wire|north pier/;

const FILES = ['page.html', 'page.md', 'page.txt'];
const read = await Promise.all(
  FILES.map((file) =>
    readArticle(readFileSync(new URL(`../fixtures/furniture/${file}`, import.meta.url)), file),
  ),
);
const articles = new Map(FILES.map((file, i) => [file, read[i]]));

describe.each(FILES)('page furniture in %s', (file) => {
  const article = articles.get(file);
  if (!article) throw new Error(`${file} was not read`);
  const { summary, gists } = summarizeBlocks(article.blocks);

  it('keeps the title and the three news paragraphs, and nothing else', () => {
    expect(article.title).toBe('Ferry fares frozen for 2027');
    expect(article.blocks.map((b) => b.text.slice(0, 24))).toEqual([
      'The harbour authority wi',
      'The authority carried 4.',
      'Commuters welcomed the d',
    ]);
  });

  it('puts no byline, date line, caption, credit, link or prompt into paragraphs, gists or summary', () => {
    for (const text of [...article.blocks.map((b) => b.text), ...gists, ...summary])
      expect(text).not.toMatch(FURNITURE);
    expect(summary[0]).toMatch(/^The harbour authority will not raise ferry fares in 2027/);
  });
});

describe('furnitureKind', () => {
  it.each([
    ['By Jane Doe · 3 March 2026', 'byline'],
    ['By Jane Doe and Ann Lee, Staff Reporters', 'byline'],
    ['Updated: 12:04 GMT', 'dateline'],
    ['March 3, 2026', 'dateline'],
    ['Photo: Jane Doe/Reuters', 'caption'],
    ['Credit: Getty Images', 'caption'],
    ['Read more: the full budget', 'related'],
    ['Share this article', 'prompt'],
  ])('%s is a %s', (text, kind) => {
    expect(furnitureKind(text)).toBe(kind);
  });

  it.each([
    'By Tuesday, officials said the bridge would reopen.',
    'By the end of the year, the council will vote.',
    'The council met on March 3, 2026.',
    'Watch the council vote on Monday, officials said.',
    'The mayor said the photo was fake.',
  ])('%s is news', (text) => {
    expect(furnitureKind(text)).toBeUndefined();
  });

  it('strips a wire dateline only where a dash marks it', () => {
    expect(stripWireDateline('LONDON (Reuters) — The bank held rates.')).toBe('The bank held rates.');
    expect(stripWireDateline('SOCHI, Russia — Abbott fell.')).toBe('Abbott fell.');
    expect(stripWireDateline('NATO said the talks — long delayed — would start.')).toBe(
      'NATO said the talks — long delayed — would start.',
    );
  });

  it('keeps the wire dateline as the article’s, apart from the story’s text (issue 36)', async () => {
    const article = await readArticle(
      Buffer.from(
        'Strike ends\n\nVALPARAÍSO, Chile (AP) — Dockworkers returned to work on Thursday.\n\nExports resumed.',
      ),
      'strike.txt',
    );
    expect(article.dateline).toBe('VALPARAÍSO, Chile (AP)');
    expect(article.blocks[0]?.text).toBe('Dockworkers returned to work on Thursday.');
    expect(wireDateline('NATO said the talks — long delayed — would start.')).toBeUndefined();
  });
});
