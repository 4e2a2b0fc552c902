import * as z from 'zod';

/** A language code as Amazon Translate takes it: en, es, pt-PT, zh-TW. */
export const LanguageCode = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z]{2}|-[A-Z][a-z]{3})?$/, 'a language code such as en, es or pt-PT');
