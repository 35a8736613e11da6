import { describe, expect, it } from 'vitest';
import { configError, evaluate } from '../../../test/checks.ts';
import { cosineSimilarity, tokens } from './similarity.ts';

describe('cosineSimilarity (term-frequency cosine over word tokens)', () => {
  it('is 1 for the same words in another order and 0 for disjoint words', () => {
    expect(cosineSimilarity('red green blue', 'Blue, GREEN; red!')).toBeCloseTo(1);
    expect(cosineSimilarity('red green', 'cat dog')).toBe(0);
    expect(cosineSimilarity('', 'cat')).toBe(0);
  });

  it('ignores stop words, so shared "the/of/and" do not make texts similar', () => {
    expect(tokens('The cost of the tower and the bridge')).toEqual(['cost', 'tower', 'bridge']);
    expect(cosineSimilarity('the cat of the house', 'the end of the road')).toBe(0);
  });

  it('grows with the share of shared words', () => {
    const ref = 'binary search halves the sorted range each step';
    const close = cosineSimilarity('binary search halves a sorted range at each step', ref);
    const far = cosineSimilarity('use a hash map to look the key up', ref);
    expect(close).toBeGreaterThan(0.8);
    expect(far).toBeLessThan(0.2);
  });
});

describe('similar', () => {
  const reference = 'Photosynthesis turns light, water and carbon dioxide into glucose and oxygen.';

  it('passes at 0.5 by default against the task reference, or at the given threshold', async () => {
    const answer = 'Plants use light to turn water and carbon dioxide into glucose, releasing oxygen.';
    const r = await evaluate({ type: 'similar' }, answer, { reference });
    expect(r).toMatchObject({ pass: true });
    expect('score' in r && r.score).toBeGreaterThan(0.5);
    expect(await evaluate({ type: 'similar', threshold: 0.99 }, answer, { reference })).toMatchObject({
      pass: false,
    });
    expect(await evaluate({ type: 'similar' }, 'I like trains.', { reference })).toMatchObject({
      pass: false,
    });
  });

  it('compares with the value instead of the reference when one is given', async () => {
    expect(await evaluate({ type: 'similar', value: 'trains are fast' }, 'fast trains')).toMatchObject({
      pass: true,
    });
  });

  it('not-similar passes for unrelated text (threshold applied before the negation)', async () => {
    expect(
      await evaluate({ type: 'not-similar', threshold: 0.3 }, 'I like trains.', { reference }),
    ).toMatchObject({
      pass: true,
    });
  });

  it('needs a reference at load', () => {
    expect(configError({ type: 'similar' })).toMatch(/needs a reference/);
  });
});
