import { describe, expect, it } from 'vitest';
import { configError, evaluate } from '../../../test/checks.ts';

describe('contains / icontains', () => {
  it('contains is case-sensitive, icontains is not', async () => {
    expect(await evaluate({ type: 'contains', value: 'Paris' }, 'It is Paris.')).toMatchObject({
      pass: true,
      score: 1,
    });
    expect(await evaluate({ type: 'contains', value: 'paris' }, 'It is Paris.')).toMatchObject({
      pass: false,
      score: 0,
    });
    expect(await evaluate({ type: 'icontains', value: 'paris' }, 'It is PARIS.')).toMatchObject({
      pass: true,
    });
  });

  it('-all passes only with every value and gives partial credit for some', async () => {
    const all = { type: 'icontains-all', value: ['alpha', 'beta', 'gamma', 'delta'] };
    expect(await evaluate(all, 'Alpha beta gamma delta')).toMatchObject({ pass: true, score: 1 });
    const some = await evaluate(all, 'alpha and beta');
    expect(some).toMatchObject({ pass: false, score: 0.5 });
    expect('reason' in some && some.reason).toContain('missing 2/4');
    expect(await evaluate({ type: 'contains-all', value: ['A', 'b'] }, 'a b')).toMatchObject({ pass: false });
  });

  it('-any passes with one value and fails with none', async () => {
    expect(await evaluate({ type: 'contains-any', value: ['x', 'yes'] }, 'oh yes')).toMatchObject({
      pass: true,
    });
    expect(await evaluate({ type: 'icontains-any', value: ['X', 'Y'] }, 'none here')).toMatchObject({
      pass: false,
      score: 0,
    });
  });

  it('not-contains passes when the value is absent', async () => {
    expect(await evaluate({ type: 'not-icontains', value: 'as an ai' }, 'Here is the answer')).toMatchObject({
      pass: true,
      score: 1,
    });
    expect(await evaluate({ type: 'not-icontains', value: 'as an ai' }, 'As an AI, I…')).toMatchObject({
      pass: false,
    });
  });

  it('rejects an empty or missing value, and a non-list for -all, at load', () => {
    expect(configError({ type: 'contains', value: '' })).toMatch(
      /assertions.0.value: contains: value must be/,
    );
    expect(configError({ type: 'contains' })).toMatch(/non-empty string/);
    expect(configError({ type: 'contains-all', value: 'one' })).toMatch(/non-empty list/);
    expect(configError({ type: 'icontains-any', value: ['ok', 3] })).toMatch(/value\[1\]/);
  });
});
