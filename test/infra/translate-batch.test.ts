import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3, startLocalS3 } from '../../infra/local/s3-server.ts';
import { silentLogger } from '../../shared/adapters/json-logger.ts';
import { noMetrics } from '../../shared/adapters/metrics.ts';
import { S3ObjectStore } from '../../shared/adapters/s3-store.ts';
import { loadConfig } from '../../shared/config.ts';
import { translationHash, workKeys } from '../../shared/keys.ts';
import { translateBatch } from '../../shared/pipeline/translate.ts';
import type { TranslateRequest, Translator } from '../../shared/ports.ts';
import { BatchFile, PartialBatchFile, type Unit } from '../../shared/schemas/steps.ts';
import { groupable, packGroups, splitGroup } from '../../shared/text/grouping.ts';
import { pipelineEnv } from '../helpers/config.ts';

/**
 * Sentences cut from their paragraph's translation, on the local S3: cut when the translation
 * splits into as many sentences as the source, sent on their own when it does not.
 */
class SentenceTranslator implements Translator {
  readonly texts: string[] = [];
  readonly name: string;
  private readonly mergeSentences: boolean;
  constructor(mergeSentences: boolean) {
    this.mergeSentences = mergeSentences;
    // Its own name, so the translation cache (keyed by engine) is its own too.
    this.name = mergeSentences ? 'fake-merging' : 'fake';
  }
  async translate(request: TranslateRequest): Promise<string> {
    this.texts.push(request.text);
    const upper = request.text.toUpperCase();
    // An engine that joins two sentences into one ("A. B." → "A; B.") breaks the alignment.
    return this.mergeSentences ? upper.replace(/\. (?=\S)/g, '; ') : upper;
  }
}

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3({ buckets: ['out'] });
});
afterAll(async () => {
  await s3?.stop();
});

const config = loadConfig(pipelineEnv);
const units: Unit[] = [
  { id: 'p0', text: 'The council met. It approved the tram.', translate: true },
  { id: 's0', text: 'It approved the tram.', translate: true, of: { unit: 'p0', sentence: 1 } },
];

async function runBatch(
  articleId: string,
  translator: Translator,
  batchUnits: readonly Unit[] = units,
  batches = 1,
  attempts: { retryCount?: number; redriveCount?: number } = {},
) {
  const store = new S3ObjectStore(s3.client());
  const runId = '0123456789abcdef';
  const work = workKeys(config.WORK_PREFIX, articleId, runId);
  await store.put(
    'out',
    work.batchUnits(0),
    JSON.stringify({ units: batchUnits, batches }),
    'application/json',
  );
  const run = {
    articleId,
    runId,
    source: {
      bucket: 'in',
      key: `incoming/${articleId}.txt`,
      etag: '"e"',
      bytes: 40,
      format: 'txt' as const,
    },
    sourceLanguage: 'en',
    targetLanguages: ['es'],
    languageSource: 'test',
    startedAt: new Date().toISOString(),
  };
  const output = await translateBatch(
    { run, batch: { index: 0, start: 0, end: batchUnits.length }, ...attempts },
    { config, store, translator, logger: silentLogger, metrics: noMetrics, now: () => new Date() },
  );
  // A lone batch's result rides in the state; one among several is in its work file.
  return output.batchFile ?? BatchFile.parse(JSON.parse((await store.getText('out', work.batch(0))) ?? '{}'));
}

describe('a sentence of a paragraph in the batch', () => {
  it('is cut from the paragraph translation and not sent again', async () => {
    const translator = new SentenceTranslator(false);
    const file = await runBatch('aligned', translator);
    expect(translator.texts).toEqual(['The council met. It approved the tram.']);
    expect(file.translations.es).toEqual(['THE COUNCIL MET. IT APPROVED THE TRAM.', 'IT APPROVED THE TRAM.']);
    expect(file.alignedCharacters).toBe('It approved the tram.'.length);
    expect(file.characters).toBe(units[0]?.text.length);
  });

  it('is translated on its own when the paragraph translation does not split the same way', async () => {
    const translator = new SentenceTranslator(true);
    const file = await runBatch('merged', translator);
    expect(translator.texts).toEqual(['The council met. It approved the tram.', 'It approved the tram.']);
    expect(file.translations.es?.[1]).toBe('IT APPROVED THE TRAM.');
    expect(file.unalignedSentences).toBe(1);
  });
});

describe("an editor's translation from the memory", () => {
  const edit = {
    at: '2026-12-05T10:00:00.000Z',
    correction: 'corrections/a/es.md',
    etag: 'e',
    articleId: 'a',
  };
  it('is used instead of the engine, and a sentence cut from it is the editor’s too', async () => {
    const translator = new SentenceTranslator(false);
    const withMemory: Unit[] = [
      { ...units[0], memory: { es: { text: 'El pleno se reunió. Aprobó el tranvía.', edit } } } as Unit,
      units[1] as Unit,
      { id: 'p1', text: 'Work starts in March.', translate: true },
    ];
    const file = await runBatch('memory', translator, withMemory);
    expect(translator.texts).toEqual(['Work starts in March.']);
    expect(file.translations.es).toEqual([
      'El pleno se reunió. Aprobó el tranvía.',
      'Aprobó el tranvía.',
      'WORK STARTS IN MARCH.',
    ]);
    expect(file.characters).toBe('Work starts in March.'.length);
    expect(file.edits).toEqual({ es: { '0': edit, '1': edit } });
  });

  it('a sentence that does not line up with the editor’s paragraph goes to the engine, as the engine’s', async () => {
    const translator = new SentenceTranslator(false);
    const withMemory: Unit[] = [
      { ...units[0], memory: { es: { text: 'El pleno se reunió y aprobó el tranvía.', edit } } } as Unit,
      units[1] as Unit,
    ];
    const file = await runBatch('memory-unaligned', translator, withMemory);
    expect(translator.texts).toEqual(['It approved the tram.']);
    expect(file.translations.es?.[1]).toBe('IT APPROVED THE TRAM.');
    expect(file.edits).toEqual({ es: { '0': edit } });
  });
});

/** Upper-cases; answers a grouped call with its line breaks kept, dropped, or fails chosen texts. */
class GroupTranslator implements Translator {
  readonly calls: string[] = [];
  readonly name: string;
  private readonly options: { dropLineBreaks?: boolean; failOn?: RegExp };
  constructor(name: string, options: { dropLineBreaks?: boolean; failOn?: RegExp } = {}) {
    this.name = name;
    this.options = options;
  }
  async translate(request: TranslateRequest): Promise<string> {
    this.calls.push(request.text);
    if (this.options.failOn?.test(request.text)) {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    }
    const upper = request.text.toUpperCase();
    return this.options.dropLineBreaks ? upper.replace(/\n/g, ' ') : upper;
  }
}

const paragraphs: Unit[] = [
  { id: 't', text: 'Harbour tram approved', translate: true },
  { id: 'p0', text: 'The council met on Monday.', translate: true },
  { id: 'p1', text: 'It approved the tram.', translate: true },
  { id: 'p2', text: 'Work starts in March!', translate: true },
];

describe('texts that share a TranslateText call', () => {
  it('are packed only when each ends a sentence, within the size limit (separators included)', () => {
    expect(groupable('The council met.')).toBe(true);
    expect(groupable('He said "yes."')).toBe(true);
    expect(groupable('Harbour tram approved')).toBe(false);
    expect(groupable('One.\n\nTwo.')).toBe(false);
    // A line break of its own: its answer could not be told from the next text's.
    expect(groupable('One.\nTwo.')).toBe(false);
    const items = ['A one.', 'A title', 'Two.', 'Three.', `${'x'.repeat(30)}.`].map((text) => ({ text }));
    // 'A one.' + '\n' + 'Two.' + '\n' + 'Three.' is 18 bytes: one character per separator.
    expect(packGroups(items, 18).map((g) => g.map((i) => i.text))).toEqual([
      ['A title'],
      [`${'x'.repeat(30)}.`],
      ['A one.', 'Two.', 'Three.'],
    ]);
    expect(splitGroup('UNO.\nDOS.', 2)).toEqual(['UNO.', 'DOS.']);
    // An engine that doubles the line break still splits right.
    expect(splitGroup('UNO.\n\nDOS.\n', 2)).toEqual(['UNO.', 'DOS.']);
    expect(splitGroup('UNO.\n\n\nDOS.\nTRES.', 2)).toBeUndefined();
    expect(splitGroup('UNO. DOS.', 2)).toBeUndefined();
  });

  it('go in one call and come back in order', async () => {
    const translator = new GroupTranslator('grouping');
    const file = await runBatch('grouped', translator, paragraphs);
    // The title does not end a sentence: a call of its own.
    expect(translator.calls).toEqual([
      'Harbour tram approved',
      'The council met on Monday.\nIt approved the tram.\nWork starts in March!',
    ]);
    expect(file.translations.es).toEqual(paragraphs.map((u) => u.text.toUpperCase()));
    expect(file.requests).toBe(2);
    expect(file.groupedRequests).toBe(1);
    expect(file.regroupedTexts).toBe(0);
  });

  it('are sent again one per call when the answer does not split back, and the pair is not grouped again', async () => {
    const translator = new GroupTranslator('grouping-merging', { dropLineBreaks: true });
    const file = await runBatch('regrouped', translator, paragraphs);
    expect(file.translations.es).toEqual(paragraphs.map((u) => u.text.toUpperCase()));
    expect(file.regroupedTexts).toBe(3);
    expect(translator.calls.filter((c) => c.includes('\n'))).toHaveLength(1);
  });
});

describe('a retried batch', () => {
  it('pays only for what the failed attempt did not get', async () => {
    const failing = new GroupTranslator('retry', { failOn: /Harbour/ });
    await expect(runBatch('retried', failing, paragraphs)).rejects.toThrow(/Rate exceeded/);
    const store = new S3ObjectStore(s3.client());
    const work = workKeys(config.WORK_PREFIX, 'retried', '0123456789abcdef');
    const kept = PartialBatchFile.parse(JSON.parse((await store.getText('out', work.batch(0))) ?? '{}'));
    expect(Object.values(kept.entries)).toHaveLength(3);

    const retry = new GroupTranslator('retry');
    const file = await runBatch('retried', retry, paragraphs);
    expect(retry.calls).toEqual(['Harbour tram approved']);
    expect(file.translations.es).toEqual(paragraphs.map((u) => u.text.toUpperCase()));
    // Each text counted once, where it was paid for: three in the failed attempt's call, the title now.
    const grouped = paragraphs
      .slice(1)
      .map((u) => u.text)
      .join('\n');
    expect(file.characters).toBe(grouped.length + 'Harbour tram approved'.length);
    expect(file.requests).toBe(2);
    expect(file.cachedCharacters).toBe(0);
  });

  it('of an article cut into several pays nothing when its file was written and the step then failed', async () => {
    // Such a batch writes its file, then the progress: a timeout in between retries a finished batch.
    const first = new GroupTranslator('written');
    const file = await runBatch('written', first, paragraphs, 2);
    expect(first.calls).toHaveLength(2);
    const again = new GroupTranslator('written');
    expect(await runBatch('written', again, paragraphs, 2)).toEqual(file);
    expect(again.calls).toEqual([]);
  });
});

describe('what an earlier attempt left at the batch file key', () => {
  it('is looked for by a retry or a redrive, not by a first attempt', async () => {
    const title = paragraphs[0]?.text ?? '';
    const hash = translationHash({ source: 'en', target: 'es', terminologyNames: [], text: title });
    const plant = (articleId: string) =>
      new S3ObjectStore(s3.client()).put(
        'out',
        workKeys(config.WORK_PREFIX, articleId, '0123456789abcdef').batch(0),
        JSON.stringify({ index: 0, start: 0, partial: true, entries: { [hash]: 'PLANTED' } }),
        'application/json',
      );
    const first = new GroupTranslator('first');
    await plant('first-attempt');
    const fresh = await runBatch('first-attempt', first, paragraphs, 1, { retryCount: 0, redriveCount: 0 });
    expect(first.calls[0]).toBe(title);
    expect(fresh.translations.es?.[0]).toBe(title.toUpperCase());

    for (const [articleId, attempts] of [
      ['retried-attempt', { retryCount: 1, redriveCount: 0 }],
      ['redriven-attempt', { retryCount: 0, redriveCount: 1 }],
    ] as const) {
      const later = new GroupTranslator(articleId);
      await plant(articleId);
      const file = await runBatch(articleId, later, paragraphs, 1, attempts);
      expect(later.calls).not.toContain(title);
      expect(file.translations.es?.[0]).toBe('PLANTED');
    }
  });
});

describe('a sentence whose paragraph failed in this attempt', () => {
  it('is not sent on its own: the retry cuts it from the paragraph, and nothing is paid twice', async () => {
    const failing = new GroupTranslator('wait-for-home', { failOn: /council met/ });
    await expect(runBatch('home-failed', failing, units)).rejects.toThrow(/Rate exceeded/);
    expect(failing.calls).toEqual(['The council met. It approved the tram.']);
    const retry = new GroupTranslator('wait-for-home');
    const file = await runBatch('home-failed', retry, units);
    expect(retry.calls).toEqual(['The council met. It approved the tram.']);
    expect(file.translations.es).toEqual(['THE COUNCIL MET. IT APPROVED THE TRAM.', 'IT APPROVED THE TRAM.']);
  });
});

describe('progress in status.json', () => {
  const running = (articleId: string) =>
    JSON.stringify({
      articleId,
      runId: '0123456789abcdef',
      state: 'running',
      sourceKey: `incoming/${articleId}.txt`,
      updatedAt: new Date().toISOString(),
      paragraphs: 6,
      progress: { done: 0, total: 6 },
    });
  const progressOf = async (articleId: string) => {
    const store = new S3ObjectStore(s3.client());
    return JSON.parse((await store.getText('out', `${articleId}/status.json`)) ?? '{}').progress;
  };

  it('counts a batch of an article cut into several', async () => {
    const store = new S3ObjectStore(s3.client());
    await store.put('out', 'several/status.json', running('several'), 'application/json');
    await runBatch('several', new GroupTranslator('progress'), paragraphs, 2);
    expect(await progressOf('several')).toEqual({ done: 3, total: 6 });
  });

  it('is not written for an article of one batch: it goes from running to done', async () => {
    const store = new S3ObjectStore(s3.client());
    await store.put('out', 'single/status.json', running('single'), 'application/json');
    await runBatch('single', new GroupTranslator('progress'), paragraphs, 1);
    expect(await progressOf('single')).toEqual({ done: 0, total: 6 });
  });
});
