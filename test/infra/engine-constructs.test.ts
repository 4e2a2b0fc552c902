import { readFileSync } from 'node:fs';
import { TranslateClient, TranslateTextCommand } from '@aws-sdk/client-translate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { MONTHS, targetDates } from '../../infra/local/apertium-dates.ts';
import { signsInside } from '../../infra/local/apertium-html.ts';
import { joinCompoundHyphens } from '../../infra/local/apertium-hyphens.ts';
import { startTranslateEndpoint, type TranslateEndpoint } from '../../infra/local/translate-endpoint.ts';

/**
 * The constructions the local engine got wrong, through the real endpoint and Apertium, in the
 * four languages a newsroom reads most: names split by "said", names of dictionary words,
 * companies opening a sentence, hyphenated compounds glued, months, Spanish names in the pivots.
 */
const Fixture = z.object({
  sentences: z.array(
    z.object({
      text: z.string(),
      names: z.array(z.string()),
      months: z.array(z.string()).optional(),
      times: z.array(z.string()).optional(),
    }),
  ),
});
const { sentences } = Fixture.parse(
  JSON.parse(readFileSync(new URL('../fixtures/engine-constructs.json', import.meta.url), 'utf8')),
);
const TARGETS = ['es', 'fr', 'pt', 'it'] as const;

let endpoint: TranslateEndpoint;
let client: TranslateClient;
const answers = new Map<string, string[]>();
beforeAll(async () => {
  endpoint = await startTranslateEndpoint();
  client = new TranslateClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'LOCAL', secretAccessKey: 'LOCAL' },
  });
  for (const target of TARGETS) {
    const translate = async (Text: string) =>
      (
        await client.send(
          new TranslateTextCommand({ Text, SourceLanguageCode: 'en', TargetLanguageCode: target }),
        )
      ).TranslatedText ?? '';
    answers.set(target, await Promise.all(sentences.map((s) => translate(s.text))));
  }
}, 60_000);
afterAll(async () => {
  client?.destroy();
  await endpoint?.stop();
});

describe.each(TARGETS)('the local engine into %s', (target) => {
  it('keeps every person and company name whole: after "said", of dictionary words, opening a sentence', () => {
    const out = answers.get(target) ?? [];
    const missing = sentences.flatMap((s, i) => s.names.filter((name) => !out[i]?.includes(name)));
    expect(missing).toEqual([]);
    expect(out.join('\n')).not.toMatch(/amazona|Comidas|dich[oa] Holloway|Karen dich/i);
  });

  it('translates months, in the target’s date order', () => {
    const out = answers.get(target) ?? [];
    const dates = targetDates(target);
    sentences.forEach((s, i) => {
      for (const month of s.months ?? []) {
        expect(out[i]).toContain(dates.month(MONTHS.indexOf(month)));
        expect(out[i]).not.toMatch(new RegExp(`\\b${month}\\b|Marcha|Part 12`));
      }
    });
    expect(out[6]).toContain(dates.date(2, 12));
  });

  it('writes times on the 24-hour clock, and keeps the sentence a time ends', () => {
    const out = answers.get(target) ?? [];
    sentences.forEach((s, i) => {
      for (const time of s.times ?? []) expect(out[i]).toContain(time);
    });
    expect(out.join('\n')).not.toMatch(/[ap]\.M\.|p\.m\.|a\.m\./);
  });

  it('translates hyphenated compounds as words, never glued', () => {
    const out = (answers.get(target) ?? []).join('\n');
    // Glued words ran a preposition into the next word: "huelgadenueve", "basadaenHamburgo".
    expect(out).not.toMatch(/\p{Ll}(de|en|di|dans)\p{Lu}|huelgade|basadaen|hombrede|bonificaciónde/u);
    expect(out).toMatch(
      {
        es: /huelga de nueve días/,
        fr: /grève de neuf jours/,
        pt: /greve de nove dias/,
        it: /sciopero di nove giorni/,
      }[target],
    );
  });
});

describe('through Spanish', () => {
  it('keeps no Spanish name the first leg made of an English one (“Banco de Inversión”, “Alcalde”)', () => {
    for (const target of ['fr', 'pt', 'it'] as const) {
      const out = (answers.get(target) ?? []).join('\n');
      expect(out).not.toMatch(/Banco de Inversión|Universidad|Alcalde|Marcha/);
    }
  });
});

describe('hyphens the rules left behind', () => {
  it('are spaces: a hyphen between two marks sat between words moved around it', () => {
    expect(joinCompoundHyphens('un bien \u2063- \u2063plan sabido')).toBe('un bien plan sabido');
    expect(joinCompoundHyphens('una huelga \u2063de \u2063nueve días')).toBe('una huelga de nueve días');
    expect(joinCompoundHyphens('Coca-Cola')).toBe('Coca-Cola');
  });
});

describe('currency signs in markup, through Spanish', () => {
  it('go back inside the element that held them, and only where the source had them there', () => {
    const source = 'The <strong>$2.4 million</strong> grant';
    expect(signsInside(source, 'Le $<strong>2.4 millions</strong>')).toBe(
      'Le <strong>$2.4 millions</strong>',
    );
    expect(signsInside('It costs $<em>2</em>', 'Il coûte $<em>2</em>')).toBe('Il coûte $<em>2</em>');
  });
});
