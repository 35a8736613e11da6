/** `regex`: the output matches a pattern; value is the pattern, or `{ pattern, flags }`. */
import { CheckConfigError, defineCheck, quote, verdict } from './types.ts';

export function compileRegex(value: unknown): RegExp {
  const spec = typeof value === 'string' ? { pattern: value, flags: '' } : value;
  if (
    !spec ||
    typeof spec !== 'object' ||
    typeof (spec as { pattern?: unknown }).pattern !== 'string' ||
    !['string', 'undefined'].includes(typeof (spec as { flags?: unknown }).flags)
  ) {
    throw new CheckConfigError('value must be a pattern string or { pattern, flags }');
  }
  const { pattern, flags = '' } = spec as { pattern: string; flags?: string };
  // g and y make test() stateful between outputs: not allowed
  if (/[gy]/.test(flags)) throw new CheckConfigError(`flags '${flags}': g and y are not allowed`);
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw new CheckConfigError(`invalid regex: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const regexCheck = defineCheck<RegExp>({
  kind: 'pure',
  description: 'output matches the regular expression',
  prepare: compileRegex,
  run: (output, { value }) => {
    const match = value.exec(output);
    return match
      ? verdict(true, `matches ${value} at ${match.index}: ${quote(match[0], 40)}`)
      : verdict(false, `does not match ${value}`);
  },
});
