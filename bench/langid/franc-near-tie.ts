import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { LanguageDetector } from '../../shared/ports.ts';

// franc-min is a benchmark peer now (bench/peers), no longer a dependency of the pipeline.
const requirePeer = createRequire(fileURLToPath(new URL('../peers/package.json', import.meta.url)));
type FrancAll = (text: string, options: { minLength: number }) => Array<[string, number]>;
let francAll: FrancAll | undefined;
export async function loadFranc(): Promise<void> {
  const module: { francAll: FrancAll } = await import(requirePeer.resolve('franc-min'));
  francAll = module.francAll;
}

/** franc speaks ISO 639-3; Amazon Translate speaks ISO 639-1 (mostly). */
export const ISO3_TO_TRANSLATE: Record<string, string> = {
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
/**
 * francAll scores the best language 1. On a short text a runner-up above AMBIGUOUS is too close to
 * call; on longer texts the scores bunch up near 1 and the best is reliable.
 */
const AMBIGUOUS = 0.85;
const SHORT_TEXT = 300;

/** The detector before issue 10: franc-min, declining near ties on short texts. */
export class FrancDetector implements LanguageDetector {
  readonly name = 'franc-min';

  detect(text: string): string | undefined {
    if (!francAll) throw new Error('call loadFranc() first');
    const [best, runnerUp] = francAll(text.slice(0, SAMPLE_CHARS), { minLength: 20 });
    // A near tie (short texts, names) is a guess: better to ask for source-language than to guess wrong.
    if (!best || best[0] === 'und') return undefined;
    if (text.length < SHORT_TEXT && runnerUp && runnerUp[1] > AMBIGUOUS) return undefined;
    return ISO3_TO_TRANSLATE[best[0]];
  }
}
