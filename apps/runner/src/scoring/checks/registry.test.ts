import { describe, expect, it } from 'vitest';
import { configError, evaluate } from '../../../test/checks.ts';
import { CHECKS, resolveCheck } from './registry.ts';

describe('assertion registry', () => {
  it('holds every type PRODUCT F8 names', () => {
    expect(Object.keys(CHECKS).sort()).toEqual(
      [
        'contains',
        'contains-all',
        'contains-any',
        'equals',
        'icontains',
        'icontains-all',
        'icontains-any',
        'is-json',
        'javascript',
        'max-latency',
        'max-tokens',
        'regex',
        'similar',
      ].sort(),
    );
  });

  it('resolves not-<type> to the base type, negated', () => {
    expect(resolveCheck('not-regex')).toMatchObject({ base: 'regex', negate: true });
    expect(resolveCheck('equals')).toMatchObject({ base: 'equals', negate: false });
  });

  it('rejects an unknown type at load, listing the known ones', () => {
    expect(configError({ type: 'containz', value: 'x' })).toMatch(
      /assertions.0.type: unknown assertion type 'containz'; known: equals, contains/,
    );
    expect(configError({ type: 'not-tostring', value: 'x' })).toMatch(/unknown assertion type/);
  });

  it('negation flips the score too, so partial credit inverts', async () => {
    expect(await evaluate({ type: 'not-contains-all', value: ['a', 'b', 'c', 'd'] }, 'a')).toMatchObject({
      pass: true,
      score: 0.75,
    });
  });
});
