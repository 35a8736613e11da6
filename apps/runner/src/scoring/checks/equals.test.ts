import { describe, expect, it } from 'vitest';
import { configError, evaluate } from '../../../test/checks.ts';

describe('equals', () => {
  it('matches a string exactly once surrounding whitespace is trimmed', async () => {
    expect(await evaluate({ type: 'equals', value: '42' }, ' 42\n')).toMatchObject({ pass: true });
    expect(await evaluate({ type: 'equals', value: '42' }, '42.')).toMatchObject({ pass: false });
    expect(await evaluate({ type: 'equals', value: 'Yes' }, 'yes')).toMatchObject({ pass: false });
  });

  it('compares a JSON value deeply with the output parsed as JSON, fenced or not', async () => {
    const value = { a: [1, 2], b: 'x' };
    expect(await evaluate({ type: 'equals', value }, '{"b":"x","a":[1,2]}')).toMatchObject({ pass: true });
    expect(await evaluate({ type: 'equals', value }, '```json\n{"a":[1,2],"b":"x"}\n```')).toMatchObject({
      pass: true,
    });
    expect(await evaluate({ type: 'equals', value }, '{"a":[2,1],"b":"x"}')).toMatchObject({ pass: false });
    const notJson = await evaluate({ type: 'equals', value: 3 }, 'three');
    expect(notJson).toMatchObject({ pass: false });
    expect('reason' in notJson && notJson.reason).toContain('not JSON');
  });

  it('not-equals inverts the verdict', async () => {
    expect(await evaluate({ type: 'not-equals', value: 'no' }, 'yes')).toMatchObject({
      pass: true,
      score: 1,
    });
  });

  it('requires a value at load', () => {
    expect(configError({ type: 'equals' })).toMatch(/value is required/);
  });
});
