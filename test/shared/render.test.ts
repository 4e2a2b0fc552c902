import { describe, expect, it } from 'vitest';
import { alignCorrection } from '../../shared/corrections/align.ts';
import { renderReader } from '../../shared/render/html.ts';
import { creditLine, fileName, labelsFor, languageName, languageTitle } from '../../shared/render/labels.ts';
import { renderMarkdown } from '../../shared/render/markdown.ts';
import { renderPage } from '../../shared/render/page.ts';
import { type ArticleDocument, SCHEMA_VERSION } from '../../shared/schemas/document.ts';

const doc: ArticleDocument = {
  schemaVersion: SCHEMA_VERSION,
  articleId: 'tram',
  source: { bucket: 'in', key: 'incoming/world/tram.txt', etag: 'e', bytes: 10, format: 'txt' },
  sourceLanguage: 'en',
  targetLanguages: ['es'],
  failedLanguages: [],
  title: 'Tram approved',
  titleTranslations: { es: 'Tranvía aprobado' },
  summary: ['The council approved the tram.'],
  summaryTranslations: { es: ['El ayuntamiento aprobó el tranvía.'] },
  titleOrigins: { es: { origin: 'machine' } },
  summaryOrigins: { es: [{ origin: 'machine' }] },
  paragraphs: [
    {
      index: 0,
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
      },
    },
  ],
  stats: {
    paragraphs: 1,
    characters: 10,
    charactersSentToTranslate: 10,
    charactersFromCache: 0,
    translateRequests: 1,
    batches: 1,
    markupLost: 0,
    durationsMs: { translate: 1, total: 2 },
  },
  engines: { translation: 'apertium', summarization: 'test', languageDetection: 'test' },
  createdAt: '2026-11-28T00:00:00.000Z',
};

describe('labels in the language they label', () => {
  it('es.md says Resumen and Traducido del inglés, names the file not the key, and keeps the bullet', () => {
    const md = renderMarkdown(doc, 'es');
    expect(md).toContain('> **Resumen.** El ayuntamiento aprobó el tranvía.');
    expect(md).not.toContain('Summary');
    expect(md).toContain('Traducido del inglés · apertium · tram.txt');
    expect(md).not.toContain('incoming/');
    expect(md).toContain('- Las obras empiezan en marzo.');
  });

  it('names languages as their readers write them, and falls back to English labels', () => {
    expect(languageName('en', 'es')).toBe('inglés');
    expect(languageTitle('es', 'es')).toBe('Español');
    expect(languageTitle('ca', 'ca')).toBe('Català');
    expect(labelsFor('ja').summary).toBe('Summary');
    expect(labelsFor('es-MX').summary).toBe('Resumen');
    expect(fileName('incoming/world/tram.txt')).toBe('tram.txt');
  });
});

describe('the credit line in every language', () => {
  const credit = (source: string, lang: string) =>
    creditLine({ sourceLanguage: source, engines: { translation: 'e' }, source: { key: 'k' } }, lang).split(
      ' · ',
    )[0];
  it('elides the article before a vowel, with no space after it, and agrees with the name', () => {
    const expected: Array<[string, string, string]> = [
      ['en', 'fr', 'Traduit de l’anglais'],
      ['de', 'fr', 'Traduit de l’allemand'],
      ['es', 'fr', 'Traduit de l’espagnol'],
      ['it', 'fr', 'Traduit de l’italien'],
      ['pt', 'fr', 'Traduit du portugais'],
      ['en', 'it', 'Tradotto dall’inglese'],
      ['es', 'it', 'Tradotto dallo spagnolo'],
      ['fr', 'it', 'Tradotto dal francese'],
      ['en', 'ca', 'Traduït de l’anglès'],
      ['fr', 'ca', 'Traduït del francès'],
      ['en', 'de', 'Übersetzt aus dem Englischen'],
      ['en', 'es', 'Traducido del inglés'],
      ['en', 'pt', 'Traduzido do inglês'],
    ];
    for (const [source, lang, line] of expected) expect(credit(source, lang)).toBe(line);
    for (const lang of ['fr', 'it', 'ca']) expect(credit('en', lang)).not.toMatch(/’ /);
  });
});

describe('the wire dateline (issue 36)', () => {
  const wire: ArticleDocument = {
    ...doc,
    dateline: 'VALPARAÍSO, Chile (AP)',
    paragraphs: [
      {
        index: 0,
        kind: 'paragraph',
        language: 'en',
        text: 'Dockworkers returned to work on Thursday after a nine-day strike over pay and safety.',
        summary: 'Dockworkers returned to work.',
        translations: {
          es: {
            text: 'Los estibadores volvieron al trabajo el jueves tras una huelga de nueve días.',
            summary: 'Los estibadores volvieron al trabajo.',
            origin: 'editor',
            edit: {
              at: '2026-12-08T00:00:00.000Z',
              correction: 'corrections/tram/es.md',
              etag: 'e1',
              articleId: 'tram',
            },
            summaryNote: 'paragraph-edited',
          },
        },
      },
    ],
  };

  it('heads the first paragraph as written, in <lang>.md, <lang>.html and both columns of the reader', () => {
    expect(renderMarkdown(wire, 'es')).toContain('\nVALPARAÍSO, Chile (AP) — Los estibadores volvieron');
    expect(renderPage(wire, 'es')).toContain(
      '<p><span class="dateline">VALPARAÍSO, Chile (AP)</span> — Los estibadores volvieron',
    );
    const reader = renderReader(wire);
    expect(reader).toContain('<span class="dateline">VALPARAÍSO, Chile (AP)</span> — Dockworkers returned');
    expect(reader).toContain('<span class="dateline">VALPARAÍSO, Chile (AP)</span> — Los estibadores');
  });

  it('is not part of an editor’s paragraph when <lang>.md comes back', () => {
    const edited = renderMarkdown(wire, 'es').replace('tras una huelga', 'después de una huelga');
    const alignment = alignCorrection(wire, 'es', edited);
    expect(alignment.ok && alignment.paragraphs[0]?.text).toBe(
      'Los estibadores volvieron al trabajo el jueves después de una huelga de nueve días.',
    );
  });

  it('marks in the reader a gist the engine made of a paragraph an editor has since corrected', () => {
    expect(renderReader(wire)).toMatch(
      /<p class="gist machine"><span class="label">En síntesis <span class="machine-mark">\(automática, del texto antes de corregirlo\)<\/span><\/span>Los estibadores volvieron al trabajo\.<\/p>/,
    );
  });
});
