import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EvaluationSchema } from './evaluation.ts';
import { jsonBoundsError, jsonValue, MAX_JSON_CHARS, MAX_JSON_DEPTH } from './json-value.ts';
import { SuiteSourceSchema, TaskSchema, TemplateVarsSchema } from './task.ts';
import { TelemetrySchema } from './telemetry.ts';

/** `depth` levels of arrays (or objects under `k`), built without recursion. */
function nested(depth: number, kind: 'array' | 'object' = 'array'): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { k: v };
  return v;
}

describe('jsonBoundsError', () => {
  it(`accepts ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1}, arrays and objects alike`, () => {
    for (const kind of ['array', 'object'] as const) {
      expect(jsonBoundsError(nested(MAX_JSON_DEPTH, kind))).toBeNull();
      expect(jsonBoundsError(nested(MAX_JSON_DEPTH + 1, kind))).toBe(
        `nested deeper than ${MAX_JSON_DEPTH} levels`,
      );
    }
  });

  it('refuses 1,000,000 levels without overflowing the stack', () => {
    expect(jsonBoundsError(nested(1_000_000))).toContain('deeper than');
  });

  it('counts about as many characters as JSON.stringify writes', () => {
    const v = { a: [1, 'two', null, true, { b: -0.5 }], longer: 'x'.repeat(100), e: [], o: {} };
    expect(jsonBoundsError(v, { maxChars: JSON.stringify(v).length + 5 })).toBeNull();
    expect(jsonBoundsError(v, { maxChars: JSON.stringify(v).length - 5 })).toContain('characters');
  });

  it(`refuses a value over ${MAX_JSON_CHARS} characters, in one string or in many small members`, () => {
    expect(jsonBoundsError('x'.repeat(MAX_JSON_CHARS))).toContain(`${MAX_JSON_CHARS} characters`);
    expect(jsonBoundsError(Array.from({ length: MAX_JSON_CHARS / 2 }, () => 0))).toContain('characters');
    expect(
      jsonBoundsError(Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`k${i}`, 1]))),
    ).toContain('characters');
  });

  it('takes scalars, and ends at a cycle (which only code, never JSON, can make)', () => {
    expect(jsonBoundsError(null)).toBeNull();
    expect(jsonBoundsError(42)).toBeNull();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(jsonBoundsError(cyclic)).toContain('deeper than');
  });
});

describe('free-form fields of the shared schemas', () => {
  const task = (value: unknown) => ({ id: 't', prompt: 'p', assertions: [{ type: 'equals', value }] });

  it('refuse a task assertion value nested too deep, naming the field and the limit', () => {
    const out = TaskSchema.safeParse(task(nested(10_000)));
    expect(out.success).toBe(false);
    expect(out.error?.issues[0]).toMatchObject({ path: ['assertions', 0, 'value'] });
    expect(out.error?.issues[0]?.message).toContain(`${MAX_JSON_DEPTH} levels`);
    expect(TaskSchema.safeParse(task(nested(MAX_JSON_DEPTH))).success).toBe(true);
    expect(SuiteSourceSchema.safeParse({ name: 's', tasks: [task(nested(1_001))] }).success).toBe(false);
  });

  it('refuse evaluation details nested too deep or too large', () => {
    const base = { source: 'check', evaluator: 'x' };
    expect(EvaluationSchema.safeParse({ ...base, details: { d: nested(1_001) } }).success).toBe(false);
    expect(EvaluationSchema.safeParse({ ...base, details: { d: 'x'.repeat(MAX_JSON_CHARS) } }).success).toBe(
      false,
    );
    expect(EvaluationSchema.safeParse({ ...base, details: { d: nested(30) } }).success).toBe(true);
  });

  it('refuse telemetry counters and template vars past the size limit', () => {
    const many = Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`k${i}`, i]));
    expect(TelemetrySchema.safeParse({ source: 'ci', counters: many }).success).toBe(false);
    expect(TemplateVarsSchema.safeParse(many).success).toBe(false);
    expect(TelemetrySchema.safeParse({ source: 'ci', counters: { toolCalls: 3 } }).success).toBe(true);
  });

  it('keep the JSON Schema of a free-form value open (any JSON), so the OpenAPI document still builds', () => {
    expect(jsonValue().safeParse({ any: ['shape', 1, null] }).success).toBe(true);
    const schema = z.toJSONSchema(jsonValue(), { io: 'input' }) as Record<string, unknown>;
    expect(schema.type).toBeUndefined();
    expect(() => z.toJSONSchema(SuiteSourceSchema, { io: 'input', unrepresentable: 'any' })).not.toThrow();
  });
});
