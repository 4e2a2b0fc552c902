/**
 * eld's n-gram table in two flat strings, for the Lambda bundles. eld looks n-grams up one at a
 * time (`ngrams[gram]`, then `for (lang in scores)`), so the table need not exist as 49,553
 * objects at a cold start: building them, from a literal or from JSON, is most of Split's init.
 * Here the keys are sorted into fixed-width records searched by bisection, and an entry's scores
 * become an object only when a text asks for it.
 *
 * n-grams are strings of eld's byte characters (code points 0 to 255) of up to KEY_WIDTH
 * characters; every other character used here is at or above OFFSET so that none needs escaping
 * in the generated source and none can be mistaken for a key's character.
 */
const KEY_WIDTH = 6;
/** A key's record: the key padded with PAD, then where its scores start in `values` (two digits). */
const RECORD = KEY_WIDTH + 2;
const OFFSET = 0x100;
const PAD = String.fromCharCode(OFFSET);
const DIGIT = 0x1000;

export type NgramScores = Record<string, number>;

export interface CompactNgrams {
  keys: string;
  values: string;
}

const padded = (gram: string) => gram + PAD.repeat(KEY_WIDTH - gram.length);

/** Build time: eld's `ngrams` object as two strings. Throws on data this layout cannot hold. */
export function encodeNgrams(ngrams: Record<string, NgramScores>): CompactNgrams {
  const grams = Object.keys(ngrams)
    .map((gram) => {
      if (gram.length > KEY_WIDTH || [...gram].some((c) => c.charCodeAt(0) >= OFFSET))
        throw new Error(`eld n-gram ${JSON.stringify(gram)} is not up to ${KEY_WIDTH} byte characters`);
      return gram;
    })
    .sort((a, b) => (padded(a) < padded(b) ? -1 : 1));
  let keys = '';
  const values: string[] = [];
  let at = 0;
  for (const gram of grams) {
    if (at >= DIGIT * DIGIT) throw new Error('eld n-gram scores too long for two offset digits');
    keys += padded(gram) + String.fromCharCode(OFFSET + Math.floor(at / DIGIT), OFFSET + (at % DIGIT));
    for (const [lang, score] of Object.entries(ngrams[gram] ?? {})) {
      const l = Number(lang);
      if (
        !Number.isInteger(l) ||
        l < 0 ||
        l >= DIGIT ||
        !Number.isInteger(score) ||
        score < 0 ||
        score >= DIGIT
      )
        throw new Error(`eld n-gram ${JSON.stringify(gram)}: score ${lang}=${score} out of range`);
      values.push(String.fromCharCode(OFFSET + l, OFFSET + score));
      at += 2;
    }
  }
  return { keys, values: values.join('') };
}

/** Run time: an object eld can index like its own table; each entry is decoded once, when used. */
export function ngramTable({ keys, values }: CompactNgrams): Record<string, NgramScores | undefined> {
  const count = keys.length / RECORD;
  const start = (i: number) =>
    i >= count
      ? values.length
      : (keys.charCodeAt(i * RECORD + KEY_WIDTH) - OFFSET) * DIGIT +
        (keys.charCodeAt(i * RECORD + KEY_WIDTH + 1) - OFFSET);
  const decoded = new Map<string, NgramScores>();
  const lookup = (gram: string): NgramScores | undefined => {
    if (gram.length > KEY_WIDTH) return undefined;
    const wanted = padded(gram);
    let low = 0;
    let high = count - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const key = keys.slice(mid * RECORD, mid * RECORD + KEY_WIDTH);
      if (key === wanted) {
        const scores: NgramScores = {};
        for (let at = start(mid); at < start(mid + 1); at += 2)
          scores[values.charCodeAt(at) - OFFSET] = values.charCodeAt(at + 1) - OFFSET;
        return scores;
      }
      if (key < wanted) low = mid + 1;
      else high = mid - 1;
    }
    return undefined;
  };
  return new Proxy<Record<string, NgramScores | undefined>>(
    {},
    {
      get(_, gram) {
        if (typeof gram !== 'string') return undefined;
        // Only hits are kept: they are bounded by the table, the misses of unknown text are not.
        let scores = decoded.get(gram);
        if (scores === undefined) {
          scores = lookup(gram);
          if (scores !== undefined) decoded.set(gram, scores);
        }
        return scores;
      },
    },
  );
}
