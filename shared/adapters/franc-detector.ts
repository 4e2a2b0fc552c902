import { franc } from 'franc-min';
import type { LanguageDetector } from '../ports.ts';

/** franc speaks ISO 639-3; Amazon Translate speaks ISO 639-1 (mostly). */
const ISO3_TO_TRANSLATE: Record<string, string> = {
  eng: 'en',
  spa: 'es',
  por: 'pt',
  fra: 'fr',
  deu: 'de',
  ita: 'it',
  nld: 'nl',
  pol: 'pl',
  ron: 'ro',
  ces: 'cs',
  hun: 'hu',
  swe: 'sv',
  tur: 'tr',
  rus: 'ru',
  ukr: 'uk',
  bel: 'be',
  bul: 'bg',
  srp: 'sr',
  hrv: 'hr',
  bos: 'bs',
  ind: 'id',
  zlm: 'ms',
  vie: 'vi',
  tgl: 'tl',
  swh: 'sw',
  hau: 'ha',
  som: 'so',
  arb: 'ar',
  urd: 'ur',
  pes: 'fa',
  pbu: 'ps',
  hin: 'hi',
  mar: 'mr',
  npi: 'ne',
  kaz: 'kk',
  azj: 'az',
  uzn: 'uz',
  cmn: 'zh',
  jpn: 'ja',
  kor: 'ko',
  cat: 'ca',
  glg: 'gl',
  eus: 'eu',
  dan: 'da',
  nob: 'no',
  fin: 'fi',
  ell: 'el',
  heb: 'he',
  tha: 'th',
  zul: 'zu',
  yor: 'yo',
  ibo: 'ig',
};

const SAMPLE_CHARS = 4000;

export class FrancDetector implements LanguageDetector {
  readonly name = 'franc-min';

  detect(text: string): string | undefined {
    const code = franc(text.slice(0, SAMPLE_CHARS), { minLength: 20 });
    return ISO3_TO_TRANSLATE[code];
  }
}
