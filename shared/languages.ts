import { InputError } from './errors.ts';

/**
 * Amazon Translate's language codes (its "Supported languages" table): ISO 639-1 codes and the
 * regional variants it accepts. Both worlds validate against this list, so a code that works
 * locally also works on AWS.
 */
export const TRANSLATE_LANGUAGES = [
  'af',
  'sq',
  'am',
  'ar',
  'hy',
  'az',
  'bn',
  'bs',
  'bg',
  'ca',
  'zh',
  'zh-TW',
  'hr',
  'cs',
  'da',
  'fa-AF',
  'nl',
  'en',
  'et',
  'fa',
  'tl',
  'fi',
  'fr',
  'fr-CA',
  'ka',
  'de',
  'el',
  'gu',
  'ht',
  'ha',
  'he',
  'hi',
  'hu',
  'is',
  'id',
  'ga',
  'it',
  'ja',
  'kn',
  'kk',
  'ko',
  'lv',
  'lt',
  'mk',
  'ms',
  'ml',
  'mt',
  'mr',
  'mn',
  'no',
  'ps',
  'pl',
  'pt',
  'pt-PT',
  'pa',
  'ro',
  'ru',
  'sr',
  'si',
  'sk',
  'sl',
  'so',
  'es',
  'es-MX',
  'sw',
  'sv',
  'ta',
  'te',
  'th',
  'tr',
  'uk',
  'ur',
  'uz',
  'vi',
  'cy',
] as const;

const BY_LOWER = new Map<string, string>(TRANSLATE_LANGUAGES.map((code) => [code.toLowerCase(), code]));

/** The canonical form of a code, whatever its case ("ES" → "es", "es-mx" → "es-MX"), or undefined. */
export function canonicalLanguage(code: string): string | undefined {
  return BY_LOWER.get(code.trim().toLowerCase().replace('_', '-'));
}

/** es and es-MX are one language for "already in the target language". */
export function sameLanguage(a: string, b: string): boolean {
  return a.split('-')[0]?.toLowerCase() === b.split('-')[0]?.toLowerCase();
}

/** Where a language list came from, so its error names what the user can change. */
export interface LanguageOrigin {
  /** "The target-languages metadata", "--to" */
  what: string;
  /** How to set it right, in the user's own terms. */
  fix: string;
}

/**
 * A comma-separated list of codes, canonical and without duplicates. Throws INVALID_LANGUAGE_CODE
 * for a code Amazon Translate does not know, and TOO_MANY_TARGET_LANGUAGES past `max` (a guard on
 * cost: every target language bills the whole article again).
 */
/**
 * Codes in a list: separated by commas, plus signs, semicolons or spaces. The AWS CLI's shorthand
 * (`--metadata target-languages=es,fr`) reads a comma as the start of another key, so `es+fr` is
 * the form that every client can write.
 */
export const LANGUAGE_LIST_SEPARATOR = /[,+;\s]+/;

export function parseLanguageCodes(value: string, origin: LanguageOrigin, max?: number): string[] {
  const codes: string[] = [];
  for (const raw of value
    .split(LANGUAGE_LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const code = canonicalLanguage(raw);
    if (!code) {
      throw new InputError(
        'INVALID_LANGUAGE_CODE',
        `${origin.what} has "${raw.slice(0, 20)}", which is not a language code Amazon Translate knows (such as es, fr or pt-PT). ${origin.fix}`,
      );
    }
    if (!codes.includes(code)) codes.push(code);
  }
  if (max !== undefined && codes.length > max) {
    throw new InputError(
      'TOO_MANY_TARGET_LANGUAGES',
      `${origin.what} asks for ${codes.length} languages; the limit is ${max} per article (MAX_TARGET_LANGUAGES), because each one bills the whole article again. ${origin.fix}`,
    );
  }
  return codes;
}
