import { describe, expect, it } from 'vitest';
import { configError, evaluate } from '../../../test/checks.ts';

const schema = {
  type: 'object',
  required: ['name', 'tags'],
  properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
};

describe('is-json', () => {
  it('passes JSON output, whole or in one ```json block, and fails prose', async () => {
    expect(await evaluate({ type: 'is-json' }, '[1, 2]')).toMatchObject({ pass: true });
    expect(await evaluate({ type: 'is-json' }, 'Here:\n```json\n{"a": 1}\n```')).toMatchObject({
      pass: true,
    });
    expect(await evaluate({ type: 'is-json' }, 'I think {"a": 1}')).toMatchObject({ pass: false });
  });

  it('validates against the JSON Schema and says where it fails', async () => {
    expect(await evaluate({ type: 'is-json', value: schema }, '{"name": "x", "tags": ["a"]}')).toMatchObject({
      pass: true,
    });
    const bad = await evaluate({ type: 'is-json', value: schema }, '{"name": "x", "tags": [1]}');
    expect(bad).toMatchObject({ pass: false });
    expect('reason' in bad && bad.reason).toContain('/tags/0 must be string');
  });

  it('reports an invalid schema or an unknown keyword at load', () => {
    expect(configError({ type: 'is-json', value: { type: 'strnig' } })).toMatch(/invalid JSON Schema/);
    expect(configError({ type: 'is-json', value: { type: 'object', requried: ['a'] } })).toMatch(
      /invalid JSON Schema: .*unknown keyword/,
    );
    expect(configError({ type: 'is-json', value: 'object' })).toMatch(/JSON Schema object/);
  });
});
