/**
 * Amazon Translate's Profanity=MASK replaces profane words and phrases with `?$#@$`, whatever
 * their length. Its list is not published; these are the common ones of the languages the local
 * engine translates into, enough to show the setting working end to end.
 * https://docs.aws.amazon.com/translate/latest/dg/customizing-translations-profanity.html
 */
const PROFANITY: Record<string, readonly string[]> = {
  en: [
    'fuck',
    'fucking',
    'fucked',
    'shit',
    'bullshit',
    'bitch',
    'bastard',
    'asshole',
    'dickhead',
    'cunt',
    'motherfucker',
    'crap',
  ],
  es: [
    'mierda',
    'joder',
    'jodido',
    'jodida',
    'puta',
    'puto',
    'cabrón',
    'cabrona',
    'gilipollas',
    'coño',
    'hostia',
    'pendejo',
    'cojones',
  ],
  ca: ['merda', 'collons', 'fotre', 'puta', 'cabró'],
  gl: ['merda', 'carallo', 'puta'],
};

export const PROFANITY_MASK = '?$#@$';

export function maskProfanity(text: string, language: string): string {
  const words = PROFANITY[language.split('-')[0] ?? language];
  if (!words?.length) return text;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return text.replace(pattern, PROFANITY_MASK);
}
