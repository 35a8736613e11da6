/**
 * `equals`: a string value matches the output exactly once surrounding whitespace is trimmed;
 * any other JSON value is compared with the output parsed as JSON (deep equality).
 */
import { isDeepStrictEqual } from 'node:util';
import { parseJsonOutput } from './json-output.ts';
import { CheckConfigError, defineCheck, quote, verdict } from './types.ts';

export const equalsCheck = defineCheck<{ text: string } | { json: unknown }>({
  kind: 'pure',
  description: 'output equals the value (trimmed text, or deep-equal JSON)',
  prepare: (value) => {
    if (value === undefined) throw new CheckConfigError('value is required');
    return typeof value === 'string' ? { text: value.trim() } : { json: value };
  },
  run: (output, { value }) => {
    if ('text' in value) {
      const same = output.trim() === value.text;
      return verdict(same, same ? 'equal' : `expected ${quote(value.text)}, got ${quote(output.trim())}`);
    }
    const parsed = parseJsonOutput(output);
    if (!parsed.ok) return verdict(false, `output is not JSON: ${parsed.error}`);
    const same = isDeepStrictEqual(parsed.value, value.json);
    return verdict(same, same ? 'equal JSON' : `expected ${quote(JSON.stringify(value.json))}`);
  },
});
