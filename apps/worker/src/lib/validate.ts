import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { ApiException, zodDetails } from './errors.ts';

/**
 * `zValidator` whose failures use the API's error shape and name every bad field. Malformed JSON
 * is turned into a 400 by Hono before the schema runs (see `onError`).
 */
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const where = target === 'json' ? 'body' : target;
      throw new ApiException(
        400,
        `invalid_${where}`,
        `the request ${where} is not valid`,
        zodDetails(result.error),
      );
    }
  });
}
