import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArticleText } from '../../shared/article/reader.ts';
import { articleTitle, withoutSiteName } from '../../shared/article/title.ts';
import { InputError } from '../../shared/errors.ts';

const fixture = readFileSync(new URL('../fixtures/pages/port-strike/source.html', import.meta.url), 'utf8');
const story = [
  'Dockworkers at the port of Valparaíso returned to work on Thursday, ending a nine-day strike that had left ships waiting.',
  'The union accepted a one-time bonus and a promise of new safety rules after talks that lasted through the night.',
  'Exporters said the strike had cost them about $2.4 million a day, and fruit growers were hit hardest of all.',
  'The government welcomed the agreement and said it would study a law on port safety next year, officials said.',
].map((p) => `<p>${p} ${p.replace(/^\w+/, 'Again, it')}</p>`);
const menu = Array.from({ length: 12 }, (_, i) => `<li><a href="/s${i}">Section number ${i}</a></li>`).join(
  '',
);
const page = (head: string, body: string) =>
  `<!doctype html><html><head>${head}</head><body><header><nav><ul>${menu}</ul></nav></header>${body}<footer><p>© The Courier</p></footer></body></html>`;
const read = (html: string, sourceUrl?: string) => parseArticleText(html, 'html', { sourceUrl });
const texts = async (html: string) => (await await read(html)).blocks.map((b) => b.text);

const article = await read(fixture);

describe('a full news page', () => {
  it('comes out as its story: no teaser, menu, cookie banner, byline, caption, prompt or related list', async () => {
    const all = article.blocks.map((b) => b.text).join('\n');
    expect(article.blocks[0]).toEqual({
      kind: 'standfirst',
      text: 'The union won a one-time bonus and new safety rules; exporters say the stoppage cost them $2.4 million a day.',
      translate: true,
    });
    expect(article.blocks[1]?.text).toMatch(/^Dockworkers at the port of Valparaíso returned to work/);
    expect(article.blocks.at(-1)?.text).toMatch(/^The government, which had threatened/);
    expect(article.blocks).toHaveLength(9);
    for (const furniture of [
      'Harbour tram',
      'cookies',
      'World',
      'Marta Quintero',
      'Cranes stood',
      'Sign up',
      'Santiago',
      '©',
    ]) {
      expect(all).not.toContain(furniture);
    }
  });

  it('takes the article’s own title, not the <title> with the site name', async () => {
    expect(article.title).toBe('Dockworkers end nine-day strike at Valparaíso port');
  });

  it('keeps the source metadata: canonical URL, site, byline, publication time', async () => {
    expect(article.metadata).toEqual({
      url: 'https://www.coastcourier.example/world/2026/12/07/valparaiso-dockworkers-strike',
      siteName: 'The Coast Courier',
      byline: 'Marta Quintero',
      publishedTime: '2026-12-07T09:30:00Z',
    });
  });

  it('resolves relative links against the canonical URL', async () => {
    const html = article.blocks.map((b) => b.html ?? '').join('');
    expect(html).toContain('href="https://www.coastcourier.example/companies/tps"');
    expect(html).toContain('href="https://www.coastcourier.example/world/2026/12/regions/maule"');
  });
});

describe('finding the article', () => {
  it('skips a teaser <article> that comes before the story', async () => {
    const teaser = '<article><h2><a href="/other">Other story headline here</a></h2></article>';
    const blocks = await texts(page('', `<main>${teaser}<article>${story.join('')}</article></main>`));
    expect(blocks[0]).toMatch(/^Dockworkers/);
    expect(blocks.join(' ')).not.toContain('Other story');
  });

  it('finds the story in a page without <article> or <main>', async () => {
    const side =
      '<div class="sidebar"><ul><li><a href="/a">Most read one</a></li><li><a href="/b">Most read two</a></li></ul></div>';
    const blocks = await texts(
      page('', `<div id="wrap">${side}<div class="content">${story.join('')}</div></div>`),
    );
    expect(blocks).toHaveLength(4);
    expect(blocks.join(' ')).not.toContain('Most read');
  });

  it('never drops a container holding most of the text because of its class (read-more)', async () => {
    for (const html of [
      `<div id="read-more">${story.join('')}</div>`,
      page('', `<div class="story"><div id="read-more">${story.join('')}</div></div>`),
    ]) {
      expect(await texts(html)).toHaveLength(4);
    }
  });

  it('still drops a small container whose class says it is furniture', async () => {
    const blocks = await texts(
      `${story.join('')}<div class="newsletter"><p>Our newsletter arrives every morning at seven.</p></div>`,
    );
    expect(blocks).toHaveLength(4);
  });

  it('reads a clean body whole, as before', async () => {
    const body = `${story.join('')}<h2>Background</h2><ul><li>Bonus: 450,000 pesos</li></ul>`;
    expect(await texts(body)).toEqual([
      ...story.map((p) => p.replace(/<\/?p>/g, '')),
      'Background',
      'Bonus: 450,000 pesos',
    ]);
  });

  it('refuses a page of menus with NO_ARTICLE, naming what it found', async () => {
    const links = Array.from(
      { length: 60 },
      (_, i) => `<li><a href="/n${i}">Headline of story ${i}</a></li>`,
    ).join('');
    const attempt = read(page('<title>Home</title>', `<main><ul>${links}</ul></main>`));
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      /^No article was found on this page: it has \d+ text blocks, \d+ letters, \d+ of them in links/,
    );
    await expect(attempt).rejects.toMatchObject({ code: 'NO_ARTICLE' });
  });
});

describe('links', () => {
  const body = (head: string) =>
    page(
      head,
      `<article>${story.slice(0, 3).join('')}<p>Read the <a href="report.pdf">full report</a> and <a href="#notes">notes</a>.</p></article>`,
    );
  const linkIn = async (html: string, sourceUrl?: string) => {
    const article = await read(html, sourceUrl);
    return { html: article.blocks.at(-1)?.html, metadata: article.metadata };
  };

  it('resolves against <base href> first', async () => {
    const head =
      '<base href="https://cdn.example/news/"><link rel="canonical" href="https://site.example/a/b">';
    expect((await linkIn(body(head))).html).toContain('href="https://cdn.example/news/report.pdf"');
  });

  it('then the canonical URL, then og:url, then the upload’s source-url', async () => {
    expect((await linkIn(body('<link rel="canonical" href="https://site.example/a/b">'))).html).toContain(
      'href="https://site.example/a/report.pdf"',
    );
    expect((await linkIn(body('<meta property="og:url" content="https://og.example/x/y">'))).html).toContain(
      'href="https://og.example/x/report.pdf"',
    );
    const fromUpload = await linkIn(body(''), 'https://upload.example/p/q');
    expect(fromUpload.html).toContain('href="https://upload.example/p/report.pdf"');
    expect(fromUpload.html).toContain('href="https://upload.example/p/q#notes"');
    expect(fromUpload.metadata?.url).toBe('https://upload.example/p/q');
  });

  it('with no address, keeps the words, drops the link and counts it', async () => {
    const { html, metadata } = await linkIn(body(''));
    expect(html).toBeUndefined();
    expect(metadata?.unresolvedLinks).toBe(2);
  });

  it('resolves relative links in Markdown with the source-url too', async () => {
    const md = await parseArticleText('# T\n\nSee [the plan](plan.html) for details.\n\nMore.', 'md', {
      sourceUrl: 'https://city.example/tram/',
    });
    expect(md.blocks[0]?.html).toBe(
      'See <a href="https://city.example/tram/plan.html">the plan</a> for details.',
    );
  });
});

describe('the title', () => {
  it('takes the site name off the end or the start', async () => {
    expect(withoutSiteName('Ferry fares frozen - The Bay Herald', { siteName: 'The Bay Herald' })).toBe(
      'Ferry fares frozen',
    );
    // A pipe separates a site from a headline even when the site is not known: the longer side stays.
    expect(withoutSiteName('BBC News | Ferry fares frozen', { url: 'https://www.bbc.co.uk/news/1' })).toBe(
      'Ferry fares frozen',
    );
    expect(withoutSiteName('Guardian | Ferry fares frozen', { url: 'https://www.theguardian.com/x' })).toBe(
      'Ferry fares frozen',
    );
    expect(withoutSiteName('Ferry fares frozen | Sport | Courier', { siteName: 'Courier' })).toBe(
      'Ferry fares frozen | Sport',
    );
  });

  it('keeps a hyphen or colon that belongs to the headline', async () => {
    expect(withoutSiteName('Zimbabwe coup: Mugabe - what next', { siteName: 'Telegraph' })).toBe(
      'Zimbabwe coup: Mugabe - what next',
    );
    expect(
      withoutSiteName('How we built Dropbox’s ATF - an async task framework', {
        url: 'https://dropbox.tech/x',
      }),
    ).toBe('How we built Dropbox’s ATF - an async task framework');
  });

  it('prefers og:title, then the article’s <h1>, and never a logo <h1>', async () => {
    expect(articleTitle({ metaTitle: 'Tram approved', titleTag: 'Tram approved | Courier' })).toBe(
      'Tram approved',
    );
    expect(
      articleTitle({
        headlines: ['V8', 'Outside the web'],
        titleTag: 'Outside the web · V8',
        url: 'https://v8.dev/b',
      }),
    ).toBe('Outside the web');
    expect(articleTitle({ headlines: ['Courier'], titleTag: 'Ferry fares frozen | Courier' })).toBe(
      'Ferry fares frozen',
    );
  });
});

describe('hostile pages', () => {
  it('a page of 10,000 navigation links ends with NO_ARTICLE', async () => {
    const links = Array.from(
      { length: 10_000 },
      (_, i) => `<li><a href="/n${i}">Link number ${i}</a></li>`,
    ).join('');
    await expect(read(page('', `<div class="menu"><ul>${links}</ul></div>`))).rejects.toThrow(/No article/);
  });

  it('deeply nested markup around a story is read', async () => {
    const depth = 990;
    const html = page('', `${'<div>'.repeat(depth)}${story.join('')}${'</div>'.repeat(depth)}`);
    expect(await texts(html)).toHaveLength(4);
  });

  it('markup nested past 1,000 levels is refused with NESTED_TOO_DEEP, at once, even 5 MB of it', async () => {
    for (const levels of [1_200, 400_000]) {
      const html = page('', `${'<div>'.repeat(levels)}${story.join('')}${'</div>'.repeat(levels)}`);
      const attempt = read(html);
      await expect(attempt).rejects.toMatchObject({ code: 'NESTED_TOO_DEEP' });
      await expect(attempt).rejects.toThrow(
        /nests its elements [\d,]+ levels deep; Paragraf reads pages nested up to 1,000 levels/,
      );
    }
  });

  it('scripts, handlers and javascript: links stay out', async () => {
    const html = page(
      '',
      `<article>${story.join('')}<p onclick="steal()">A <a href="javascript:alert(1)">trap</a> here, said the man from the port.</p><script>alert(2)</script></article>`,
    );
    const article = await read(html, 'https://x.example/a');
    const all = JSON.stringify(article);
    expect(all).not.toMatch(/javascript|alert|onclick|steal/);
    expect(all).toContain('A trap here');
  });
});

describe('the standfirst', () => {
  const head = '<meta property="og:title" content="Ferry fares frozen for 2027">';
  const deck = 'The harbour authority says the fare freeze will cost it four million a year.';
  it('is taken from under the headline, even from the article’s <header>, and kept first', async () => {
    const html = page(
      head,
      `<article><header><h1>Ferry fares frozen for 2027</h1><div class="article__dek"><p>${deck}</p><span class="byline">By Jo Hale</span></div></header>${story.join('')}</article>`,
    );
    const { blocks } = await read(html);
    expect(blocks[0]).toEqual({ kind: 'standfirst', text: deck, translate: true });
    expect(blocks.filter((b) => b.kind === 'standfirst')).toHaveLength(1);
  });

  it('is not a "summary" teaser far from the headline, nor the story’s own paragraph', async () => {
    const teaser = `<p class="summary">${deck}</p>`;
    const far = page(
      head,
      `<article><h1>Ferry fares frozen for 2027</h1>${story.join('')}${'<div></div>'.repeat(50)}${teaser}</article>`,
    );
    expect((await read(far)).blocks.some((b) => b.kind === 'standfirst')).toBe(false);
    const own = page(
      head,
      `<article><h1>Ferry fares frozen for 2027</h1>${story.slice(0, 2).join('')}<p class="summary">${deck}</p>${story.slice(2).join('')}</article>`,
    );
    const blocks = (await read(own)).blocks;
    expect(blocks.some((b) => b.kind === 'standfirst')).toBe(false);
  });
});
