import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRecord, boto3, type Served, startServe } from '../helpers/serve.ts';

/**
 * boto3's Translate client against the local endpoint of `paragraf serve`: the operations people
 * script against, with Amazon Translate's validation and error shapes.
 * https://docs.aws.amazon.com/translate/latest/APIReference/API_Operations.html
 */
let served: Served;
beforeAll(async () => {
  served = await startServe();
}, 60_000);
afterAll(async () => {
  await served?.stop();
});

describe('Amazon Translate API on paragraf serve', () => {
  it('ListLanguages, terminology import → list → use → get → delete, auto, settings and errors', async () => {
    const r = asRecord(await boto3(served, 'translate_api.py', 'conformance-terms'));
    // https://docs.aws.amazon.com/translate/latest/APIReference/API_ListLanguages.html
    expect(r.languages).toEqual(expect.arrayContaining(['en', 'es']));
    expect(r.spanishName).toBe('inglés');
    // https://docs.aws.amazon.com/translate/latest/APIReference/API_ImportTerminology.html
    expect(r.imported).toMatchObject({
      Name: 'conformance-terms',
      SourceLanguageCode: 'en',
      TargetLanguageCodes: ['es'],
      TermCount: 2,
      Format: 'CSV',
      Directionality: 'UNI',
      Arn: expect.stringMatching(/^arn:aws:translate:.*:terminology\/conformance-terms\/LATEST$/),
    });
    expect(r.listed).toEqual(expect.arrayContaining(['conformance-terms', 'news-names']));
    const used = asRecord(r.used);
    expect(used.text).toContain('Tranvía Ribereño');
    expect(used.applied).toEqual([
      {
        Name: 'conformance-terms',
        Terms: [{ SourceText: 'Riverside Tram', TargetText: 'Tranvía Ribereño' }],
      },
    ]);
    // GetTerminology's Location serves the file in the format asked.
    expect(r.downloaded).toBe('en,es\nRiverside Tram,Tranvía Ribereño\ncouncil,ayuntamiento\n');
    expect(asRecord(asRecord(r.tmx).props)).toMatchObject({
      Format: 'TMX',
      TermCount: 1,
      SourceLanguageCode: 'en',
    });
    expect(asRecord(r.tmx).text).toContain('Junta del Puerto');
    expect(r.tsv).toMatchObject({ Format: 'TSV', TermCount: 1 });
    // https://docs.aws.amazon.com/translate/latest/dg/auto-detect.html
    expect(r.auto).toMatchObject({ source: 'en', text: expect.stringMatching(/tranvía/) });
    expect(asRecord(r.two)).toMatchObject({ code: 'InvalidRequestException', status: 400 });
    expect(asRecord(r.badSetting)).toMatchObject({ code: 'ValidationException', status: 400 });
    expect(String(asRecord(r.badSetting).message)).toMatch(/settings\.formality/i);
    // https://docs.aws.amazon.com/translate/latest/dg/customizing-translations-profanity.html
    expect(r.masked).toEqual({ text: expect.stringContaining('?$#@$'), applied: { Profanity: 'MASK' } });
    expect(asRecord(r.missing)).toMatchObject({ code: 'ResourceNotFoundException', status: 400 });
    expect(asRecord(r.pair)).toMatchObject({
      code: 'UnsupportedLanguagePairException',
      fields: { SourceLanguageCode: 'en', TargetLanguageCode: 'ja' },
    });
    expect(asRecord(r.afterDelete)).toMatchObject({ code: 'ResourceNotFoundException' });
  }, 60_000);

  it('imported terminologies outlive a restart (kept beside the data folder)', async () => {
    await boto3(served, 'translate_api.py', 'restart-terms');
    expect(readdirSync(join(served.root, 'terminologies'))).toEqual(
      expect.arrayContaining(['restart-terms-tmx.tmx', 'restart-terms-tmx.json', 'restart-terms-tsv.tsv']),
    );
    const root = served.root;
    await served.stop({ keep: true });
    served = await startServe(root);
    const listed = asRecord(await boto3(served, 'translate_list.py'));
    expect(listed.names).toEqual(
      expect.arrayContaining(['restart-terms-tmx', 'restart-terms-tsv', 'news-names']),
    );
    expect(listed.names).not.toContain('restart-terms');
  }, 90_000);
});
