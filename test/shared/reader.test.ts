import { describe, expect, it } from 'vitest';
import { detectFormat, parseArticleText, readArticle } from '../../shared/article/reader.ts';
import { InputError } from '../../shared/errors.ts';

describe('plain text', () => {
  it('splits on blank lines, handles CRLF and joins hard-wrapped lines', async () => {
    const text = 'First paragraph is\r\nhard wrapped here.\r\n\r\nSecond one.\r\n   \r\nThird.';
    const article = await parseArticleText(text, 'txt');
    expect(article.blocks.map((b) => b.text)).toEqual([
      'First paragraph is hard wrapped here.',
      'Second one.',
      'Third.',
    ]);
    expect(article.title).toBeUndefined();
  });

  it('takes a short first line without final punctuation as the title', async () => {
    const article = await parseArticleText(
      'Council approves tram\n\nThe council voted.\n\nIt was late.',
      'txt',
    );
    expect(article.title).toBe('Council approves tram');
    expect(article.blocks).toHaveLength(2);
  });

  it('does not take a sentence, or a wrapped first paragraph, as the title', async () => {
    expect((await parseArticleText('The council voted.\n\nIt was late.', 'txt')).title).toBeUndefined();
    expect((await parseArticleText('A short line\nthat wraps on\n\nNext.', 'txt')).title).toBeUndefined();
  });
});

describe('markdown', () => {
  const md = [
    '# Tram approved',
    '',
    'The **council** voted [yes](https://example.com) at `1 a.m.`',
    '',
    '## Reactions',
    '',
    '> “We start now,” the mayor said.',
    '',
    '- Cost: 412 million',
    '- Stops: 14',
    '',
    '```js',
    'const tram = true;',
    '```',
  ].join('\n');

  it('keeps headings, paragraphs, quotes and list items, strips inline markup', async () => {
    const article = await parseArticleText(md, 'md');
    expect(article.title).toBe('Tram approved');
    expect(article.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['paragraph', 'The council voted yes at 1 a.m.'],
      ['heading', 'Reactions'],
      ['quote', '“We start now,” the mayor said.'],
      ['list-item', 'Cost: 412 million'],
      ['list-item', 'Stops: 14'],
      ['code', 'const tram = true;'],
    ]);
  });

  it('keeps code blocks but never marks them for translation', async () => {
    const code = (await parseArticleText(md, 'md')).blocks.filter((b) => b.kind === 'code');
    expect(code).toHaveLength(1);
    expect(code.every((b) => !b.translate)).toBe(true);
  });
});

describe('html', () => {
  const html = `<!doctype html><html><head><title>Site – Tram</title><style>p{color:red}</style>
    <script>var secret = "do not read";</script></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><h1>Tram approved</h1>
      <p style="color: blue">The council <b>voted</b> yes.<script>track()</script></p>
      <h2>Reactions</h2><blockquote><p>“We start now,” she said.</p></blockquote>
      <ul><li>Cost: 412 million</li></ul><pre>code  kept</pre>
    </article><footer>© Paper</footer></body></html>`;

  it('reads the article: headings and paragraphs; script, style and nav are dropped', async () => {
    const article = await parseArticleText(html, 'html');
    expect(article.title).toBe('Tram approved');
    expect(article.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['paragraph', 'The council voted yes.'],
      ['heading', 'Reactions'],
      ['quote', '“We start now,” she said.'],
      ['list-item', 'Cost: 412 million'],
      ['code', 'code  kept'],
    ]);
    const all = article.blocks.map((b) => b.text).join(' ');
    expect(all).not.toContain('secret');
    expect(all).not.toContain('Home');
    expect(all).not.toContain('color');
  });

  it('falls back to <title> when the article has no h1, and decodes entities', async () => {
    const article = await parseArticleText(
      '<html><head><title>A &amp; B</title></head><body><p>Caf&eacute; opens.</p><p>Second.</p></body></html>',
      'html',
    );
    expect(article.title).toBe('A & B');
    expect(article.blocks[0]?.text).toBe('Café opens.');
  });
});

describe('format detection and errors', () => {
  it('picks the format by extension, then content type, then content', async () => {
    expect(detectFormat('a/b.md', undefined, 'x')).toBe('md');
    expect(detectFormat('a/b.HTM', 'text/plain', 'x')).toBe('html');
    expect(detectFormat('a/b', 'text/markdown; charset=utf-8', 'x')).toBe('md');
    expect(detectFormat('a/b', undefined, '  <!DOCTYPE html><p>x</p>')).toBe('html');
    expect(detectFormat('a/b.dat', undefined, 'plain')).toBe('txt');
  });

  it('rejects a document with no article prose', async () => {
    await expect(
      readArticle(new TextEncoder().encode('<html><body><nav>Home</nav></body></html>'), 'x.html'),
    ).rejects.toThrow(InputError);
  });
});
