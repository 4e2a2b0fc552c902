import { TranslateClient, TranslateTextCommand } from '@aws-sdk/client-translate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApertiumProcess,
  cleanTranslation,
  encodeForApertium,
  spawnPipeline,
  splitApertiumOutput,
} from '../../infra/local/apertium.ts';
import {
  analysesBySurface,
  capitalisedSurfaces,
  lexicalUnits,
  protectNames,
} from '../../infra/local/apertium-names.ts';
import { protectTerms } from '../../infra/local/terminology.ts';
import { startTranslateEndpoint, type TranslateEndpoint } from '../../infra/local/translate-endpoint.ts';

let endpoint: TranslateEndpoint;
let client: TranslateClient;
beforeAll(async () => {
  endpoint = await startTranslateEndpoint({
    terminologyDir: new URL('../../examples/terminology/', import.meta.url).pathname,
  });
  client = new TranslateClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client?.destroy();
  await endpoint?.stop();
});

const translate = (Text: string, SourceLanguageCode = 'en', TargetLanguageCode = 'es') =>
  client.send(new TranslateTextCommand({ Text, SourceLanguageCode, TargetLanguageCode }));

describe('the local Amazon Translate endpoint (Apertium)', () => {
  it('answers TranslateText over the wire with the SDK', async () => {
    const response = await translate('The city council approved the new budget on Tuesday.');
    expect(response.TranslatedText).toMatch(/presupuesto/);
    expect(response.SourceLanguageCode).toBe('en');
    expect(response.TargetLanguageCode).toBe('es');
  });

  it('keeps text that looks like Apertium syntax intact and leaves no engine marks', async () => {
    // Plain text (no tag in it: "x<y" is not one, so it is not HTML to Amazon Translate either).
    const response = await translate('The file [draft] costs $5 at /tmp with {braces}, x<y and a^b.');
    const out = response.TranslatedText ?? '';
    // Reserved characters come back as text (the words inside them may be translated).
    expect(out).toMatch(/\[\S+\]/);
    for (const s of ['$5', '/tmp', 'x<y', '{', '}', '^']) expect(out).toContain(s);
    const unknown = await translate('The zorblaxian quuxification happened.');
    expect(unknown.TranslatedText).not.toMatch(/[*#@]/);
  });

  it('detects the source language when asked for auto', async () => {
    const response = await translate(
      'The mayor said the tram would run every six minutes at peak times.',
      'auto',
    );
    expect(response.SourceLanguageCode).toBe('en');
  });

  it('raises Translate’s own exceptions for unsupported pairs and oversized text', async () => {
    await expect(translate('Hello there, friends.', 'en', 'de')).rejects.toMatchObject({
      name: 'UnsupportedLanguagePairException',
    });
    await expect(translate('a'.repeat(10_001))).rejects.toMatchObject({
      name: 'TextSizeLimitExceededException',
    });
  });

  it('serves many concurrent requests through the kept-alive pool, in order', async () => {
    const texts = Array.from({ length: 60 }, (_, i) => `The council met ${i + 1} times this year.`);
    const results = await Promise.all(texts.map((t) => translate(t)));
    for (const [i, r] of results.entries()) expect(r.TranslatedText).toContain(String(i + 1));
  });
});

describe('custom terminology', () => {
  it('keeps do-not-translate names and reports the applied terms, as Amazon Translate does', async () => {
    const text = 'Trump met Putin in Kyiv.';
    const plain = await translate(text);
    expect(plain.TranslatedText).not.toContain('Trump');
    const guarded = await client.send(
      new TranslateTextCommand({
        Text: text,
        SourceLanguageCode: 'en',
        TargetLanguageCode: 'es',
        TerminologyNames: ['news-names'],
      }),
    );
    expect(guarded.TranslatedText).toContain('Trump');
    expect(guarded.TranslatedText).toContain('Putin');
    expect(guarded.AppliedTerminologies?.[0]?.Name).toBe('news-names');
    expect(guarded.AppliedTerminologies?.[0]?.Terms?.map((t) => t.SourceText).sort()).toEqual([
      'Kyiv',
      'Putin',
      'Trump',
    ]);
  });

  it('rejects an unknown terminology name', async () => {
    await expect(
      client.send(
        new TranslateTextCommand({
          Text: 'Hello there.',
          SourceLanguageCode: 'en',
          TargetLanguageCode: 'es',
          TerminologyNames: ['nope'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('Apertium stream format', () => {
  it('round-trips reserved characters and separates the texts of a batch', () => {
    const texts = ['a\\b ^c$ @d /e [f] {g} <h>', 'Second text.', 'Third [x] one'];
    const raw = texts.map(encodeForApertium).join('');
    expect(splitApertiumOutput(raw).map((t, i) => cleanTranslation(t, texts[i] ?? ''))).toEqual(texts);
  });

  it('drops other superblanks, engine marks and doubled spaces', () => {
    expect(cleanTranslation('Hola  mundo[<x>] *desconocido.', 'Hello world unknown')).toBe(
      'Hola mundo[<x>] desconocido',
    );
    // An opening straight quote keeps its words; a closing one and the text after it stay apart.
    expect(cleanTranslation('Una decisión. " Hay una lonja aquí," dijo. " Vamos."', 'x')).toBe(
      'Una decisión. "Hay una lonja aquí," dijo. "Vamos."',
    );
    expect(cleanTranslation('" Hola," dijo " el alcalde".', 'x')).toBe('"Hola," dijo "el alcalde"');
    expect(
      splitApertiumOutput('Hola[<b>]  mundo *x.[][\n\n<paragraf>]').map((t) =>
        cleanTranslation(t, 'Hello world x'),
      ),
    ).toEqual(['Hola mundo x']);
  });

  // A translation cut into as many sentences as its source, so summary sentences are cut from it
  // instead of billed again (issue 35: 25 of 395 BBC paragraphs did not line up, now 8 of 661).
  it('starts a sentence again where the engine left it in lower case, and not after an abbreviation', () => {
    expect(cleanTranslation('Fue en 2004. había también miedos. "hay sitio," dijo.', 'x')).toBe(
      'Fue en 2004. Había también miedos. "Hay sitio," dijo',
    );
    // After a question, the case the source has there: a new sentence, or the title going on.
    expect(
      cleanTranslation(
        '¿Qué si ganó? personas gritan. ¿Conocen es Navidad? Está esperado.',
        'What if he won? Would people shout. Do They Know It’s Christmas? is expected.',
      ),
    ).toBe('¿Qué si ganó? Personas gritan. ¿Conocen es Navidad? está esperado');
    expect(cleanTranslation('Vive en EE.UU. tienden a 9 p.m. y etc. luego.', 'x')).toBe(
      'Vive en EE.UU. tienden a 9 p.m. y etc. luego',
    );
    // After an ellipsis, the case the source has there.
    expect(
      cleanTranslation(
        'Envían una señal... Y abren el camino. Trabajaron toda la noche... Al amanecer.',
        'They send a signal... and open the way. Teams worked through the night... By dawn.',
      ),
    ).toBe('Envían una señal... y abren el camino. Trabajaron toda la noche... Al amanecer');
  });
});

describe('terminology placeholders', () => {
  it('leave the case of the next word as the source has it ("Putin cumplió", not "Putin Cumplió")', async () => {
    const withTerms = (Text: string, SourceLanguageCode: string, TargetLanguageCode: string) =>
      client.send(
        new TranslateTextCommand({
          Text,
          SourceLanguageCode,
          TargetLanguageCode,
          TerminologyNames: ['news-names'],
        }),
      );
    const english = await withTerms('Putin said the talks were useful.', 'en', 'es');
    expect(english.TranslatedText).toMatch(/^Putin [a-zñáéíóú]/);
    // The case the issue found: a sentence that starts with a protected name.
    const spanish = await withTerms('Putin cumplió Biden.', 'en', 'es');
    expect(spanish.TranslatedText).toMatch(/^Putin [a-zñáéíóú]/);
    expect(spanish.AppliedTerminologies?.[0]?.Name).toBe('news-names');
  });

  it('keep "I" and words the source capitalised', () => {
    const guarded = protectTerms(
      'Trump and I met.',
      [{ name: 't', languages: ['en', 'es'], entries: [['Trump', 'Trump']], directionality: 'UNI' }],
      'en',
      'es',
    );
    expect(guarded.restore(guarded.text.replace('and I', 'And I'))).toBe('Trump and I met.');
    const named = protectTerms(
      'Trump Tower rose.',
      [{ name: 't', languages: ['en', 'es'], entries: [['Trump', 'Trump']], directionality: 'UNI' }],
      'en',
      'es',
    );
    expect(named.restore(named.text.replace('rose', 'Rose'))).toBe('Trump Tower Rose.');
  });
});

describe('a flush whose answer does not split back', () => {
  // A stand-in engine in null-flush mode: it echoes each flush, but swallows one separator of a
  // flush holding "MERGE" and more than one text, and adds one after "SPLIT".
  const engine = String.raw`perl -0 -ne 'BEGIN { $| = 1 } my $n = () = /<paragraf>/g; s/\[\n\n<paragraf>\]// if /MERGE/ && $n > 1; s/SPLIT/SPLIT[\n\n<paragraf>]/; print'`;

  it('sends each of its texts again alone: the others answer, only a text that fails alone fails', async () => {
    const proc = new ApertiumProcess(spawnPipeline(engine), 'eng-spa', () => {});
    try {
      // Asked together: two go out at once, the rest share the next flush.
      const texts = ['First text', 'Second text', 'It will MERGE here', 'Fourth text', 'Fifth text'];
      const answers = await Promise.all(texts.map((text) => proc.translate(text)));
      expect(answers).toEqual(texts);
      const mixed = await Promise.allSettled(
        ['Good one', 'Then SPLIT it', 'Good two'].map((t) => proc.translate(t)),
      );
      expect(mixed.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(mixed[0]).toMatchObject({ value: 'Good one' });
      expect(mixed[1]).toMatchObject({ reason: { message: 'apertium answered 2 texts for 1' } });
      // The process is still serving.
      expect(await proc.translate('After all that')).toBe('After all that');
    } finally {
      proc.stop();
    }
  });
});

describe('names and HTML on the local engine', () => {
  it('keeps names the dictionary reads as words, and translates the names it knows', async () => {
    const out =
      (await translate('Mayor Elena Marsh said Trump met the Harbour Lines chief in Russia.'))
        .TranslatedText ?? '';
    for (const name of ['Elena Marsh', 'Trump', 'Harbour Lines', 'Rusia']) expect(out).toContain(name);
    expect(out).not.toMatch(/Pantano|Triunfo|Líneas/);
    // A headline is left to the engine: its capitalised words are not names.
    const headline = (await translate('Council Approves Harbour Tram After Late Vote')).TranslatedText ?? '';
    expect(headline).not.toContain('Harbour Tram');
    // Asked again, the capitalised words come from what the dictionary said the first time.
    const again =
      (await translate('Later, Elena Marsh and Trump rode the Harbour Lines tram.')).TranslatedText ?? '';
    for (const name of ['Elena Marsh', 'Trump', 'Harbour Lines']) expect(again).toContain(name);
  });

  it('asks the dictionary about each capitalised word once, and leaves a word it has no answer for to the engine', () => {
    const analysed =
      '^Mayor/mayor<n><sg>$ ^Marsh/marsh<n><sg>$ ^met/meet<vblex><past>$ ^Marsh/marsh<n><sg>$ ^Lines/line<n><pl>$^./.<sent>$';
    expect(capitalisedSurfaces(lexicalUnits(analysed))).toEqual(['Mayor', 'Marsh', 'Lines']);
    // lt-proc -w's answer to the words sent alone, one per line.
    const dictionary = analysesBySurface(
      '^Mayor/mayor<n><sg>$[]\n^Marsh/marsh<n><sg>$[]\n^Lines/line<n><pl>$[]\n',
    );
    expect(dictionary.get('Marsh')).toEqual(['marsh<n><sg>']);
    const sentence =
      '^The/the<det><def><sp>$ ^council/council<n><sg>$ ^met/meet<vblex><past>$ ^Marsh/marsh<n><sg>$^./.<sent>$';
    // The name's lemma carries marks that a second leg (through Spanish) reads the name by.
    expect(protectNames(sentence, (surface) => dictionary.get(surface))).toContain(
      '^Marsh/\uE011Marsh\uE012<np><al><sg>$',
    );
    expect(protectNames(sentence, () => undefined)).toBe(sentence);
  });

  it('takes HTML as Amazon Translate does: tags around the translated words, translate="no" untouched', async () => {
    const out =
      (
        await translate(
          'The <a href="1">city council</a> approved the <b>water treatment center</b>, <code translate="no">x &lt; y</code> and <i>new</i> rules.<br>Next.',
        )
      ).TranslatedText ?? '';
    expect(out).toMatch(/<a href="1">[^<]*ayuntamiento[^<]*<\/a>/);
    expect(out).toMatch(/<b>[^<]*centro[^<]*agua[^<]*<\/b>/);
    expect(out).toContain('<code translate="no">x &lt; y</code>');
    expect(out).toMatch(/<i>[^<]+<\/i>/);
    expect(out).toContain('<br>');
  });
});
