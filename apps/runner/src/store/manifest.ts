import { BattleInputSchema, IdSchema, TimestampSchema } from '@ringside/shared';
import { z } from 'zod';
import { readJsonFile } from './json-file.ts';

/** `manifest.json` of a results folder: the battle, its slots and their states. */

/**
 * The state of one slot (one expected result). `done`, `error` and `stopped` with a result file
 * follow that result's status; `running` is what a process was doing when it last wrote.
 */
export const SlotStateSchema = z.enum(['pending', 'running', 'done', 'error', 'stopped']);
export type SlotState = z.infer<typeof SlotStateSchema>;

export const SlotSchema = z.object({ state: SlotStateSchema, updatedAt: TimestampSchema }).strict();
export type Slot = z.infer<typeof SlotSchema>;

export const MANIFEST_FORMAT = 1;

export const ManifestSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    runnerVersion: z.string().min(1).max(64),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
    /** The battle as it is PUT to the API; its `state` is the battle's state, its contestants the contestants. */
    battle: BattleInputSchema,
    /** Keyed by result id. */
    slots: z.record(IdSchema, SlotSchema),
  })
  .strict();
export type Manifest = z.infer<typeof ManifestSchema>;

export const MANIFEST_FILE = 'manifest.json';

/** Reads and validates a manifest; a missing, partial or invalid file is a StoreError naming it. */
export async function readManifest(path: string): Promise<Manifest> {
  return readJsonFile(path, ManifestSchema, { what: 'manifest', missing: 'not-a-results-folder' });
}
