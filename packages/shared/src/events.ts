import { z } from 'zod';
import { BattleTypeSchema } from './battle.ts';
import { ContestantSchema, ContestantViewSchema } from './contestant.ts';
import { IdSchema, TimestampSchema } from './ids.ts';
import { MetricsSchema } from './metrics.ts';
import { ResultStatusSchema } from './result.ts';
import { ResultErrorSchema } from './result-error.ts';

/**
 * Live frames of a battle (PRODUCT F16): what the runner publishes and viewers receive, and what
 * the runner's own terminal view consumes. `type`s are noun-verb.
 */
const base = { battleId: IdSchema, at: TimestampSchema };
const slot = {
  ...base,
  contestantId: IdSchema,
  taskId: IdSchema,
  repeat: z.number().int().min(0).default(0),
};

export const BattleStartEventSchema = z.object({
  type: z.literal('battle-start'),
  ...base,
  title: z.string().max(500),
  battleType: BattleTypeSchema,
  contestants: z.array(ContestantSchema).min(1).max(8),
  tasks: z
    .array(z.object({ id: IdSchema, prompt: z.string().max(200_000) }))
    .min(1)
    .max(1_000, 'at most 1000 tasks per battle'),
});
export type BattleStartEvent = z.infer<typeof BattleStartEventSchema>;

/**
 * `battle-start` as a viewer gets it: while the battle is blind (PRODUCT F13) a viewer who is
 * neither its owner nor an admin gets sealed contestants and a neutral title if its own names one.
 */
export const BattleStartViewSchema = BattleStartEventSchema.extend({
  contestants: z.array(ContestantViewSchema).min(1).max(8),
});
export type BattleStartView = z.infer<typeof BattleStartViewSchema>;

export const ContestantStartEventSchema = z.object({ type: z.literal('contestant-start'), ...slot });

/** Model load/swap finished before the request: its time is kept apart from TTFT. */
export const ContestantLoadEventSchema = z.object({
  type: z.literal('contestant-load'),
  ...slot,
  loadMs: z.number().min(0),
});

/**
 * New text since the previous frame of this contestant (coalesced, ~50 ms), with the arrival times
 * (ms since the request was sent) and sizes of the chunks it carries. `seq` counts frames per slot.
 */
export const TokenDeltaEventSchema = z.object({
  type: z.literal('token-delta'),
  ...slot,
  seq: z.number().int().min(0),
  text: z.string().max(1_000_000),
  offsetsMs: z.array(z.number().min(0)).max(100_000),
  chars: z.array(z.number().int().min(0)).max(100_000),
  tokens: z.number().int().min(0),
});

export const ResultEndEventSchema = z.object({
  type: z.literal('result-end'),
  ...slot,
  status: ResultStatusSchema,
  metrics: MetricsSchema,
  error: ResultErrorSchema.nullable(),
});

export const ContestantErrorEventSchema = z.object({
  type: z.literal('contestant-error'),
  ...slot,
  error: ResultErrorSchema,
});

export const BattleEndEventSchema = z.object({
  type: z.literal('battle-end'),
  ...base,
  state: z.enum(['done', 'failed']),
});

export const BattleStopEventSchema = z.object({
  type: z.literal('battle-stop'),
  ...base,
  reason: z.string().max(1_000).optional(),
});

export const BattleEventSchema = z.discriminatedUnion('type', [
  BattleStartEventSchema,
  ContestantStartEventSchema,
  ContestantLoadEventSchema,
  TokenDeltaEventSchema,
  ResultEndEventSchema,
  ContestantErrorEventSchema,
  BattleEndEventSchema,
  BattleStopEventSchema,
]);
export type BattleEvent = z.infer<typeof BattleEventSchema>;
export type BattleEventInput = z.input<typeof BattleEventSchema>;
export type BattleEventType = BattleEvent['type'];

/** What a viewer who joins late gets first: the state so far, not every old frame. */
export const SnapshotSlotSchema = z.object({
  contestantId: IdSchema,
  taskId: IdSchema,
  repeat: z.number().int().min(0),
  phase: z.enum(['loading', 'streaming', 'done', 'error', 'stopped']),
  text: z.string(),
  tokens: z.number().int().min(0),
  /** arrival of the first and the latest chunk, ms since the request: live TTFT and tok/s */
  firstOffsetMs: z.number().min(0).nullable(),
  lastOffsetMs: z.number().min(0).nullable(),
  loadMs: z.number().min(0).nullable(),
  metrics: MetricsSchema.nullable(),
  error: ResultErrorSchema.nullable(),
});
export type SnapshotSlot = z.infer<typeof SnapshotSlotSchema>;

export const BattleSnapshotEventSchema = z.object({
  type: z.literal('battle-snapshot'),
  battleId: IdSchema,
  at: TimestampSchema,
  start: BattleStartViewSchema.nullable(),
  state: z.enum(['running', 'done', 'failed', 'stopped']),
  slots: z.array(SnapshotSlotSchema),
  /**
   * True for a viewer of a blind battle: contestants are letters, texts are empty and token
   * deltas carry no text (the battle page shows the answers it may once the battle is done).
   * Absent or false: the full frames.
   */
  sealed: z.boolean().optional(),
});
export type BattleSnapshotEvent = z.infer<typeof BattleSnapshotEventSchema>;

/** Everything a viewer socket may receive: the snapshot first, then live battle events. */
export const ViewerFrameSchema = z.discriminatedUnion('type', [
  BattleSnapshotEventSchema,
  BattleStartViewSchema,
  ContestantStartEventSchema,
  ContestantLoadEventSchema,
  TokenDeltaEventSchema,
  ResultEndEventSchema,
  ContestantErrorEventSchema,
  BattleEndEventSchema,
  BattleStopEventSchema,
]);
export type ViewerFrame = z.infer<typeof ViewerFrameSchema>;

/**
 * A viewer that connects with `?batch=1` gets every message as an array of frames: one WebSocket
 * message per published batch instead of one per frame (a room with many viewers sends several
 * times fewer messages). Without it, each message is one ViewerFrame.
 */
export const ViewerBatchSchema = z.array(ViewerFrameSchema).min(1);
export type ViewerBatch = z.infer<typeof ViewerBatchSchema>;
