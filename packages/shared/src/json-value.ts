import { z } from 'zod';

/**
 * Bounded free-form JSON (assertion values, evaluation details, counters): every field the API
 * takes without a fixed shape goes through these schemas. Unbounded nesting overflowed the
 * worker's stack (10,000 levels) or was stored where SQLite's JSON functions refuse it (over
 * 1,000 levels), so depth and size are checked here, once, without recursion.
 */

/** Most levels of arrays and objects in one free-form value (the value itself is level 1). */
export const MAX_JSON_DEPTH = 32;
/** Most characters one free-form value takes as JSON text (escapes not counted). */
export const MAX_JSON_CHARS = 256 * 1024;

export interface JsonLimits {
  maxDepth: number;
  maxChars: number;
}

/** What is wrong with a value's size or nesting, or null when it is within the limits. */
export function jsonBoundsError(value: unknown, limits: Partial<JsonLimits> = {}): string | null {
  const { maxDepth = MAX_JSON_DEPTH, maxChars = MAX_JSON_CHARS } = limits;
  // An explicit stack instead of recursion: a value as deep as the body allows cannot overflow it.
  const stack: [unknown, number][] = [[value, 1]];
  let chars = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v !== null && typeof v === 'object') {
      if (depth > maxDepth) return `nested deeper than ${maxDepth} levels`;
      if (Array.isArray(v)) {
        chars += 1 + Math.max(1, v.length);
        for (const item of v) stack.push([item, depth + 1]);
      } else {
        const entries = Object.entries(v);
        chars += 1 + Math.max(1, entries.length);
        for (const [key, item] of entries) {
          chars += key.length + 3;
          stack.push([item, depth + 1]);
        }
      }
    } else if (typeof v === 'string') chars += v.length + 2;
    else chars += typeof v === 'number' ? String(v).length : 5;
    if (chars > maxChars) return `larger than ${maxChars} characters of JSON`;
  }
  return null;
}

/** A zod check that refuses a value nested or sized past `limits`, naming the limit. */
export function jsonBounds(limits: Partial<JsonLimits> = {}) {
  return (value: unknown, ctx: z.RefinementCtx) => {
    const problem = jsonBoundsError(value, limits);
    if (problem) ctx.addIssue({ code: 'custom', message: `a free-form JSON value may not be ${problem}` });
  };
}

/** Any JSON value, within {@link MAX_JSON_DEPTH} and {@link MAX_JSON_CHARS} (or `limits`). */
export const jsonValue = (limits: Partial<JsonLimits> = {}) => z.unknown().superRefine(jsonBounds(limits));

/** A JSON object with free-form members, within the same limits. */
export const jsonObject = (limits: Partial<JsonLimits> = {}) =>
  z.record(z.string(), z.unknown()).superRefine(jsonBounds(limits));
