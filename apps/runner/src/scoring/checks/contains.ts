/** `contains`, `icontains` and their `-all` / `-any` forms: substring checks on the output. */
import { CheckConfigError, type CheckDefinition, defineCheck, quote, verdict } from './types.ts';

function needle(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new CheckConfigError('value must be a non-empty string');
  return value;
}

function needles(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new CheckConfigError('value must be a non-empty list of strings');
  return value.map((v, i) => {
    if (typeof v !== 'string' || v.length === 0)
      throw new CheckConfigError(`value[${i}] must be a non-empty string`);
    return v;
  });
}

const fold = (s: string, ignoreCase: boolean) => (ignoreCase ? s.toLocaleLowerCase() : s);

function one(ignoreCase: boolean): CheckDefinition {
  return defineCheck<string>({
    kind: 'pure',
    description: `output contains the value${ignoreCase ? ', ignoring case' : ''}`,
    prepare: needle,
    run: (output, { value }) => {
      const found = fold(output, ignoreCase).includes(fold(value, ignoreCase));
      return verdict(found, `${found ? 'contains' : 'does not contain'} ${quote(value)}`);
    },
  });
}

/** `-all` scores the share of values found (partial credit) and passes when all are there. */
function many(ignoreCase: boolean, mode: 'all' | 'any'): CheckDefinition {
  return defineCheck<string[]>({
    kind: 'pure',
    description: `output contains ${mode} of the values${ignoreCase ? ', ignoring case' : ''}`,
    prepare: needles,
    run: (output, { value }) => {
      const text = fold(output, ignoreCase);
      const found = value.filter((v) => text.includes(fold(v, ignoreCase)));
      const missing = value.filter((v) => !found.includes(v));
      if (mode === 'any') {
        return found.length > 0
          ? verdict(true, `contains ${quote(found[0]!)}`)
          : verdict(false, `contains none of ${value.length} values`);
      }
      return verdict(
        missing.length === 0,
        missing.length === 0
          ? `contains all ${value.length} values`
          : `missing ${missing.length}/${value.length}: ${missing.map((m) => quote(m, 30)).join(', ')}`,
        found.length / value.length,
      );
    },
  });
}

export const containsChecks: Record<string, CheckDefinition> = {
  contains: one(false),
  icontains: one(true),
  'contains-all': many(false, 'all'),
  'contains-any': many(false, 'any'),
  'icontains-all': many(true, 'all'),
  'icontains-any': many(true, 'any'),
};
