import * as z from 'zod';
import { KEY_PREFIX, prefixesApart, TERMINOLOGY_NAME } from '../../shared/config.ts';
import { CORRECTIONS_PREFIX } from '../../shared/keys.ts';
import { LanguageCode } from '../../shared/schemas/steps.ts';
import { INLINE_WORK_BYTES_DEFAULT, INLINE_WORK_BYTES_MAX } from '../../shared/workflow.ts';

/**
 * Deployment settings, from CDK context (`cdk deploy -c paragraf:targetLanguages=es,fr`, or
 * cdk.json). Every one is documented in the README's Deploy section.
 */
const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));

const terminologyName = z.string().regex(TERMINOLOGY_NAME);

export const StackSettings = z
  .object({
    targetLanguages: list.pipe(z.array(LanguageCode).min(1)).default(['es']),
    defaultSourceLanguage: z.union([z.literal('auto'), LanguageCode]).default('auto'),
    maxTargetLanguages: z.coerce.number().int().min(1).max(20).default(5),
    summarySentences: z.coerce.number().int().min(1).max(20).default(3),
    summaryWords: z.coerce.number().int().min(10).max(1000).optional(),
    // Amazon Translate applies one custom terminology per TranslateText request.
    terminologyNames: list
      .pipe(z.array(terminologyName).max(1, 'Amazon Translate applies one custom terminology per request'))
      .default([]),
    /** Terminologies an upload may choose with its `terminology` metadata (granted to the translate function). */
    allowedTerminologies: list.pipe(z.array(terminologyName)).default([]),
    batchUnits: z.coerce.number().int().min(1).max(1000).default(200),
    maxConcurrency: z.coerce.number().int().min(1).max(40).default(4),
    translateConcurrency: z.coerce.number().int().min(1).max(64).default(4),
    /** Reserved concurrency of the translate function: a ceiling on translate Lambdas across all articles. */
    translateReservedConcurrency: z.coerce.number().int().min(1).max(1000).optional(),
    /** TranslateText requests a second per translate Lambda (TRANSLATE_REQUESTS_PER_SECOND). */
    translateRequestsPerSecond: z.coerce.number().positive().max(1000).optional(),
    logRetentionDays: z.coerce.number().int().min(1).default(30),
    outputVersionRetentionDays: z.coerce.number().int().min(1).default(90),
    maxInputBytes: z.coerce
      .number()
      .int()
      .min(1)
      .max(100 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /** Work files up to this many bytes ride in the Step Functions state (0: always S3; INLINE_WORK_BYTES). */
    inlineWorkBytes: z.coerce
      .number()
      .int()
      .min(0)
      .max(INLINE_WORK_BYTES_MAX)
      .default(INLINE_WORK_BYTES_DEFAULT),
    /** Optional: an address the alarm topic emails (it must confirm the subscription). */
    alarmEmail: z.string().email().optional(),
    inputPrefix: z.string().regex(KEY_PREFIX).default('incoming/'),
    /** Where editors upload corrections in the input bucket (<prefix><articleId>/<lang>.md); apart from inputPrefix. */
    correctionsPrefix: z.string().regex(KEY_PREFIX).default(CORRECTIONS_PREFIX),
  })
  .check(prefixesApart('inputPrefix', 'correctionsPrefix'));
export type StackSettings = z.infer<typeof StackSettings>;

export const SETTING_KEYS = Object.keys(StackSettings.shape) as Array<keyof StackSettings>;

/** Reads `paragraf:<name>` context values; unknown or invalid values stop the synth. */
export function settingsFromContext(get: (key: string) => unknown): StackSettings {
  const raw: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = get(`paragraf:${key}`);
    if (value !== undefined) raw[key] = value;
  }
  const parsed = StackSettings.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `Invalid paragraf:* context: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
