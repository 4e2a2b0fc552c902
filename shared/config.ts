import * as z from 'zod';
import { prefixesOverlap } from './keys.ts';
import { LanguageCode } from './schemas/steps.ts';
import { INLINE_WORK_BYTES_DEFAULT, INLINE_WORK_BYTES_MAX } from './workflow.ts';

const languageList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(LanguageCode).min(1));

/** Amazon Translate's terminology names: https://docs.aws.amazon.com/translate/latest/APIReference/API_ImportTerminology.html */
export const TERMINOLOGY_NAME = /^([A-Za-z0-9-]_?)+$/;

/** A key prefix: one or more path segments of S3's safe characters, each ending in "/". */
export const KEY_PREFIX = /^([A-Za-z0-9!_.*'()-]+\/)+$/;

const prefix = z.string().regex(KEY_PREFIX, 'a key prefix ending in "/", such as incoming/');

/**
 * A check that a schema's corrections prefix and input prefix do not overlap (an upload would
 * reach both rules), for the Lambdas' configuration and the stack's settings alike.
 */
export function prefixesApart<I extends string, C extends string>(input: I, corrections: C) {
  return (ctx: z.core.ParsePayload<Record<I | C, string>>): void => {
    const inputPrefix = ctx.value[input];
    const correctionsPrefix = ctx.value[corrections];
    if (prefixesOverlap(inputPrefix, correctionsPrefix))
      ctx.issues.push({
        code: 'custom',
        path: [corrections],
        message: `must not overlap ${input} (${inputPrefix})`,
        input: correctionsPrefix,
      });
  };
}

/**
 * The pipeline's whole configuration, read from the environment once per cold start. Resource
 * names have no defaults: a missing one fails loudly at start rather than writing somewhere else.
 */
export const ConfigSchema = z
  .object({
    OUTPUT_BUCKET: z.string().min(3),
    /** Where completion events go ("default" for the account's default bus). */
    EVENT_BUS_NAME: z.string().min(1),
    INPUT_PREFIX: prefix,
    WORK_PREFIX: prefix,
    CACHE_PREFIX: prefix,
    /** The translation memory, in the output bucket: one object per language pair (never expires). */
    MEMORY_PREFIX: prefix,
    /** Corrections are uploaded to the input bucket under this prefix: <prefix><articleId>/<lang>.md. */
    CORRECTIONS_PREFIX: prefix,
    DEFAULT_TARGET_LANGUAGES: languageList,
    /** The article language when the upload names none: a code, or auto (detect it). */
    DEFAULT_SOURCE_LANGUAGE: z.union([z.literal('auto'), LanguageCode]).default('auto'),
    /** When detection cannot tell: fail with LANGUAGE_UNDETECTED, or send Amazon Translate "auto". */
    UNDETECTED_SOURCE_LANGUAGE: z.enum(['fail', 'auto']).default('fail'),
    /** A guard on cost: every target language bills the whole article again. */
    MAX_TARGET_LANGUAGES: z.coerce.number().int().min(1).max(20).default(5),
    SUMMARY_SENTENCES: z.coerce.number().int().min(1).max(20).default(3),
    SUMMARY_WORDS: z.coerce.number().int().min(10).max(1000).optional(),
    BATCH_UNITS: z.coerce.number().int().min(1).max(1000).default(200),
    BATCH_CHARACTERS: z.coerce.number().int().min(1000).max(200_000).default(30_000),
    TRANSLATE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    /** At most this many TranslateText requests a second from one translate invocation (unset: no pacing). */
    TRANSLATE_REQUESTS_PER_SECOND: z.coerce.number().positive().max(1000).optional(),
    /**
     * A work file whose JSON is at most this many bytes rides in the Step Functions state instead of
     * S3 (0: always S3). Such content shows in the execution history, never in the logs.
     */
    INLINE_WORK_BYTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(INLINE_WORK_BYTES_MAX)
      .default(INLINE_WORK_BYTES_DEFAULT),
    MAX_INPUT_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .default(10 * 1024 * 1024),
    TERMINOLOGY_NAMES: z
      .string()
      .optional()
      .transform((value) =>
        value
          ? value
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : [],
      )
      // Amazon Translate applies one custom terminology per TranslateText request.
      .pipe(
        z.array(z.string()).max(1, 'Amazon Translate applies one custom terminology per request: name one'),
      ),
    /**
     * The terminologies an upload may choose with its `terminology` metadata, besides
     * TERMINOLOGY_NAMES: a comma-separated list (the stack grants the translate function those), or
     * `*` for any (the local cloud, where nothing is billed or granted). Unset: none.
     */
    ALLOWED_TERMINOLOGY_NAMES: z
      .string()
      .optional()
      .transform((value): string[] | '*' =>
        value?.trim() === '*'
          ? '*'
          : (value ?? '')
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
      ),
  })
  .check(prefixesApart('INPUT_PREFIX', 'CORRECTIONS_PREFIX'));
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid Paragraf configuration: ${problems}`);
  }
  return result.data;
}
