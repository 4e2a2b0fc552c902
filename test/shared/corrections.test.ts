import { describe, expect, it } from 'vitest';
import { tableText } from '../../shared/article/model.ts';
import { alignCorrection, chunkMarkdown } from '../../shared/corrections/align.ts';
import { applyCorrection, cutSentence } from '../../shared/corrections/apply.ts';
import { renderMarkdown } from '../../shared/render/markdown.ts';
import {
  type ArticleDocument,
  SCHEMA_VERSION,
  upgradeArticleDocument,
} from '../../shared/schemas/document.ts';
import type { Edit } from '../../shared/schemas/memory.ts';

/** An article translated into Spanish, as Assemble writes it: title, summary, five blocks. */
function article(): ArticleDocument {
  const p = (
    index: number,
    kind: ArticleDocument['paragraphs'][number]['kind'],
    text: string,
    es: string,
    extra: { html?: string; esHtml?: string; summary?: string; esSummary?: string } = {},
  ): ArticleDocument['paragraphs'][number] => ({
    index,
    kind,
    language: 'en',
    text,
    ...(extra.html ? { html: extra.html } : {}),
    summary: extra.summary ?? text,
    translations: {
      es: {
        text: es,
        ...(extra.esHtml ? { html: extra.esHtml } : {}),
        summary: extra.esSummary ?? es,
        origin: 'machine',
      },
    },
  });
  return {
    schemaVersion: SCHEMA_VERSION,
    articleId: 'tram',
    source: { bucket: 'in', key: 'incoming/tram.md', etag: 'e', bytes: 500, format: 'md' },
    sourceLanguage: 'en',
    targetLanguages: ['es'],
    failedLanguages: [],
    title: 'Council approves tram',
    titleTranslations: { es: 'El consejo aprueba tranvía' },
    titleOrigins: { es: { origin: 'machine' } },
    summary: ['The council approved the tram on Wednesday.', 'It opens in two years.'],
    summaryTranslations: { es: ['El consejo aprobó el tranvía el miércoles.', 'Abre en dos años.'] },
    summaryOrigins: { es: [{ origin: 'machine' }, { origin: 'machine' }] },
    paragraphs: [
      p(
        0,
        'paragraph',
        'The council approved the tram on Wednesday. It will cost 40 million pounds.',
        'El consejo aprobó el tranvía el miércoles. Costará 40 millones de libras.',
        { summary: 'The council approved the tram.', esSummary: 'El consejo aprobó el tranvía.' },
      ),
      p(1, 'heading', 'What happens next', 'Qué pasa después'),
      p(
        2,
        'paragraph',
        'The line will be run by Harbour Lines, said the mayor.',
        'La línea será corrida por Harbour Lines, dijo el alcalde.',
        {
          html: 'The line will be run by <strong>Harbour Lines</strong>, said the mayor.',
          esHtml: 'La línea será corrida por <strong>Harbour Lines</strong>, dijo el alcalde.',
        },
      ),
      p(3, 'list-item', 'It opens in two years.', 'Abre en dos años.'),
      p(4, 'quote', '"A good day," said Marsh.', '"Un día bueno," Marsh dicho.'),
    ],
    stats: {
      paragraphs: 5,
      characters: 200,
      charactersSentToTranslate: 200,
      charactersFromCache: 0,
      translateRequests: 1,
      batches: 1,
      markupLost: 0,
      durationsMs: { translate: 1, total: 2 },
    },
    engines: { translation: 'apertium', summarization: 'test', languageDetection: 'test' },
    createdAt: '2026-12-05T00:00:00.000Z',
  };
}

const edit: Edit = {
  at: '2026-12-05T10:00:00.000Z',
  correction: 'corrections/tram/es.md',
  etag: 'abc',
  articleId: 'tram',
};

/** The es.md Paragraf wrote, with its paragraphs (after the title and summary) edited by `change`. */
function editedMarkdown(change: (blocks: string[]) => string[]): string {
  const md = renderMarkdown(article(), 'es');
  const [head, foot] = md.split('\n---\n');
  const blocks = (head ?? '').trimEnd().split('\n\n');
  const [title, summary, ...body] = blocks;
  return `${[title, summary, ...change(body)].join('\n\n')}\n\n---\n${foot}`;
}

const refused = (file: string) => {
  const result = alignCorrection(article(), 'es', file);
  if (result.ok) throw new Error('expected a refusal');
  return result.message;
};

describe('chunkMarkdown', () => {
  it('splits at blank lines, keeps a fenced block whole, and numbers lines from 1', () => {
    const chunks = chunkMarkdown('# T\n\npara one\nstill one\n\n```\ncode\n\nmore code\n```\nafter\n');
    expect(chunks.map((c) => c.lines.join('|'))).toEqual([
      '# T',
      'para one|still one',
      '```|code||more code|```',
      'after',
    ]);
    expect(chunks.map((c) => c.line)).toEqual([1, 3, 6, 11]);
  });
});

describe('alignCorrection', () => {
  it('the file as Paragraf wrote it changes nothing', () => {
    const result = alignCorrection(article(), 'es', renderMarkdown(article(), 'es'));
    expect(result).toEqual({ ok: true, summary: [], paragraphs: [] });
  });

  it('finds the edited paragraph, keeps its Markdown links and emphasis as sanitized HTML', () => {
    const file = editedMarkdown((b) => {
      b[2] = 'La línea la explotará **Harbour Lines**, dijo [el alcalde](https://example.org/a "x").';
      return b;
    });
    const result = alignCorrection(article(), 'es', file);
    expect(result).toEqual({
      ok: true,
      summary: [],
      paragraphs: [
        {
          index: 2,
          text: 'La línea la explotará Harbour Lines, dijo el alcalde.',
          html: 'La línea la explotará <strong>Harbour Lines</strong>, dijo <a href="https://example.org/a" title="x">el alcalde</a>.',
        },
      ],
    });
  });

  it('reads a paragraph reflowed over several lines, CRLF line ends and a dropped footer as the same paragraphs', () => {
    const file = editedMarkdown((b) => {
      b[0] = 'El consejo aprobó el tranvía\nel miércoles. Costará 40 millones\nde libras.';
      return b;
    })
      .split('\n---\n')[0]
      ?.replace(/\n/g, '\r\n');
    expect(alignCorrection(article(), 'es', file ?? '')).toEqual({ ok: true, summary: [], paragraphs: [] });
  });

  it('the title and summary sentences are edits of their own; the label and title line may go', () => {
    const md = renderMarkdown(article(), 'es')
      .replace('# El consejo aprueba tranvía', '# El pleno aprueba el tranvía')
      .replace('Abre en dos años.', 'Abrirá dentro de dos años.');
    const result = alignCorrection(article(), 'es', md);
    expect(result).toMatchObject({
      ok: true,
      title: 'El pleno aprueba el tranvía',
      summary: [{ index: 1, text: 'Abrirá dentro de dos años.' }],
      paragraphs: [],
    });
    // The list item with the same words is not touched by the summary's edit.
    expect(result.ok && result.paragraphs).toEqual([]);
    const withoutHead = renderMarkdown(article(), 'es').split('\n\n').slice(2).join('\n\n');
    expect(alignCorrection(article(), 'es', withoutHead)).toEqual({ ok: true, summary: [], paragraphs: [] });
  });

  it('refuses a summary whose sentence count changed', () => {
    const md = renderMarkdown(article(), 'es').replace(
      'El consejo aprobó el tranvía el miércoles. Abre en dos años.',
      'El consejo aprobó el tranvía el miércoles y abre en dos años.',
    );
    expect(refused(md)).toMatch(/summary \(line 3\) has 2 sentences in the article and 1 in the file/);
  });

  it('refuses an added paragraph, naming where', () => {
    const file = editedMarkdown((b) => [
      b[0] ?? '',
      'Un párrafo nuevo del editor, que no estaba.',
      ...b.slice(1),
    ]);
    const message = refused(file);
    expect(message).toMatch(
      /^Paragraph 2 \(line 7\) is a heading \(## …\) in the article but a paragraph in the file\./,
    );
    expect(message).toContain('Nothing was changed.');
    const plain = editedMarkdown((b) => [b[0] ?? '', ...b.slice(0, 1), ...b.slice(1)].slice(1));
    expect(alignCorrection(article(), 'es', plain).ok).toBe(true);
  });

  it('refuses a removed paragraph', () => {
    const file = editedMarkdown((b) => [b[0] ?? '', b[1] ?? '', b[3] ?? '', b[4] ?? '']);
    expect(refused(file)).toMatch(/Paragraph 3 \(line 9\) is a paragraph in the article but a list item/);
    const lastGone = editedMarkdown((b) => b.slice(0, 4));
    expect(refused(lastGone)).toMatch(
      /The file has 4 paragraphs and the article 5: 1 missing after line 11\./,
    );
  });

  it('refuses two paragraphs merged into one, or one split in two', () => {
    const base = article();
    base.paragraphs[1] = { ...(base.paragraphs[0] as ArticleDocument['paragraphs'][number]), index: 1 };
    base.paragraphs[1].text = 'Work on the line starts in March, the council said.';
    base.paragraphs[1].translations = {
      es: {
        text: 'Las obras de la línea empiezan en marzo, dijo el consejo.',
        summary: '',
        origin: 'machine',
      },
    };
    const md = renderMarkdown(base, 'es');
    const merged = md.replace(
      'Costará 40 millones de libras.\n\nLas obras',
      'Costará 40 millones de libras. Las obras',
    );
    const mergedResult = alignCorrection(base, 'es', merged);
    expect(mergedResult.ok || mergedResult.message).toMatch(
      /holds paragraphs 1 and 2 of the article: they were merged/,
    );
    const split = md.replace('el miércoles. Costará', 'el miércoles.\n\nCostará');
    const splitResult = alignCorrection(base, 'es', split);
    expect(splitResult.ok || splitResult.message).toMatch(
      /Paragraph 1 of the article was split in two in the file \(lines 5 and 7\)/,
    );
  });

  it('refuses a title in a file whose article has none, and an emptied paragraph', () => {
    const untitled = { ...article(), title: null, titleTranslations: {}, titleOrigins: {} };
    expect(alignCorrection(untitled, 'es', `# Un título\n\n${renderMarkdown(untitled, 'es')}`)).toMatchObject(
      {
        ok: false,
        message: expect.stringMatching(/has no title, but line 1 is one/),
      },
    );
    const emptied = editedMarkdown((b) => {
      b[3] = '-  ';
      return b;
    });
    expect(refused(emptied)).toMatch(/Paragraph 4 \(line 11\) is empty/);
  });
});

describe('applyCorrection', () => {
  it("sets the editor's text and origin, flags the engine's gist, and gives the memory the pair", () => {
    const file = editedMarkdown((b) => {
      b[0] = 'El pleno aprobó el tranvía el miércoles. Costará 40 millones de libras.';
      return b;
    });
    const alignment = alignCorrection(article(), 'es', file);
    if (!alignment.ok) throw new Error(alignment.message);
    const applied = applyCorrection(article(), 'es', alignment, edit);
    const first = applied.doc.paragraphs[0]?.translations.es;
    expect(first).toEqual({
      text: 'El pleno aprobó el tranvía el miércoles. Costará 40 millones de libras.',
      summary: 'El consejo aprobó el tranvía.',
      summaryNote: 'paragraph-edited',
      origin: 'editor',
      edit,
      // The editor's text is checked as the engine's is (issue 37): its numbers are the source's.
      checks: [],
    });
    // The summary sentence taken from that paragraph is cut again from the editor's words.
    expect(applied.doc.summaryTranslations.es?.[0]).toBe('El pleno aprobó el tranvía el miércoles.');
    expect(applied.doc.summaryOrigins.es?.[0]).toEqual({ origin: 'editor', edit });
    expect(applied.doc.summaryOrigins.es?.[1]).toEqual({ origin: 'machine' });
    expect(applied.doc.paragraphs[2]?.translations.es?.origin).toBe('machine');
    expect([...applied.memory]).toEqual([
      [
        'en',
        [
          {
            source: 'The council approved the tram on Wednesday. It will cost 40 million pounds.',
            target: 'El pleno aprobó el tranvía el miércoles. Costará 40 millones de libras.',
            edit,
          },
        ],
      ],
    ]);
    expect(applied.changed).toEqual({ title: false, summary: [], paragraphs: [0] });
  });

  it('marks a summary sentence it cannot cut from the edited paragraph, and remembers the source markup', () => {
    const file = editedMarkdown((b) => {
      b[0] = 'El pleno aprobó el tranvía el miércoles, y costará 40 millones de libras.';
      b[2] = 'La línea la explotará **Harbour Lines**, dijo el alcalde.';
      return b;
    });
    const alignment = alignCorrection(article(), 'es', file);
    if (!alignment.ok) throw new Error(alignment.message);
    const applied = applyCorrection(article(), 'es', alignment, edit);
    expect(applied.doc.summaryTranslations.es?.[0]).toBe('El consejo aprobó el tranvía el miércoles.');
    expect(applied.doc.summaryOrigins.es?.[0]).toEqual({ origin: 'machine', paragraphEdited: true });
    expect(applied.memory.get('en')?.[1]).toMatchObject({
      sourceHtml: 'The line will be run by <strong>Harbour Lines</strong>, said the mayor.',
      targetHtml: 'La línea la explotará <strong>Harbour Lines</strong>, dijo el alcalde.',
    });
  });

  it('keeps out of the memory what names no language pair', () => {
    const doc = { ...article(), sourceLanguage: 'auto' };
    doc.paragraphs = doc.paragraphs.map((p) => ({ ...p, language: 'auto' }));
    const applied = applyCorrection(
      doc,
      'es',
      { ok: true, summary: [], paragraphs: [{ index: 1, text: 'Lo que sigue' }] },
      edit,
    );
    expect(applied.memory.size).toBe(0);
    expect(applied.notRemembered).toMatch(/1 change was not added to the translation memory/);
    expect(applied.doc.paragraphs[1]?.translations.es?.origin).toBe('editor');
  });

  it('cutSentence cuts only when the sentences line up', () => {
    expect(cutSentence('One. Two.', 'Uno. Dos.', 1)).toBe('Dos.');
    expect(cutSentence('One. Two.', 'Uno y dos.', 1)).toBeUndefined();
  });
});

describe('upgradeArticleDocument', () => {
  it('reads a 1.3 article.json as 1.4 with every translation the engine’s', () => {
    const current = article();
    const old = JSON.parse(JSON.stringify(current));
    old.schemaVersion = '1.3';
    delete old.titleOrigins;
    delete old.summaryOrigins;
    for (const p of old.paragraphs) delete p.translations.es.origin;
    expect(upgradeArticleDocument(old)).toEqual(current);
    expect(upgradeArticleDocument({ schemaVersion: '1.2' })).toBeUndefined();
  });
});

describe('correcting a table', () => {
  const table = {
    caption: 'Fares',
    rows: [
      { header: true, cells: ['Route', 'Fare'] },
      { header: false, cells: ['Harbour line', '3.50'] },
    ],
  };
  const esTable = {
    caption: 'Tarifas',
    rows: [
      { header: true, cells: ['Ruta', 'Tarifa'] },
      { header: false, cells: ['Línea de puerto', '3.50'] },
    ],
  };
  /** The article with a table after its first paragraph. */
  function withTable(): ArticleDocument {
    const doc = article();
    const first = doc.paragraphs[0];
    if (!first) throw new Error('no paragraph');
    const tableParagraph: ArticleDocument['paragraphs'][number] = {
      index: 1,
      kind: 'table',
      language: 'en',
      text: tableText(table),
      table,
      summary: '',
      translations: { es: { text: tableText(esTable), table: esTable, summary: '', origin: 'machine' } },
    };
    const rest = doc.paragraphs.slice(1).map((p) => ({ ...p, index: p.index + 1 }));
    return { ...doc, paragraphs: [first, tableParagraph, ...rest] };
  }
  const editTable = (from: string, to: string) => renderMarkdown(withTable(), 'es').replace(from, to);

  it('takes the editor’s cells, keeps numbers where they are, and remembers each changed cell', () => {
    const doc = withTable();
    const alignment = alignCorrection(doc, 'es', editTable('| Línea de puerto |', '| Línea del puerto |'));
    if (!alignment.ok) throw new Error(alignment.message);
    const edited = {
      caption: 'Tarifas',
      rows: [
        { header: true, cells: ['Ruta', 'Tarifa'] },
        { header: false, cells: ['Línea del puerto', '3.50'] },
      ],
    };
    expect(alignment.paragraphs).toEqual([{ index: 1, text: tableText(edited), table: edited }]);
    const applied = applyCorrection(doc, 'es', alignment, edit);
    expect(applied.doc.paragraphs[1]?.translations.es).toEqual({
      text: tableText(edited),
      table: edited,
      summary: '',
      origin: 'editor',
      edit,
    });
    expect(applied.memory.get('en')).toEqual([{ source: 'Harbour line', target: 'Línea del puerto', edit }]);
    expect(renderMarkdown(applied.doc, 'es')).toContain('| Línea del puerto | 3.50 |');
  });

  it('refuses a table with a row added, naming the paragraph and line', () => {
    const result = alignCorrection(
      withTable(),
      'es',
      editTable('| Línea de puerto | 3.50 |', '| Línea de puerto | 3.50 |\n| Otra | 4 |'),
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.message).toMatch(
        /^Paragraph 2 \(line \d+\) is a table of 2 rows in the article and of 3 rows in the file/,
      );
  });
});
