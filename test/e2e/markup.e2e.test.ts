import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';

/**
 * A newsroom's HTML and Markdown articles with links, emphasis, a list, a quote and names, end to
 * end on the local cloud (real s3rver, real Apertium): links and emphasis reach article.json,
 * es.md, the es.html page and the reader; names stay names; hostile markup stays harmless.
 */
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

const HTML = `<!doctype html><html><head><title>Harbour tram</title></head><body><article>
<h1>Council approves harbour tram</h1>
<p>The <a href="https://example.org/council?vote=1&amp;y=2" title="The vote">city council</a> approved the tram on Wednesday, said Mayor Elena Marsh.</p>
<p>The line will be run by <strong>Harbour Lines</strong>, and the depot will stand on the old <em>Gartshore Works</em> site.</p>
<h2>What happens next</h2>
<ul><li>Work starts in <a href="/timeline">March</a>.</li><li>The first trams run in <b>two years</b>.</li></ul>
<blockquote><p>"This is a <em>good</em> day for the harbour," said Marsh.</p></blockquote>
<p>Read the <a href="javascript:alert(1)" onclick="alert(2)">full report</a> <script>alert(3)</script>and the <a href="data:text/html,x">appendix</a> here.</p>
</article></body></html>`;

const MARKDOWN = `# Council approves harbour tram

The [city council](https://example.org/council "The vote") approved the tram on Wednesday, said Mayor Elena Marsh.

The line will be run by **Harbour Lines**, and the depot will stand on the old *Gartshore Works* site with \`code\`.

- Work starts in [March](/timeline).
- The first trams run in **two years**.

> "This is a *good* day for the harbour," said Marsh.
`;

const count = (text: string | undefined, pattern: RegExp) => (text ?? '').match(pattern)?.length ?? 0;

describe('an article with markup', () => {
  it('HTML: links, emphasis and names survive into article.json, es.md, es.html and the reader', async () => {
    expect((await t.upload('incoming/markup.html', HTML, { 'target-languages': 'es' })).status).toBe(
      'SUCCEEDED',
    );
    const doc = await t.article('markup');
    expect(doc.schemaVersion).toBe('1.5');
    // /timeline has no address to resolve against (no canonical, no source-url): its words stay, counted.
    expect(doc.sourceMetadata).toEqual({ unresolvedLinks: 1 });
    const [first, second] = doc.paragraphs;
    expect(first?.html).toContain('href="https://example.org/council?vote=1&amp;y=2" title="The vote"');
    expect(first?.translations.es?.html).toContain('href="https://example.org/council?vote=1&amp;y=2"');
    expect(first?.translations.es?.html).toMatch(/<a [^>]+>[^<]+<\/a>/);
    expect(second?.translations.es?.html).toMatch(/<strong>[^<]*Harbour Lines[^<]*<\/strong>/);
    expect(second?.translations.es?.html).toMatch(/<em>[^<]+<\/em>/);
    // Names stay names on the local engine; a name it knows as one is translated.
    expect(first?.translations.es?.text).toContain('Marsh');
    expect(first?.translations.es?.text).not.toMatch(/Pantano/);
    // Every paragraph with markup kept it (or says it did not), and text is plain.
    for (const p of doc.paragraphs) {
      const es = p.translations.es;
      if (p.html) expect(es?.html ?? es?.note).toBeDefined();
      expect(es?.text).not.toMatch(/<|>/);
    }
    expect(doc.stats.markupLost).toBe(
      doc.paragraphs.filter((p) => p.translations.es?.note === 'markup-lost').length,
    );
    // Hostile links lose their target, keep their words; nothing executable anywhere.
    const hostile = doc.paragraphs.find((p) => p.text.startsWith('Read the'));
    expect(hostile?.text).toBe('Read the full report and the appendix here.');
    expect(hostile?.html).toBeUndefined();
    const outputs = await Promise.all(
      ['markup/article.json', 'markup/es.md', 'markup/es.html', 'markup/index.html'].map((k) =>
        t.text(t.cloud.outputBucket, k),
      ),
    );
    for (const out of outputs) expect(out).not.toMatch(/javascript:|data:text|onclick|alert\(/);

    const md = outputs[1] ?? '';
    expect(md).toContain('](https://example.org/council?vote=1&y=2 "The vote")');
    expect(md).toMatch(/\*\*[^*]*Harbour Lines[^*]*\*\*/);
    expect(md).not.toContain('](/timeline)');
    expect(md).toMatch(/^- \S/m);

    const page = outputs[2] ?? '';
    expect(page).toMatch(/^<!doctype html>\n<html lang="es">/);
    expect(page).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(count(page, /<a href=/g)).toBe(1);
    expect(page).toContain('<h2>');
    expect(page).toMatch(/<ul>\n<li>/);
    expect(page).toContain('<blockquote>');
    expect(page).toMatch(/<footer><p>Traducido del inglés · apertium/);

    // The reader renders the links on both sides in Chromium.
    const tab = await browser.newPage();
    await tab.setContent(outputs[3] ?? '', { waitUntil: 'load' });
    const href = 'https://example.org/council?vote=1&y=2';
    expect(await tab.locator(`.original a[href="${href}"]`).count()).toBe(1);
    expect(await tab.locator(`.translation a[href="${href}"]`).count()).toBe(1);
    expect(await tab.locator('.translation strong').count()).toBeGreaterThanOrEqual(2);
    await tab.close();
  });

  it('Markdown: the same links, emphasis and code', async () => {
    const published = { 'target-languages': 'es', 'source-url': 'https://example.org/news/tram' };
    expect((await t.upload('incoming/markup-md.md', MARKDOWN, published)).status).toBe('SUCCEEDED');
    const doc = await t.article('markup-md');
    const second = doc.paragraphs[1];
    expect(doc.paragraphs[0]?.translations.es?.html).toContain(
      '<a href="https://example.org/council" title="The vote">',
    );
    expect(second?.html).toContain('<code>code</code>');
    expect(second?.translations.es?.html ?? '').toContain('<code>code</code>');
    const md = (await t.text(t.cloud.outputBucket, 'markup-md/es.md')) ?? '';
    expect(md).toContain('`code`');
    expect(count(md, /\]\(/g)).toBe(2);
    // Relative links resolve against the source-url the upload gave.
    expect(md).toContain('](https://example.org/timeline)');
    expect(md).toContain('https://example.org/news/tram');
  });

  it('a plain-text article pays nothing for markup: no html fields, the same characters as before', async () => {
    const text =
      'The city council approved the tram on Wednesday.\n\nThe line will be run by Harbour Lines.\n';
    await t.upload('incoming/plain-a.txt', text, { 'target-languages': 'es' });
    const linked =
      'The <a href="https://example.org/a-very-long-address/that-is-never-sent">city council</a> approved the tram on Wednesday.\n\nThe line will be run by <a href="https://example.org/b">Harbour Lines</a>.';
    await t.upload(
      'incoming/plain-b.html',
      `<article><p>${linked.split('\n\n').join('</p><p>')}</p></article>`,
      {
        'target-languages': 'es',
      },
    );
    const plain = await t.article('plain-a');
    const html = await t.article('plain-b');
    expect(plain.paragraphs.every((p) => p.html === undefined && p.translations.es?.html === undefined)).toBe(
      true,
    );
    // URLs are not sent: every paragraph has a link, and the bill grows by the short tags only.
    const extra = html.stats.charactersSentToTranslate / plain.stats.charactersSentToTranslate - 1;
    expect(extra).toBeGreaterThan(0);
    expect(extra).toBeLessThan(0.1);
  });

  it('a 10,000-link paragraph succeeds, with its links or as plain text, and nothing executable', async () => {
    const links = Array.from(
      { length: 10_000 },
      (_, i) => `<a href="/w${i}" onclick="x()">word${i % 50}</a>`,
    ).join(' ');
    const html = `<article><p>The council met today and voted.</p><p>${links}.</p></article>`;
    const published = { 'target-languages': 'es', 'source-url': 'https://example.org/glossary/' };
    expect((await t.upload('incoming/many-links.html', html, published)).status).toBe('SUCCEEDED');
    const doc = await t.article('many-links');
    const big = doc.paragraphs[1];
    expect(big?.html?.match(/<a /g)).toHaveLength(10_000);
    const es = big?.translations.es;
    expect(es?.html ?? es?.note).toBeDefined();
    if (es?.html) expect(es.html.match(/<a /g)).toHaveLength(10_000);
    else expect(es?.note).toBe('markup-lost');
    for (const key of ['many-links/es.html', 'many-links/es.md'])
      expect(await t.text(t.cloud.outputBucket, key)).not.toMatch(/onclick|<script/);
    // The reader's one script is its own language switcher.
    const reader = (await t.text(t.cloud.outputBucket, 'many-links/index.html')) ?? '';
    expect(reader).not.toMatch(/onclick/);
    expect(reader.match(/<script/g)).toHaveLength(1);
  }, 120_000);
});
