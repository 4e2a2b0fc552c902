import { afterAll, describe, expect, it } from 'vitest';
import { ApertiumPool } from '../../infra/local/apertium.ts';
import { novelWords, probeStream, withOneDropped } from '../../infra/local/apertium-classes.ts';

// News sentences with what made the engine's answers depend on what came before: words of an
// ambiguity class the tagger was not trained on ("I", "near", "included", "known", "till"), which
// change how a long-lived apertium-tagger tags every later unknown word ("lawmakers", "brewers").
const TEXTS = [
  'European brewers have warned that the new rules are unfair, as lawmakers enter the final talks on the law.',
  '"I think the plan is sound," said the mayor, who lives near the harbour.',
  'The report included figures known to the council till last year.',
  'Simon Spillane, the head of operations at the lobby group, said brewers already led the way on packaging.',
  'If binding targets in the PPWR apply to beer, there is a legal obligation that applies to all categories.',
  'The company said kegs being reused about 165 times were crushed and recycled after 30 years.',
  'Masterfully working across subject matter, Siso has produced landscapes rendered in acrylic and pastel.',
  'Siso titles his illustrations in a mix of Spanish and English.',
  'Moderate Republicans who backed the deal see that stance as unrealistic.',
  'World War I ended in 1918, and I was told the museum near the station holds its records.',
  'The fund included bonds known as green bonds, which investors bought till the market closed.',
  'Dockworkers said they would strike near the port, as negotiators enter a second week of talks.',
];

const pools: ApertiumPool[] = [];
afterAll(() => {
  for (const pool of pools) pool.stop();
});
const newPool = (processes = 1) => {
  const pool = new ApertiumPool(processes);
  pools.push(pool);
  return pool;
};
const MODE = 'eng-spa';

/** Each text in a flush of its own, on a new pipeline: what the text is alone. */
async function alone(): Promise<string[]> {
  const answers: string[] = [];
  for (const text of TEXTS) {
    const pool = newPool();
    answers.push(await pool.translate(MODE, text));
    pool.stop();
  }
  return answers;
}

describe('one translation per text on the local engine', () => {
  it('gives every text the answer it gets alone: in batches of several sizes and orders, again, and concurrently', async () => {
    const expected = await alone();
    const pool = newPool();
    // All at once (one flush after the first), twice: the second time through the same tagger.
    for (let round = 0; round < 2; round++)
      expect(await Promise.all(TEXTS.map((t) => pool.translate(MODE, t)))).toEqual(expected);
    // Reversed, and in chunks of 2, 3 and 5 sent one after the other.
    const reversed = await Promise.all([...TEXTS].reverse().map((t) => pool.translate(MODE, t)));
    expect(reversed.reverse()).toEqual(expected);
    for (const size of [2, 3, 5]) {
      const answers: string[] = [];
      for (let i = 0; i < TEXTS.length; i += size)
        answers.push(...(await Promise.all(TEXTS.slice(i, i + size).map((t) => pool.translate(MODE, t)))));
      expect(answers).toEqual(expected);
    }
    // Two pipelines answering interleaved requests at once, each text three times.
    const two = newPool(2);
    const indexes = [...TEXTS.keys(), ...[...TEXTS.keys()].reverse(), ...TEXTS.keys()];
    const answers = await Promise.all(indexes.map((i) => two.translate(MODE, TEXTS[i] ?? '')));
    expect(answers).toEqual(indexes.map((i) => expected[i]));
  }, 60_000);
});

describe('ambiguity classes the tagger does not know', () => {
  it('are read from the tagger’s debug report, word by word', () => {
    const answer =
      "Error: A new ambiguity class was found.\nRetraining the tagger is necessary.\nWord 'p1'.\nNew ambiguity class: {NUM,PRNSUBJ}\n^x<adv>$";
    expect(novelWords(answer)).toEqual(new Set([1]));
    expect(probeStream([['near<adv>', 'near<pr>']])).toBe('^p0/near<adv>/near<pr>$^./.<sent>$ ');
  });

  it('lose the least likely reading first: a numeral, then an adverb, verbs last', () => {
    expect(withOneDropped(['I<num><mf><sg>', 'prpers<prn><subj><p1><mf><sg>'])[0]).toEqual([
      'prpers<prn><subj><p1><mf><sg>',
    ]);
    expect(
      withOneDropped(['included<adj>', 'included<adv>', 'include<vblex><past>', 'include<vblex><pp>'])[0],
    ).toEqual(['included<adj>', 'include<vblex><past>', 'include<vblex><pp>']);
  });
});
