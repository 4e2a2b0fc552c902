import { describe, expect, it } from 'vitest';
import { checkTranslation } from '../../shared/checks/checks.ts';

const check = (
  source: string,
  translation: string,
  extra: Partial<Parameters<typeof checkTranslation>[0]> = {},
) => checkTranslation({ source, translation, sourceLanguage: 'en', targetLanguage: 'es', ...extra });

describe('QA checks on a translated paragraph (issue 37)', () => {
  it('finds every number of the source in any form the target writes it', () => {
    expect(
      check(
        'Fares rise to $2.40 for 1,200 riders, 7.5% more, on March 12.',
        'Las tarifas suben a 2,40 dólares para 1.200 viajeros, un 7,5 % más, el 12 de marzo.',
      ),
    ).toEqual([]);
    expect(check('It costs £3.5m.', 'Cuesta 3,5 millones de libras.')).toEqual([]);
    expect(
      check('Fares rise to $2.40 for 1,200 riders.', 'Las tarifas suben a 2,50 dólares para 1.200 viajeros.'),
    ).toEqual([{ check: 'number', detail: '2.40' }]);
  });

  it('finds the names, or the target’s name of a country, and not the words translations translate', () => {
    expect(
      check(
        'The plan, said Karen Holloway of the World Bank, reached Germany on Monday.',
        'El plan, dijo Karen Holloway del Banco Mundial, llegó a Alemania el lunes.',
      ),
    ).toEqual([]);
    expect(
      check('The plan, said Karen Holloway, reached Germany.', 'El plan, dijo Karen casa, llegó a Alemania.'),
    ).toEqual([{ check: 'name', detail: 'Karen Holloway' }]);
  });

  it('finds four or more source words left as they were, and a translation far too short', () => {
    expect(
      check(
        'The council approved the plan after a long debate about the harbour.',
        'El consejo aprobó el plan after a long debate about the harbour.',
      ),
    ).toContainEqual({ check: 'untranslated', detail: 'plan after a long' });
    expect(
      check(
        'The council approved the plan after a long debate. Work starts in March next year.',
        'El consejo aprobó el plan.',
      ).map((c) => c.check),
    ).toContain('missing');
  });

  it('finds a terminology entry without its target term, and markup the translation lost', () => {
    expect(
      check('The Harbour Lines board met.', 'La junta de Líneas del Puerto se reunió.', {
        terms: [{ source: 'Harbour Lines', target: 'Harbour Lines' }],
      }),
    ).toContainEqual({ check: 'term', detail: 'Harbour Lines → Harbour Lines' });
    expect(
      check('Read the <a href="/x">report</a>.', 'Lea el informe.', {
        sourceHtml: 'Read the <a href="/x">report</a>.',
        translationHtml: 'Lea el informe.',
      }),
    ).toContainEqual({ check: 'markup', detail: 'link' });
  });

  it('says nothing of a copy in the same language or of an empty text', () => {
    expect(
      checkTranslation({ source: 'Hola 2', translation: 'Hola', sourceLanguage: 'es', targetLanguage: 'es' }),
    ).toEqual([]);
    expect(check('It costs 2 euros.', '')).toEqual([]);
  });
});
