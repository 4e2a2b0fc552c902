import { describe, expect, it } from 'vitest';
import { parseArticleText } from '../../shared/article/reader.ts';
import { engineHtmlText, restoreMarkup, toEngineHtml } from '../../shared/markup/engine.ts';
import { inlineToMarkdown, parseInline, safeHref, sanitizeInline } from '../../shared/markup/inline.ts';

const paragraph = async (html: string, sourceUrl = 'https://news.example/city/tram.html') => {
  const article = await parseArticleText(
    `<html><body><article>${html}<p>Second paragraph here.</p></article></body></html>`,
    'html',
    { sourceUrl },
  );
  return article.blocks[0];
};

describe('inline markup from HTML', () => {
  it('keeps links (href, title), strong/b, em/i, code, sup/sub and line breaks; text stays plain', async () => {
    const block = await paragraph(
      '<p>The <a href="https://x.org/a?b=1&amp;c=2" title="The  vote" class="x">city council</a> met <b>Elena</b> and <i>Marsh</i> at 9<sup>th</sup> H<sub>2</sub>O <code>x&lt;y</code><br>then <span>left</span>.</p>',
    );
    expect(block?.text).toBe('The city council met Elena and Marsh at 9th H2O x<y then left.');
    expect(block?.html).toBe(
      'The <a href="https://x.org/a?b=1&amp;c=2" title="The vote">city council</a> met <strong>Elena</strong> and <em>Marsh</em> at 9<sup>th</sup> H<sub>2</sub>O <code>x&lt;y</code><br>then left.',
    );
  });

  it('stores no html for a paragraph without markup', async () => {
    expect(await paragraph('<p>Just <span>words</span> here.</p>')).toEqual({
      kind: 'paragraph',
      text: 'Just words here.',
      translate: true,
    });
  });

  it('drops javascript:, data: and vbscript: links, event handlers, style and script, keeping the words', async () => {
    const block = await paragraph(
      '<p><a href="javascript:alert(1)">one</a> <a href=" JaVa\tScRiPt:alert(1)">two</a> <a href="data:text/html,x">three</a> <a href="vbscript:x">four</a> <b onclick="alert(1)" style="color:red">five</b><script>alert(1)</script> <img src=x onerror=alert(1)>six <a href="mailto:desk@example.com">mail</a> <a href="../rel">rel</a>.</p>',
    );
    expect(block?.text).toBe('one two three four five six mail rel.');
    expect(block?.html).toBe(
      'one two three four <strong>five</strong> six <a href="mailto:desk@example.com">mail</a> <a href="https://news.example/rel">rel</a>.',
    );
    expect(block?.html).not.toMatch(/script|onclick|onerror|style|data:|alert/i);
  });

  it('survives nested, unclosed and misnested tags and entities', async () => {
    const block = await paragraph(
      '<p>A <b>bold <i>and italic</b> rest &amp; &lt;tag&gt; <a href="/x"><a href="/y">inner</a></a> <b><b>twice</b></b>.</p>',
    );
    expect(block?.text).toBe('A bold and italic rest & <tag> inner twice.');
    expect(sanitizeInline(block?.html ?? '')).toBe(block?.html);
    expect(block?.html).toContain('&lt;tag&gt;');
    expect(block?.html).toContain('<strong>twice</strong>');
  });

  it('accepts only http, https, mailto and relative hrefs', async () => {
    expect(safeHref('https://a.b/c')).toBe('https://a.b/c');
    expect(safeHref('/path?q=1#f')).toBe('/path?q=1#f');
    expect(safeHref('java\nscript:alert(1)')).toBeUndefined();
    expect(safeHref('ftp://x')).toBeUndefined();
    expect(safeHref('a:b')).toBeUndefined();
  });

  it('reads a 10,000-link paragraph', async () => {
    const links = Array.from({ length: 10_000 }, (_, i) => `<a href="/p${i}">w${i}</a>`).join(' ');
    const block = await paragraph(`<p>${links}.</p>`);
    expect(block?.html?.match(/<a /g)).toHaveLength(10_000);
  });

  it('keeps the markup after a wire dateline it cuts', async () => {
    const block = await paragraph('<p>LONDON (Reuters) - The <a href="https://x.org">council</a> met.</p>');
    expect(block?.text).toBe('The council met.');
    expect(block?.html).toBe('The <a href="https://x.org">council</a> met.');
  });
});

describe('inline markup from Markdown', () => {
  it('keeps links, bold, italic and code; raw inline HTML is unwrapped', async () => {
    const article = await parseArticleText(
      'The [city *council*](https://x.org "Vote") met **Mayor Marsh**, `code` and <b>raw</b> [bad](javascript:alert(1)).\n\nSecond paragraph.\n',
      'md',
    );
    expect(article.blocks[0]?.text).toBe('The city council met Mayor Marsh, code and raw bad.');
    expect(article.blocks[0]?.html).toBe(
      'The <a href="https://x.org" title="Vote">city <em>council</em></a> met <strong>Mayor Marsh</strong>, <code>code</code> and raw bad.',
    );
  });
});

describe('markup through an engine', () => {
  const source =
    'The <a href="https://x.org/a" title="T">council</a> met <strong>Marsh</strong> and <a href="/b">Lines</a>.';

  it('sends no URL or title: numbered placeholders for several links, short tags', async () => {
    const engine = toEngineHtml(source);
    expect(engine).toBe('The <a href="1">council</a> met <b>Marsh</b> and <a href="2">Lines</a>.');
    expect(toEngineHtml('A <a href="https://long.example/x">link</a>.')).toBe('A <a>link</a>.');
    expect(engineHtmlText(engine)).toBe('The council met Marsh and Lines.');
  });

  it('restores the links and checks the tags', async () => {
    const ok = restoreMarkup(
      source,
      'El <a href="1">consejo</a> cumplió <b>Marsh</b> y <a href="2">Lines</a>.',
    );
    expect(ok).toEqual({
      kept: true,
      text: 'El consejo cumplió Marsh y Lines.',
      html: 'El <a href="https://x.org/a" title="T">consejo</a> cumplió <strong>Marsh</strong> y <a href="/b">Lines</a>.',
    });
  });

  it('falls back to plain text where the engine broke the markup', async () => {
    const broken = [
      'El consejo cumplió <b>Marsh</b> y <a href="2">Lines</a>.', // a link lost
      'El <a href="1"></a> consejo cumplió <b>Marsh</b> y <a href="2">Lines</a>.', // empty link text
      'El <a href="2">Lines</a> cumplió <b>Marsh</b> y <a href="1">consejo</a>.', // links reordered
      'El <a href="1">consejo</a> cumplió <b>Marsh</b> <b>y</b> <a href="2">Lines</a>.', // a tag doubled
      'El <a href="1">consejo cumplió <b>Marsh y <a href="2">Lines</a>.', // unclosed
    ];
    for (const answer of broken) {
      const restored = restoreMarkup(source, answer);
      expect(restored.kept, answer).toBe(false);
      expect(restored).not.toHaveProperty('html');
      expect(restored.text).toMatch(/consejo/);
    }
  });

  it('never lets an engine add a link target or an executable tag', async () => {
    const restored = restoreMarkup(
      'A <a href="/a">link</a>.',
      'Un <a href="javascript:alert(1)" onclick="x">enlace</a><script>alert(1)</script><img src=x onerror=y>.',
    );
    expect(restored).toEqual({ kept: true, text: 'Un enlace.', html: 'Un <a href="/a">enlace</a>.' });
  });

  it('renders Markdown with links, emphasis and code', async () => {
    expect(inlineToMarkdown(parseInline(source))).toBe(
      'The [council](https://x.org/a "T") met **Marsh** and [Lines](/b).',
    );
    expect(inlineToMarkdown(parseInline('Use <code>a*b</code> and <em>x_y</em>'))).toBe(
      'Use `a*b` and *x\\_y*',
    );
  });
});
