import { readFileSync } from 'node:fs';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';

/**
 * A saved news page (masthead, menu, cookie banner, teaser <article>s before the story, byline,
 * caption, newsletter prompt, related links, footer, relative links, a canonical URL) end to end on
 * the local cloud: the story and only the story is translated, its links work where it is
 * published, and its title and source metadata reach article.json, es.md, es.html and the reader.
 */
const PAGE = readFileSync(new URL('../fixtures/pages/port-strike/source.html', import.meta.url), 'utf8');
const CANONICAL = 'https://www.coastcourier.example/world/2026/12/07/valparaiso-dockworkers-strike';

let t: TestCloud;
let browser: Browser;
beforeAll(async () => {
  t = await startTestCloud();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('a full web page', () => {
  it('comes out as its article, in every output', async () => {
    const result = await t.upload('incoming/port-strike.html', PAGE, { 'target-languages': 'es' });
    expect(result.end).toBe('ArticleSucceeded');
    const doc = await t.article('port-strike');
    expect(doc.schemaVersion).toBe('1.5');
    expect(doc.title).toBe('Dockworkers end nine-day strike at Valparaíso port');
    expect(doc.sourceMetadata).toEqual({
      url: CANONICAL,
      siteName: 'The Coast Courier',
      byline: 'Marta Quintero',
      publishedTime: '2026-12-07T09:30:00Z',
    });
    expect(doc.paragraphs).toHaveLength(9);
    expect(doc.paragraphs[0]?.kind).toBe('standfirst');
    expect(doc.paragraphs[0]?.translations.es?.text).toMatch(/\S/);
    expect(doc.paragraphs[1]?.text).toMatch(/^Dockworkers at the port of Valparaíso returned/);
    const source = doc.paragraphs.map((p) => p.text).join('\n');
    for (const furniture of [
      'Harbour tram',
      'cookies',
      'Sign up',
      'Santiago metro',
      'Cranes stood',
      'All rights',
    ]) {
      expect(source).not.toContain(furniture);
    }
    // Links resolved against the canonical URL, in the source and in the translation.
    const linked = doc.paragraphs.find((p) => p.html?.includes('companies/tps'));
    expect(linked?.html).toContain('href="https://www.coastcourier.example/companies/tps"');
    expect(linked?.translations.es?.html ?? linked?.translations.es?.note).toBeDefined();

    // The table: one block, its cells translated one by one, numbers and dates as they were, no gist.
    const table = doc.paragraphs.find((p) => p.kind === 'table');
    expect(table?.table?.rows).toHaveLength(5);
    expect(table?.summary).toBe('');
    const es = table?.translations.es?.table;
    expect(es?.rows.map((r) => r.cells.length)).toEqual([3, 3, 3, 3, 3]);
    expect(es?.rows[2]?.cells.slice(1)).toEqual(['120', '160']);
    expect(es?.rows[4]?.cells[1]).toBe('2019-03-01');
    expect(es?.rows[1]?.cells[0]).not.toBe('One-time bonus');
    expect(es?.caption).toBeDefined();
    expect(doc.summary.join(' ')).not.toMatch(/Crane operators|2019-03-01/);

    const md = (await t.text(t.cloud.outputBucket, 'port-strike/es.md')) ?? '';
    expect(md).toMatch(/^\| [^|\n]+ \| 120 \| 160 \|$/m);
    expect(md).toMatch(/^# /);
    expect(md).toMatch(
      /Marta Quintero, The Coast Courier, 2026-12-07 · https:\/\/www\.coastcourier\.example\//,
    );
    expect(md).not.toMatch(/\]\(\/|\]\(\.\./);

    const page = (await t.text(t.cloud.outputBucket, 'port-strike/es.html')) ?? '';
    expect(page).toContain(`<link rel="alternate" hreflang="en" href="${CANONICAL}">`);
    expect(page).toContain(`<a href="${CANONICAL}">`);
    expect(page).not.toMatch(/href="\/|href="\.\./);
    expect(page).toMatch(/<table><caption>[^<]+<\/caption><thead><tr><th>/);
    // The standfirst right under the title.
    expect(page).toMatch(/<h1>[^<]+<\/h1>\n(?:<p class="summary">.*\n)?<p class="standfirst">/);

    // The reader shows the story on both sides, and nothing of the page around it.
    const tab = await browser.newPage();
    await tab.setContent((await t.text(t.cloud.outputBucket, 'port-strike/index.html')) ?? '', {
      waitUntil: 'load',
    });
    expect(await tab.locator('.original').count()).toBe(9);
    expect((await tab.locator('.original').nth(1).textContent())?.trim()).toMatch(/^Dockworkers at the port/);
    expect(await tab.locator('body').textContent()).not.toContain('Harbour tram');
    // The table on both sides, as a table.
    expect(await tab.locator('.original table td').count()).toBe(12);
    expect(await tab.locator('.translation table td').count()).toBe(12);
    await tab.close();
  });

  it('a page of menus fails with NO_ARTICLE, and the upload stays', async () => {
    const links = Array.from(
      { length: 80 },
      (_, i) => `<li><a href="/s/${i}">Section story ${i}</a></li>`,
    ).join('');
    const menu = `<!doctype html><html><head><title>Home | Courier</title></head><body><header><nav><ul>${links}</ul></nav></header><main><ul>${links}</ul></main></body></html>`;
    const result = await t.upload('incoming/front-page.html', menu);
    expect(result.end).toBe('ArticleFailed');
    const error = await t.error('front-page');
    expect(error.code).toBe('NO_ARTICLE');
    expect(error.message).toMatch(/No article was found on this page: it has \d+ text blocks/);
    expect(error.retryable).toBe(false);
    const kept = await t.s3.send(
      new HeadObjectCommand({ Bucket: t.cloud.inputBucket, Key: 'incoming/front-page.html' }),
    );
    expect(kept.ContentLength).toBe(Buffer.byteLength(menu));
  });

  it('a source-url that is not an address fails with INVALID_SOURCE_URL', async () => {
    const result = await t.upload('incoming/bad-url.html', PAGE, { 'source-url': 'javascript:alert(1)' });
    expect(result.end).toBe('ArticleFailed');
    expect((await t.error('bad-url')).code).toBe('INVALID_SOURCE_URL');
  });
});
