import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EldDetector } from '../../shared/adapters/eld-detector.ts';
import type { Block } from '../../shared/article/model.ts';
import { InputError } from '../../shared/errors.ts';
import { canonicalLanguage, parseLanguageCodes, sameLanguage } from '../../shared/languages.ts';
import { settleLanguages } from '../../shared/pipeline/languages.ts';
import type { LanguageDetector } from '../../shared/ports.ts';

const origin = { what: '--to', fix: 'Pass --to es.' };

describe('language codes', () => {
  it('are case-insensitive and take the regional codes Amazon Translate takes', () => {
    expect(canonicalLanguage('ES')).toBe('es');
    expect(canonicalLanguage('es-mx')).toBe('es-MX');
    expect(canonicalLanguage('ZH_tw')).toBe('zh-TW');
    expect(canonicalLanguage('pt-PT')).toBe('pt-PT');
    expect(canonicalLanguage('es-AR')).toBeUndefined();
    expect(canonicalLanguage('xx')).toBeUndefined();
    expect(sameLanguage('es', 'es-MX')).toBe(true);
    expect(sameLanguage('pt', 'es')).toBe(false);
  });

  it('parse a list without duplicates, and refuse unknown codes and too many targets by code', () => {
    expect(parseLanguageCodes(' ES, fr ,es ,pt-pt', origin, 5)).toEqual(['es', 'fr', 'pt-PT']);
    // The forms the AWS CLI's shorthand can carry: plus signs and spaces.
    expect(parseLanguageCodes('es+fr', origin, 5)).toEqual(['es', 'fr']);
    expect(parseLanguageCodes('es fr;ca', origin, 5)).toEqual(['es', 'fr', 'ca']);
    const fail = (value: string, max?: number) => {
      try {
        parseLanguageCodes(value, origin, max);
      } catch (err) {
        return err instanceof InputError ? [err.code, err.message] : [];
      }
      return [];
    };
    expect(fail('es,klingon')).toEqual([
      'INVALID_LANGUAGE_CODE',
      expect.stringMatching(/--to has "klingon".*Pass --to es\./),
    ]);
    expect(fail('es,fr,de', 2)).toEqual([
      'TOO_MANY_TARGET_LANGUAGES',
      expect.stringMatching(/3 languages; the limit is 2/),
    ]);
  });
});

describe('settleLanguages (pure, with a scripted detector)', () => {
  const detector: LanguageDetector = {
    name: 'scripted',
    detect: (text) => (text.startsWith('ES ') ? 'es' : text.startsWith('?? ') ? undefined : 'en'),
  };
  const p = (text: string): Block => ({ kind: 'paragraph', text, translate: true });
  const long = (prefix: string) => `${prefix}${'words that make a long paragraph '.repeat(3)}`;

  it('takes the length-weighted majority and marks the long paragraph in another language', () => {
    const settled = settleLanguages(
      [p(long('EN ')), p(long('ES ')), p(long('EN ')), p('ES short quote here, yes')],
      detector,
      undefined,
    );
    expect(settled.article).toBe('en');
    // The short Spanish line is too short to be trusted with a language of its own.
    expect(settled.blocks).toEqual([undefined, 'es', undefined, undefined]);
  });

  it('lets a longer Spanish text outweigh more but shorter English ones', () => {
    const settled = settleLanguages(
      [p('EN one two three four five six'), p('EN seven eight nine ten eleven'), p(long('ES '.repeat(10)))],
      detector,
      undefined,
    );
    expect(settled.article).toBe('es');
  });

  it('keeps a given language for the article, and still finds quoted paragraphs', () => {
    const settled = settleLanguages([p(long('EN ')), p(long('ES '))], detector, 'en');
    expect(settled).toEqual({ article: 'en', blocks: [undefined, 'es'] });
  });

  it('is undefined when nothing can be told', () => {
    expect(settleLanguages([p(long('?? '))], detector, undefined).article).toBeUndefined();
  });

  it('gives no language of its own to a paragraph that is mostly names', () => {
    // Seen in BBC articles: eld read a team list as Italian and a line of film credits as Tagalog.
    const team = 'ES G Intoppa, S Perugini, CA del Fava, D dal Maso, P Griffen, M Barbini, KP Robertson.';
    const credits =
      'ES - Tim Dams, Screen International: Film - The Aviator; director - Clint Eastwood; actor - Jamie Foxx.';
    const quote = 'ES El presidente del Gobierno, Pedro Sánchez, ha dicho que no habrá elecciones.';
    const settled = settleLanguages([p(long('EN ')), p(team), p(credits), p(quote)], detector, 'en');
    expect(settled.blocks).toEqual([undefined, undefined, undefined, 'es']);
  });
});

describe('EldDetector', () => {
  const detector = new EldDetector();
  it('detects articles and short news snippets in Amazon Translate codes', () => {
    expect(
      detector.detect(readFileSync(new URL('../../examples/harbour-tram.txt', import.meta.url), 'utf8')),
    ).toBe('en');
    expect(detector.detect('El ayuntamiento aprobó el presupuesto el martes.')).toBe('es');
    expect(detector.detect('Le conseil municipal a approuvé le budget mardi.')).toBe('fr');
    expect(detector.detect('Der Stadtrat hat am Dienstag den Haushalt beschlossen.')).toBe('de');
  });

  it('sets names aside on a short snippet: they are the same in every language', () => {
    // eld alone reads this as Swedish, from the name.
    expect(detector.detect('Pia Lindqvist, portavoz del ministerio')).toBe('es');
    expect(detector.detect('Rosa Ibáñez Ferreira, who runs the clinic')).toBe('en');
    // Names and three function words are not enough to tell: asked, not guessed.
    expect(detector.detect('Senator Ana Lucía Domínguez of Nevada said')).toBeUndefined();
  });

  it('declines to guess on text with too little to go on', () => {
    expect(detector.detect('ok')).toBeUndefined();
    expect(detector.detect('')).toBeUndefined();
  });
});

describe('the CLI names its options where the pipeline names metadata', () => {
  it('rewrites the pipeline’s advice for an upload the CLI made', async () => {
    const { inFlags } = await import('../../infra/cli/messages.ts');
    expect(
      inFlags(
        'The source language could not be detected (the text is short, or mixes languages evenly). Set the object metadata source-language to a code such as en.',
      ),
    ).toBe(
      'The source language could not be detected (the text is short, or mixes languages evenly). Pass --source with a code such as en.',
    );
    expect(inFlags('The target-languages metadata has "klingon", which is not a language code.')).toBe(
      '--to has "klingon", which is not a language code.',
    );
    expect(inFlags('The source-url metadata has "x".')).toBe('--source-url has "x".');
  });
});
