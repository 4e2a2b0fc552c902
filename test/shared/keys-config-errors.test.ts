import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config.ts';
import {
  classifyError,
  InputError,
  PERMANENT_ERROR_NAME,
  parseStepMessage,
  RETRYABLE_ERROR_NAME,
  toStepError,
} from '../../shared/errors.ts';
import { articleIdFor, runIdFor } from '../../shared/keys.ts';
import { decodeEventKey, encodeEventKey } from '../../shared/schemas/events.ts';

describe('articleIdFor', () => {
  it('derives a predictable, URL-safe id from the key below the input prefix', () => {
    expect(articleIdFor('incoming/Harbour Tram.txt', 'incoming/')).toBe('harbour-tram');
    expect(articleIdFor('incoming/2026/11/Café +Bar & Co.md', 'incoming/')).toBe('2026/11/cafe-bar-co');
    expect(articleIdFor('incoming/déjà vu/Ünïcödé.html', 'incoming/')).toBe('deja-vu/unicode');
  });

  it('falls back to a hash for names with no letters or digits', () => {
    expect(articleIdFor('incoming/%%%.txt', 'incoming/')).toMatch(/^article-[0-9a-f]{12}$/);
  });

  it('gives one run id per upload: by version, else by sequencer, never by content alone', () => {
    const run = (u: { versionId?: string; sequencer?: string; etag?: string }) => runIdFor('b', 'k', u);
    expect(run({ sequencer: '01', etag: 'e' })).toBe(run({ sequencer: '01', etag: 'e' }));
    expect(run({ sequencer: '01', etag: 'e' })).not.toBe(run({ sequencer: '02', etag: 'e' }));
    expect(run({ versionId: 'v1', sequencer: '01' })).toBe(run({ versionId: 'v1', sequencer: '99' }));
  });
});

describe('event keys', () => {
  it('round-trips keys with spaces, plus, percent and unicode as S3 encodes them', () => {
    for (const key of ['incoming/a b+c%d/ñ 東京.txt', 'incoming/x=y&z?.md']) {
      const encoded = encodeEventKey(key);
      expect(encoded).not.toContain(' ');
      expect(decodeEventKey(encoded)).toBe(key);
    }
    expect(encodeEventKey('incoming/red flower.txt')).toBe('incoming/red+flower.txt');
  });
});

describe('loadConfig', () => {
  const base = {
    OUTPUT_BUCKET: 'out-bucket',
    INPUT_PREFIX: 'incoming/',
    WORK_PREFIX: '_work/',
    CACHE_PREFIX: '_cache/',
    MEMORY_PREFIX: '_memory/',
    CORRECTIONS_PREFIX: 'corrections/',
    DEFAULT_TARGET_LANGUAGES: 'es, fr',
    EVENT_BUS_NAME: 'default',
  };

  it('parses variables and applies tuning defaults', () => {
    const config = loadConfig(base);
    expect(config.DEFAULT_TARGET_LANGUAGES).toEqual(['es', 'fr']);
    expect(config.SUMMARY_SENTENCES).toBe(3);
    expect(config.DEFAULT_SOURCE_LANGUAGE).toBe('auto');
    expect(config.UNDETECTED_SOURCE_LANGUAGE).toBe('fail');
    expect(config.MAX_TARGET_LANGUAGES).toBe(5);
    expect(config.TERMINOLOGY_NAMES).toEqual([]);
  });

  it('takes one terminology, as Amazon Translate applies one per request', () => {
    expect(loadConfig({ ...base, TERMINOLOGY_NAMES: 'news-names' }).TERMINOLOGY_NAMES).toEqual([
      'news-names',
    ]);
    expect(() => loadConfig({ ...base, TERMINOLOGY_NAMES: 'a,b' })).toThrow(
      /TERMINOLOGY_NAMES.*one custom terminology/s,
    );
  });

  it('fails loudly, naming the variable, when a resource name is missing', () => {
    const { OUTPUT_BUCKET: _, ...missing } = base;
    expect(() => loadConfig(missing)).toThrow(ConfigError);
    expect(() => loadConfig(missing)).toThrow(/OUTPUT_BUCKET/);
    expect(() => loadConfig({ ...base, INPUT_PREFIX: 'incoming' })).toThrow(/INPUT_PREFIX/);
    const { EVENT_BUS_NAME: __, ...noBus } = base;
    expect(() => loadConfig(noBus)).toThrow(/EVENT_BUS_NAME/);
  });
});

describe('error classification', () => {
  it('retries throttling and server errors, fails fast on bad input and unsupported pairs', () => {
    const named = (name: string, status?: number) =>
      Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: status } });
    expect(classifyError(named('ThrottlingException'))).toMatchObject({ code: 'THROTTLED', retryable: true });
    // An unknown custom terminology is named, not INTERNAL, and not retried.
    const noTerminology = Object.assign(
      new Error('The terminology news-nmes does not exist. Known: news-names.'),
      {
        name: 'ResourceNotFoundException',
        $metadata: { httpStatusCode: 400 },
      },
    );
    expect(classifyError(noTerminology)).toMatchObject({
      code: 'TERMINOLOGY_NOT_FOUND',
      retryable: false,
      message: expect.stringContaining('Known: news-names'),
    });
    expect(classifyError(named('TooManyRequestsException'))).toMatchObject({
      code: 'THROTTLED',
      retryable: true,
    });
    expect(classifyError(named('InternalServerException', 500))).toMatchObject({ retryable: true });
    expect(classifyError(named('UnsupportedLanguagePairException', 400))).toMatchObject({
      code: 'UNSUPPORTED_LANGUAGE_PAIR',
      retryable: false,
    });
    expect(classifyError(new InputError('EMPTY_INPUT', 'empty'))).toMatchObject({
      code: 'EMPTY_INPUT',
      retryable: false,
    });
    expect(classifyError(new TypeError('boom'))).toMatchObject({ code: 'INTERNAL', retryable: false });
  });

  it('names step errors for the Retry policy and keeps the code readable', () => {
    const permanent = toStepError(new InputError('BINARY_INPUT', 'It is a PNG.'));
    expect(permanent.name).toBe(PERMANENT_ERROR_NAME);
    expect(parseStepMessage(permanent.message)).toEqual({ code: 'BINARY_INPUT', message: 'It is a PNG.' });
    expect(toStepError(Object.assign(new Error('x'), { name: 'ThrottlingException' })).name).toBe(
      RETRYABLE_ERROR_NAME,
    );
  });
});

describe('transport failures', () => {
  it('retries dropped connections, whatever shape the error takes', () => {
    expect(classifyError(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })).retryable).toBe(true);
    expect(classifyError(new Error('aborted')).retryable).toBe(true);
    expect(classifyError(Object.assign(new Error('socket hang up'), { code: 'ETIMEDOUT' })).retryable).toBe(
      true,
    );
    expect(
      classifyError(
        Object.assign(new Error('x'), { name: 'S3ServiceException', $retryable: { throttling: false } }),
      ).retryable,
    ).toBe(true);
  });
});
