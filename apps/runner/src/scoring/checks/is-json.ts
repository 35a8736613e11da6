/**
 * `is-json`: the output is JSON (whole, or one ```json block), and matches the value as a JSON
 * Schema when one is given. Schemas are compiled once by ajv in strict mode, so an invalid schema
 * or an unknown keyword is a suite error at load; `format` is not validated.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { parseJsonOutput } from './json-output.ts';
import { CheckConfigError, defineCheck, verdict } from './types.ts';

const ajv = new Ajv({ strict: true, allErrors: true, validateFormats: false });

export function compileSchema(value: unknown): ValidateFunction | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' && typeof value !== 'boolean')
    throw new CheckConfigError('value must be a JSON Schema object');
  try {
    return ajv.compile(value as object);
  } catch (error) {
    throw new CheckConfigError(
      `invalid JSON Schema: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export const isJsonCheck = defineCheck<ValidateFunction | null>({
  kind: 'pure',
  description: 'output is JSON, valid against the JSON Schema in the value when there is one',
  prepare: compileSchema,
  run: (output, { value: validate }) => {
    const parsed = parseJsonOutput(output);
    if (!parsed.ok) return verdict(false, `not JSON: ${parsed.error}`);
    const where = parsed.from === 'fenced' ? ' (in a ```json block)' : '';
    if (!validate) return verdict(true, `valid JSON${where}`);
    if (validate(parsed.value)) return verdict(true, `valid JSON matching the schema${where}`);
    const errors = (validate.errors ?? [])
      .slice(0, 3)
      .map((e) => `${e.instancePath || '/'} ${e.message}`)
      .join('; ');
    return verdict(false, `JSON does not match the schema: ${errors}`);
  },
});
