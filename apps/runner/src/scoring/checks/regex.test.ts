import { describe, expect, it } from 'vitest';
import { configError, evaluate } from '../../../test/checks.ts';

describe('regex', () => {
  it('passes when the pattern matches anywhere, with flags from { pattern, flags }', async () => {
    expect(
      await evaluate({ type: 'regex', value: '\\b\\d{4}-\\d{2}-\\d{2}\\b' }, 'Due 2026-11-22.'),
    ).toMatchObject({
      pass: true,
    });
    expect(await evaluate({ type: 'regex', value: '^yes$' }, 'Yes')).toMatchObject({ pass: false });
    expect(
      await evaluate({ type: 'regex', value: { pattern: '^yes$', flags: 'im' } }, 'Well\nYES'),
    ).toMatchObject({
      pass: true,
    });
  });

  it('not-regex passes when nothing matches', async () => {
    expect(await evaluate({ type: 'not-regex', value: 'TODO|FIXME' }, 'done')).toMatchObject({ pass: true });
  });

  it('reports a pattern that does not compile, and stateful flags, at load', () => {
    expect(configError({ type: 'regex', value: '([a-z' })).toMatch(
      /invalid regex: Invalid regular expression: \/\(\[a-z\//,
    );
    expect(configError({ type: 'regex', value: { pattern: 'a', flags: 'g' } })).toMatch(/g and y/);
    expect(configError({ type: 'regex', value: { pattern: 'a', flags: 'q' } })).toMatch(/invalid regex/);
    expect(configError({ type: 'regex', value: 7 })).toMatch(/pattern string/);
  });
});
