import { TranslateClient, TranslateTextCommand } from '@aws-sdk/client-translate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeApertium, unescapeApertium } from '../../infra/local/apertium.ts';
import { startTranslateEndpoint, type TranslateEndpoint } from '../../infra/local/translate-endpoint.ts';

let endpoint: TranslateEndpoint;
let client: TranslateClient;
beforeAll(async () => {
  endpoint = await startTranslateEndpoint();
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
    const response = await translate('The file [draft] costs $5 at <b>/tmp</b> with {braces} and a^b.');
    const out = response.TranslatedText ?? '';
    // Reserved characters come back as text (the words inside them may be translated).
    expect(out).toMatch(/\[\S+\]/);
    for (const s of ['$5', '/tmp', '<b>', '{', '}', '^']) expect(out).toContain(s);
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
    await expect(translate('Hello there, friends.', 'en', 'fr')).rejects.toMatchObject({
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

describe('Apertium stream escaping', () => {
  it('round-trips reserved characters and strips superblanks', () => {
    const text = 'a\\b ^c$ @d /e [f] {g} <h>';
    const escaped = escapeApertium(text);
    expect(unescapeApertium(`${escaped}[]`, text)).toBe(text);
    expect(unescapeApertium('Hola  mundo[<x>] *desconocido', 'Hello world unknown')).toBe(
      'Hola mundo desconocido',
    );
  });
});
