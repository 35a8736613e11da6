import { z } from 'zod';

/** Why a model call failed; a failed call is a result with an error, never a crash (STYLE rule 9). */
export const ResultErrorKindSchema = z.enum([
  'connect-timeout',
  'first-token-timeout',
  'total-timeout',
  'connection-reset',
  'http-error',
  'rate-limited',
  'malformed-stream',
  'provider-error',
  'stopped',
  'unknown',
]);
export type ResultErrorKind = z.infer<typeof ResultErrorKindSchema>;

export const ResultErrorSchema = z
  .object({
    kind: ResultErrorKindSchema,
    message: z.string().max(4_000),
    status: z.number().int().min(100).max(599).optional(),
    retryable: z.boolean().default(false),
    attempts: z.number().int().min(1).optional(),
  })
  .strict();
export type ResultError = z.infer<typeof ResultErrorSchema>;
