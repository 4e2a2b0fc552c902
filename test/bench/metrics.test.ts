import { describe, expect, it } from 'vitest';
import { corpusBleu, corpusChrf, tokenize13a } from '../../bench/metrics/mt.ts';
import { rouge, rougeTokens } from '../../bench/metrics/rouge.ts';
import { scorePage, scoreSet } from '../../bench/metrics/shingles.ts';

describe('ROUGE (rouge-score compatible)', () => {
  it('matches a hand-computed case', () => {
    // ref: the cat sat on the mat / hyp: the cat lay on the mat
    // unigrams: 5 of 6 match -> F1 5/6; bigrams: the cat, on the, the mat = 3 of 5 -> 0.6; LCS 5 -> 5/6.
    const scores = rouge('The cat sat on the mat.', 'the cat lay on the mat', false);
    expect(scores.rouge1).toBeCloseTo(5 / 6, 10);
    expect(scores.rouge2).toBeCloseTo(0.6, 10);
    expect(scores.rougeL).toBeCloseTo(5 / 6, 10);
  });

  it('stems only tokens longer than three characters, with Porter', () => {
    expect(rougeTokens('Running dogs ran!', true)).toEqual(['run', 'dog', 'ran']);
    expect(rouge('running dogs', 'run dog', false).rouge1).toBe(0);
    expect(rouge('running dogs', 'run dog', true).rouge1).toBe(1);
  });
});

describe('sacreBLEU-compatible MT metrics', () => {
  it('chrF matches sacreBLEU’s published values', () => {
    expect(
      corpusChrf(
        ['The relationship between Obama and Netanyahu is not exactly friendly.'],
        ['The ties between Obama and Netanyahu are not particularly friendly.'],
      ),
    ).toBeCloseTo(61.576379378113785, 8);
    expect(
      corpusChrf(
        [
          'The relationship between cats and dogs is not exactly friendly.',
          'a good bookshop is just a genteel black hole that knows how to read.',
        ],
        [
          'The relationship between dogs and cats is not exactly friendly.',
          'A good bookshop is just a genteel Black Hole that knows how to read.',
        ],
      ),
    ).toBeCloseTo(84.64214891738334, 8);
  });

  it('BLEU matches sacreBLEU’s README example (two reference streams)', () => {
    const hyps = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
    const refs = [
      ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
      ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
    ];
    expect(corpusBleu(hyps, refs)).toBeCloseTo(48.530827009929865, 8);
  });

  it('tokenizes like mteval-v13a', () => {
    expect(tokenize13a('Hello, world! It costs $3.50 (or 3,000 yen) in 2024-25.')).toEqual([
      'Hello',
      ',',
      'world',
      '!',
      'It',
      'costs',
      '$',
      '3.50',
      '(',
      'or',
      '3,000',
      'yen',
      ')',
      'in',
      '2024',
      '-',
      '25',
      '.',
    ]);
  });
});

describe('article-body extraction metric (4-word shingles)', () => {
  it('scores a hand-computed page', () => {
    // truth: a b c d e -> shingles abcd, bcde; found: a b c d x -> abcd, bcdx: tp 1, fp 1, fn 1.
    expect(scorePage('a b c d e', 'a b c d x')).toEqual({ precision: 0.5, recall: 0.5 });
    expect(scorePage('One, two; three four!', 'one two three four')).toEqual({ precision: 0, recall: 0 });
    expect(scorePage('one two three four', 'one two three four')).toEqual({ precision: 1, recall: 1 });
    expect(scorePage('one two three four', '')).toEqual({ precision: 0, recall: 0 });
  });

  it('counts repeated shingles and averages precision and recall over pages', () => {
    // found: abcd twice, bcda, cdab, dabc; truth: abcd once -> tp 1 of 5.
    expect(scorePage('a b c d', 'a b c d a b c d').precision).toBeCloseTo(1 / 5, 10);
    const set = scoreSet([
      { precision: 1, recall: 0.5 },
      { precision: 0.5, recall: 1 },
    ]);
    expect(set).toEqual({ pages: 2, precision: 0.75, recall: 0.75, f1: 0.75 });
  });
});
