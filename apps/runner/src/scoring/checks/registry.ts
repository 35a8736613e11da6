/**
 * The one registry of assertion types (PRODUCT F8). Any type may be negated with `not-`: the
 * score becomes 1 − score and the verdict flips (a threshold applies before the flip).
 */
import { containsChecks } from './contains.ts';
import { equalsCheck } from './equals.ts';
import { isJsonCheck } from './is-json.ts';
import { javascriptCheck } from './javascript.ts';
import { maxLatencyCheck, maxTokensCheck } from './metrics.ts';
import { regexCheck } from './regex.ts';
import { similarCheck } from './similar.ts';
import { CheckConfigError, type CheckDefinition } from './types.ts';

export const CHECKS: Readonly<Record<string, CheckDefinition>> = {
  equals: equalsCheck,
  ...containsChecks,
  regex: regexCheck,
  'is-json': isJsonCheck,
  'max-tokens': maxTokensCheck,
  'max-latency': maxLatencyCheck,
  similar: similarCheck,
  javascript: javascriptCheck,
};

export interface ResolvedCheck {
  /** the base type, without `not-` */
  base: string;
  negate: boolean;
  check: CheckDefinition;
}

export function resolveCheck(type: string): ResolvedCheck {
  const negate = type.startsWith('not-');
  const base = negate ? type.slice(4) : type;
  const check = Object.hasOwn(CHECKS, base) ? CHECKS[base] : undefined;
  if (!check) {
    throw new CheckConfigError(
      `unknown assertion type '${type}'; known: ${Object.keys(CHECKS).join(', ')} (each also as not-<type>)`,
    );
  }
  return { base, negate, check };
}
