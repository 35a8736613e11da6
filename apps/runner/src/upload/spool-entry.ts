import { randomBytes } from 'node:crypto';
import {
  BattleInputSchema,
  BattlePatchSchema,
  IdSchema,
  MAX_RESULTS_PER_BATCH,
  ResultSchema,
  TimestampSchema,
} from '@ringside/shared';
import { z } from 'zod';

/** The files of the upload spool: one pending request each, and what a refused one becomes. */

export const SpoolPayloadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('battle-put'), battle: BattleInputSchema }).strict(),
  z.object({ kind: z.literal('battle-patch'), battleId: IdSchema, patch: BattlePatchSchema }).strict(),
  z
    .object({
      kind: z.literal('results'),
      battle: BattleInputSchema.optional(),
      results: z.array(ResultSchema).min(1).max(MAX_RESULTS_PER_BATCH),
    })
    .strict(),
]);
export type SpoolPayload = z.infer<typeof SpoolPayloadSchema>;
export type SpoolPayloadInput = z.input<typeof SpoolPayloadSchema>;

export const SpoolEntrySchema = z
  .object({ format: z.literal(1), enqueuedAt: TimestampSchema, payload: SpoolPayloadSchema })
  .strict();
export type SpoolEntry = z.infer<typeof SpoolEntrySchema>;

export const RejectionSchema = z
  .object({
    at: TimestampSchema,
    /** an UploadFailure kind, or 'unreadable' for a spool file that could not be parsed */
    kind: z.string(),
    status: z.number().int().nullable(),
    code: z.string(),
    message: z.string(),
    ids: z.array(z.string()),
  })
  .strict();
export type Rejection = z.infer<typeof RejectionSchema>;

/** A payload the API refused for good, kept in `rejected/` with the reason (`raw` when unparsable). */
export const RejectedEntrySchema = z
  .object({
    format: z.literal(1),
    rejection: RejectionSchema,
    entry: SpoolEntrySchema.nullable(),
    raw: z.string().optional(),
  })
  .strict();
export type RejectedEntry = z.infer<typeof RejectedEntrySchema>;

/**
 * `<15-digit ms>-<9-digit sequence>-<random>.json`: names sort in the order entries were enqueued
 * (the stamp never goes below the newest entry already there, even if the clock does), and the
 * random part keeps two writers in one millisecond apart.
 */
const ENTRY_NAME = /^(\d{15})-(\d{9})-[0-9a-f]{8}\.json$/;

export function isEntryName(name: string): boolean {
  return ENTRY_NAME.test(name);
}

export function entryStamp(name: string): number {
  return Number(ENTRY_NAME.exec(name)?.[1] ?? 0);
}

export function entryName(stampMs: number, sequence: number): string {
  const stamp = String(Math.max(0, Math.floor(stampMs))).padStart(15, '0');
  const seq = String(sequence % 1e9).padStart(9, '0');
  return `${stamp}-${seq}-${randomBytes(4).toString('hex')}.json`;
}
