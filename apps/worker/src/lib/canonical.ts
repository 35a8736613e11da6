import { type Result, sha256Hex } from '@ringside/shared';

export { sha256Hex };

/**
 * JSON with object keys sorted at every depth, so equal values hash equally whatever order a
 * client wrote them in. Same output as JSON.stringify for arrays, strings, numbers and null;
 * undefined object members are dropped and undefined array items become null, as there.
 * Iterative (an explicit stack of pending text and values), so no nesting overflows the call
 * stack: the schemas cap free-form JSON at 32 levels, but this must not be what breaks first.
 */
export function canonicalJson(value: unknown): string {
  let out = '';
  // Each entry is either text to write or a value to encode; popped from the end.
  const stack: ({ text: string } | { value: unknown })[] = [{ value }];
  while (stack.length > 0) {
    const top = stack.pop() as { text: string } | { value: unknown };
    if ('text' in top) {
      out += top.text;
      continue;
    }
    const v = top.value;
    if (v === null || typeof v !== 'object') {
      out += JSON.stringify(v) ?? 'null';
    } else if (Array.isArray(v)) {
      stack.push({ text: ']' });
      for (let i = v.length - 1; i >= 0; i--) {
        const item = v[i];
        stack.push({ value: item === undefined || typeof item === 'function' ? null : item });
        if (i > 0) stack.push({ text: ',' });
      }
      out += '[';
    } else {
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj)
        .sort()
        .filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function');
      stack.push({ text: '}' });
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push({ value: obj[key] });
        stack.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` });
      }
      out += '{';
    }
  }
  return out;
}

export const hashOf = (value: unknown) => sha256Hex(canonicalJson(value));

/**
 * Hash of a result as zod parsed it. zod builds its output objects in the order of the schema's
 * keys, whatever order the client used, so JSON.stringify is already canonical for them (and 8×
 * faster than `canonicalJson`); only the free-form records inside (evaluation details, telemetry
 * counters) keep the client's order and are sorted here.
 */
export function resultHash(r: Result): Promise<string> {
  const normalized = {
    ...r,
    evaluations: r.evaluations.map((e) =>
      e.details ? { ...e, details: JSON.parse(canonicalJson(e.details)) } : e,
    ),
    telemetry: r.telemetry?.counters
      ? { ...r.telemetry, counters: JSON.parse(canonicalJson(r.telemetry.counters)) }
      : r.telemetry,
  };
  return sha256Hex(JSON.stringify(normalized));
}
