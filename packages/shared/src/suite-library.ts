import { z } from 'zod';
import { IdSchema, TimestampSchema } from './ids.ts';
import { SuiteSourceSchema } from './task.ts';

/** The suites library's read shapes (PRODUCT F5): `GET /api/suites` and `GET /api/suites/:name`. */

export const SuiteSummarySchema = z.object({
  name: IdSchema,
  version: z.string(),
  description: z.string().nullable(),
  /** task templates in the source (before `vars` expansion) */
  tasks: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: TimestampSchema,
});
export type SuiteSummary = z.infer<typeof SuiteSummarySchema>;

export const SuiteListSchema = z.object({
  items: z.array(SuiteSummarySchema.extend({ versions: z.number().int() })),
});

/** One saved version with its source; `versions` lists every saved version, newest first. */
export const StoredSuiteSchema = SuiteSummarySchema.extend({
  versions: z.array(z.string()).optional(),
  source: SuiteSourceSchema,
});
export type StoredSuite = z.infer<typeof StoredSuiteSchema>;
