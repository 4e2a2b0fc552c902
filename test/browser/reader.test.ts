import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReader } from '../../shared/render/html.ts';
import { type ArticleDocument, SCHEMA_VERSION } from '../../shared/schemas/document.ts';
import { launchChromium } from '../helpers/browser.ts';

/** The reader in real headless Chromium (Debian's package; no browser download). */
const hostile = '<script>window.pwned = true</script><img src=x onerror="window.pwned = true">';

const doc: ArticleDocument = {
  schemaVersion: SCHEMA_VERSION,
  articleId: 'reader-test',
  source: { bucket: 'in', key: 'incoming/reader-test.md', etag: 'e', bytes: 100, format: 'md' },
  sourceLanguage: 'en',
  targetLanguages: ['es', 'ca'],
  failedLanguages: [],
  title: 'Tram approved',
  titleTranslations: { es: 'Tranvía aprobado', ca: 'Tramvia aprovat' },
  summary: ['The council approved the tram.'],
  summaryTranslations: {
    es: ['El ayuntamiento aprobó el tranvía.'],
    ca: ["L'ajuntament va aprovar el tramvia."],
  },
  titleOrigins: { es: { origin: 'machine' }, ca: { origin: 'machine' } },
  summaryOrigins: { es: [{ origin: 'machine' }], ca: [{ origin: 'machine' }] },
  paragraphs: [
    {
      index: 0,
      kind: 'paragraph',
      language: 'en',
      text: 'The council approved the tram.',
      summary: 'The council approved the tram.',
      translations: {
        es: {
          text: 'El ayuntamiento aprobó el tranvía.',
          summary: 'El ayuntamiento aprobó el tranvía.',
          origin: 'machine',
        },
        ca: {
          text: "L'ajuntament va aprovar el tramvia.",
          summary: "L'ajuntament va aprovar el tramvia.",
          origin: 'machine',
        },
      },
    },
    {
      index: 1,
      kind: 'heading',
      language: 'en',
      text: 'Reactions',
      summary: 'Reactions',
      translations: {
        es: { text: 'Reacciones', summary: 'Reacciones', origin: 'machine' },
        ca: { text: 'Reaccions', summary: 'Reaccions', origin: 'machine' },
      },
    },
    {
      index: 2,
      kind: 'paragraph',
      language: 'en',
      text: `A reader wrote ${hostile} in a comment.`,
      summary: `A reader wrote ${hostile}.`,
      translations: {
        es: { text: `Un lector escribió ${hostile}.`, summary: 'Un lector escribió.', origin: 'machine' },
        ca: {
          text: `Un lector va escriure ${hostile}.`,
          summary: 'Un lector va escriure.',
          origin: 'machine',
        },
      },
    },
    {
      index: 3,
      kind: 'list-item',
      language: 'en',
      text: 'Work starts in March.',
      summary: 'Work starts in March.',
      translations: {
        es: {
          text: 'Las obras empiezan en marzo.',
          summary: 'Las obras empiezan en marzo.',
          origin: 'machine',
        },
        ca: {
          text: 'Les obres comencen al març.',
          summary: 'Les obres comencen al març.',
          origin: 'machine',
        },
      },
    },
  ],
  stats: {
    paragraphs: 4,
    characters: 100,
    charactersSentToTranslate: 100,
    charactersFromCache: 0,
    translateRequests: 6,
    batches: 1,
    markupLost: 0,
    durationsMs: { translate: 1, total: 2 },
  },
  engines: { translation: 'test', summarization: 'test', languageDetection: 'test' },
  createdAt: '2026-11-26T00:00:00.000Z',
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('index.html in Chromium', () => {
  it('shows every paragraph beside its translation, switches language, and renders article text as text', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('about:')) requests.push(r.url());
    });
    await page.setContent(renderReader(doc), { waitUntil: 'load' });

    const rows = page.locator('section.row');
    expect(await rows.count()).toBe(doc.paragraphs.length);
    for (const p of doc.paragraphs) {
      const row = page.locator(`section.row[data-index="${p.index}"]`);
      expect(await row.locator('.original p').first().textContent()).toBe(p.text);
      expect(
        await row.locator('.translation [data-target-lang="es"]:visible > div p').first().textContent(),
      ).toBe(p.translations.es?.text);
    }
    // The hostile paragraph is text: no element was created from it and nothing ran.
    expect(await page.evaluate('document.querySelectorAll("script").length')).toBe(1);
    expect(await page.evaluate('document.querySelectorAll("img").length')).toBe(0);
    expect(await page.evaluate('"pwned" in window')).toBe(false);
    expect(await page.locator('section.row[data-index="2"] .original > p').first().textContent()).toContain(
      '<script>',
    );

    // A gist that is its paragraph, or a heading, adds nothing and is not shown; a real gist is labelled.
    expect(await page.locator('section.row[data-index="0"] .gist').count()).toBe(0);
    expect(await page.locator('section.row[data-index="1"] .gist').count()).toBe(0);
    const gist = page.locator('section.row[data-index="2"] .original .gist');
    expect(await gist.locator('.label').textContent()).toBe('Gist');
    expect(await gist.textContent()).toBe(`Gist${doc.paragraphs[2]?.summary}`);
    expect(
      await page.locator('section.row[data-index="2"] [data-target-lang="es"]:visible .gist').textContent(),
    ).toBe('En síntesisUn lector escribió.');

    // Labels say what each part is, in the language of what they label.
    const meta = await page.locator('header > p.meta').first().textContent();
    expect(meta).toContain('reader-test.md');
    expect(meta).not.toContain('incoming/');
    expect(await page.evaluate('document.querySelector("details.summary").open')).toBe(true);
    expect(await page.locator('details.summary h2:visible').allTextContents()).toEqual([
      'Summary · English',
      'Resumen · Español',
    ]);
    expect(await page.locator('.columns > div:visible').allInnerTexts()).toEqual([
      'ENGLISH (ORIGINAL)',
      'ESPAÑOL',
    ]);
    // A list item keeps its bullet.
    const bullet = await page.evaluate(
      `(() => { const s = getComputedStyle(document.querySelector('section.row[data-index="3"] .original li')); return [s.display, s.listStyleType]; })()`,
    );
    expect(bullet).toEqual(['list-item', 'disc']);

    await page.getByRole('button', { name: 'Català' }).click();
    expect(await page.locator('details.summary h2:visible').allTextContents()).toEqual([
      'Summary · English',
      'Resum · Català',
    ]);
    expect(
      await page.locator('section.row[data-index="0"] .translation [data-target-lang="ca"]').isVisible(),
    ).toBe(true);
    expect(
      await page.locator('section.row[data-index="0"] .translation [data-target-lang="es"]').isVisible(),
    ).toBe(false);
    expect(requests).toEqual([]); // self-contained: no fetches

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/reader-desktop.png', fullPage: true });
    await page.close();
  });

  it('reads on a phone: one column, nothing wider than the screen', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await page.setContent(renderReader(doc), { waitUntil: 'load' });
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    const columns = await page.evaluate(
      'getComputedStyle(document.querySelector("section.row")).gridTemplateColumns.split(" ").length',
    );
    expect(columns).toBe(1);
    // On a phone the summary starts folded, so the first screen shows the article.
    expect(await page.evaluate('document.querySelector("details.summary").open')).toBe(false);
    expect(await page.locator('details.summary > summary').textContent()).toBe('Summary');
    const firstRowTop = await page
      .locator('section.row')
      .first()
      .evaluate((el) => el.getBoundingClientRect().top);
    expect(firstRowTop).toBeLessThan(844);
    await page.screenshot({ path: 'test-results/reader-phone.png', fullPage: true });
    await page.close();
  });
});
