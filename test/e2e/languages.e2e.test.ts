import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTIAL_EXIT_CODE } from '../../infra/cli/main.ts';
import { ArticleDocument } from '../../shared/schemas/document.ts';
import { cli } from '../helpers/cli.ts';
import { startTestCloud, type TestCloud } from '../helpers/cloud.ts';

/**
 * Languages on the real local cloud (s3rver, the Translate endpoint, Apertium eng-spa), with no
 * source-language metadata and no --source: detection decides, paragraph by paragraph.
 */
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.stop();
});

const brief = `<!doctype html><html><body><article><h1>Bridge reopens</h1>
<p>The Elm Street bridge reopened on Monday.</p><p>Repairs took six weeks.</p>
<p>Buses return to the route today.</p></article></body></html>`;

const spanishQuote =
  'No queremos promesas, queremos autobuses que lleguen a tiempo y escuelas con calefacción en invierno.';
const mixed = [
  'Council approves budget',
  'The city council approved the 2027 budget on Tuesday after a long debate about schools and buses.',
  'The mayor, asked about the vote, quoted a resident from the Spanish community:',
  spanishQuote,
  'The budget takes effect in January and includes 12 million euros for new buses.',
].join('\n\n');

describe('language per article and per paragraph, detected', () => {
  it('a three-paragraph English HTML brief succeeds', async () => {
    const result = await t.upload('incoming/brief.html', brief, {}, 'text/html');
    expect(result.status).toBe('SUCCEEDED');
    const doc = await t.article('brief');
    expect(doc.sourceLanguage).toBe('en');
    expect(doc.engines.languageDetection).toBe('eld');
    expect(doc.paragraphs).toHaveLength(3);
  });

  it('keeps a Spanish quote in an English article verbatim in es, and bills 0 characters for it', async () => {
    const result = await t.upload('incoming/mixed.txt', mixed, { 'target-languages': 'es' });
    expect(result.status).toBe('SUCCEEDED');
    const doc = await t.article('mixed');
    expect(doc.sourceLanguage).toBe('en');
    const quote = doc.paragraphs.find((p) => p.text === spanishQuote);
    expect(quote?.language).toBe('es');
    expect(quote?.translations.es).toMatchObject({ text: spanishQuote, note: 'same-language' });
    for (const p of doc.paragraphs.filter((x) => x !== quote)) {
      expect(p.language).toBe('en');
      expect(p.translations.es?.text).not.toBe(p.text);
      expect(p.translations.es?.note).toBeUndefined();
    }
    // Billed: the title, the English paragraphs, their gists and the summary sentences, each
    // distinct text once; not one character of the quote (nor of a summary sentence from it).
    const billed = new Set([
      doc.title ?? '',
      ...doc.paragraphs.filter((p) => p !== quote).flatMap((p) => [p.text, p.summary]),
      ...doc.summary.filter((s) => !spanishQuote.includes(s)),
    ]);
    expect(doc.stats.charactersFromCache).toBe(0);
    // Texts that share a TranslateText call add a two-character separator each, nothing more.
    const characters = [...billed].reduce((n, s) => n + s.length, 0);
    expect(doc.stats.charactersSentToTranslate).toBeGreaterThanOrEqual(characters);
    expect(doc.stats.charactersSentToTranslate).toBeLessThanOrEqual(characters + 2 * billed.size);
  });

  it('detects a Spanish brief as es and translates it into English', async () => {
    const body =
      'El ayuntamiento aprobó el martes el presupuesto de 2027 tras un largo debate sobre escuelas y autobuses.\n\nEl presupuesto entra en vigor en enero.';
    const result = await t.upload('incoming/es-brief.txt', body, { 'target-languages': 'en' });
    expect(result.status).toBe('SUCCEEDED');
    const doc = await t.article('es-brief');
    expect(doc.sourceLanguage).toBe('es');
    expect(doc.paragraphs[0]?.translations.en?.text).toMatch(/^The city council approved/);
  });

  it('detects a French brief as fr and translates it into English through Spanish', async () => {
    const body =
      'Le conseil municipal a approuvé mardi le budget 2027 après un long débat sur les écoles et les bus.\n\nLe budget entre en vigueur en janvier.';
    const result = await t.upload('incoming/fr-brief.txt', body, { 'target-languages': 'en' });
    expect(result.status).toBe('SUCCEEDED');
    const doc = await t.article('fr-brief');
    expect(doc.sourceLanguage).toBe('fr');
    expect(doc.paragraphs[0]?.translations.en?.text).toMatch(/Tuesday/);
    expect(doc.engines.translation).toMatch(/via es/);
  });

  it('detects a German brief as de; without a local de→en pair the error names de and what is installed', async () => {
    const body =
      'Der Stadtrat hat am Dienstag nach einer langen Debatte über Schulen und Busse den Haushalt für 2027 beschlossen.\n\nDer Haushalt tritt im Januar in Kraft.';
    const result = await t.upload('incoming/de-brief.txt', body, { 'target-languages': 'en' });
    expect(result.status).toBe('FAILED');
    const error = await t.error('de-brief');
    expect(error.code).toBe('UNSUPPORTED_LANGUAGE_PAIR');
    expect(error.message).toMatch(/from de to en/);
    expect(error.message).toMatch(/No installed pair translates from de/);
  });

  it('refuses a text too short to tell, naming the metadata for an S3 upload', async () => {
    const result = await t.upload('incoming/tiny.txt', 'OK.\n\nYes.', {});
    expect(result.status).toBe('FAILED');
    const error = await t.error('tiny');
    expect(error.code).toBe('LANGUAGE_UNDETECTED');
    expect(error.message).toMatch(/metadata source-language/);
  });
});

describe('target languages', () => {
  it('es,ja: es is produced, ja is reported with the installed targets; the article still succeeds', async () => {
    const result = await t.upload(
      'incoming/partial.html',
      brief,
      { 'target-languages': 'es,ja' },
      'text/html',
    );
    expect(result.status).toBe('SUCCEEDED');
    const doc = await t.article('partial');
    expect(doc.targetLanguages).toEqual(['es']);
    expect(doc.failedLanguages).toEqual([
      {
        language: 'ja',
        code: 'UNSUPPORTED_LANGUAGE_PAIR',
        message: expect.stringMatching(/en to ja.*Installed targets from en: es/),
      },
    ]);
    expect(await t.text(t.cloud.outputBucket, 'partial/es.md')).toMatch(/^# /);
    expect(await t.text(t.cloud.outputBucket, 'partial/ja.md')).toBeUndefined();
    const status = await t.status('partial');
    expect(status.state).toBe('succeeded');
    expect(status.failedLanguages?.map((f) => f.language)).toEqual(['ja']);
  });

  it('accepts codes in any case (ES) and refuses unknown codes and too many targets before any work', async () => {
    expect(
      (await t.upload('incoming/upper.html', brief, { 'target-languages': 'ES' }, 'text/html')).status,
    ).toBe('SUCCEEDED');
    expect((await t.article('upper')).targetLanguages).toEqual(['es']);

    expect((await t.upload('incoming/bad-code.html', brief, { 'target-languages': 'es,xx' })).status).toBe(
      'FAILED',
    );
    expect(await t.error('bad-code')).toMatchObject({
      code: 'INVALID_LANGUAGE_CODE',
      message: expect.stringMatching(/"xx"/),
    });

    // The local cloud's guard is 8 (it bills nothing); a stack's is 5 (MAX_TARGET_LANGUAGES).
    const nine = 'es,fr,de,it,pt,nl,ca,ja,ro';
    expect((await t.upload('incoming/nine.html', brief, { 'target-languages': nine })).status).toBe('FAILED');
    expect((await t.error('nine')).code).toBe('TOO_MANY_TARGET_LANGUAGES');
  });
});

describe('the CLI', () => {
  it('paragraf languages lists the direct pairs and those through Spanish, and how to add the others', async () => {
    const r = await cli('languages', '--local');
    expect(r.code).toBe(0);
    for (const pair of ['en → es', 'en → ca', 'en → gl'])
      expect(r.out).toMatch(new RegExp(`${pair}\\s+installed`));
    for (const pair of ['en → fr', 'en → pt', 'en → it', 'fr → en'])
      expect(r.out).toMatch(new RegExp(`${pair} via es\\s+installed`));
    expect(r.out).toMatch(/en → ro via es\s+add with: bash infra\/local\/setup\.sh --pairs es-ro$/m);
  });

  it('--to ES works, and --to es,ja ends with the partial-success exit code', async () => {
    const { mkdtempSync, writeFileSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'paragraf-langs-'));
    const file = join(dir, 'brief.html');
    writeFileSync(file, brief);
    const upper = await cli('run', file, '--to', 'ES', '--out', join(dir, 'a'), '--fresh');
    expect(upper.code).toBe(0);
    expect(existsSync(join(dir, 'a', 'brief', 'es.md'))).toBe(true);

    const partial = await cli('run', file, '--to', 'es,ja', '--out', join(dir, 'b'), '--fresh');
    expect(partial.code).toBe(PARTIAL_EXIT_CODE);
    expect(partial.out).toMatch(/^partial /m);
    expect(partial.err).toMatch(/ja failed: UNSUPPORTED_LANGUAGE_PAIR/);
    expect(existsSync(join(dir, 'b', 'brief', 'es.md'))).toBe(true);
  });

  it('one paragraf run to es, fr, pt, it, ca and es-MX: every language succeeds, each in its language, the engine named with its pivot', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { EldDetector } = await import('../../shared/adapters/eld-detector.ts');
    const dir = mkdtempSync(join(tmpdir(), 'paragraf-six-'));
    const example = new URL('../../examples/harbour-tram.txt', import.meta.url).pathname;
    const r = await cli('run', example, '--to', 'es,fr,pt,it,ca,es-MX', '--out', dir, '--fresh');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = ArticleDocument.parse(
      JSON.parse(readFileSync(join(dir, 'harbour-tram', 'article.json'), 'utf8')),
    );
    expect(doc.targetLanguages).toEqual(['es', 'fr', 'pt', 'it', 'ca', 'es-MX']);
    expect(doc.failedLanguages).toEqual([]);
    expect(doc.engines.translation).toMatch(/fr, it, pt via es/);
    const detector = new EldDetector();
    for (const lang of doc.targetLanguages) {
      const md = readFileSync(join(dir, 'harbour-tram', `${lang}.md`), 'utf8');
      const body = doc.paragraphs.map((p) => p.translations[lang]?.text ?? '').join(' ');
      expect(detector.detect(body), lang).toBe(lang.split('-')[0]);
      expect(md).toContain('via es');
    }
  }, 120_000);

  it('a CLI upload that cannot be detected names --source, not metadata', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'paragraf-undetected-'));
    const file = join(dir, 'tiny.txt');
    writeFileSync(file, 'OK.\n\nYes.');
    const r = await cli('run', file, '--out', join(dir, 'out'), '--fresh');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/LANGUAGE_UNDETECTED: .*--source/);
  });
});
