import { z } from 'zod';
import { ContestantSchema, ContestantViewSchema } from './contestant.ts';
import { IdSchema, TimestampSchema } from './ids.ts';
import { TaskSchema } from './task.ts';

export const BattleTypeSchema = z.enum(['qa', 'coding', 'agent', 'suite']);
export type BattleType = z.infer<typeof BattleTypeSchema>;

export const BattleStateSchema = z.enum(['queued', 'running', 'judging', 'done', 'stopped', 'failed']);
export type BattleState = z.infer<typeof BattleStateSchema>;

/** Who produced the battle: a runner next to a GPU, or a CI job posting a batch (PRODUCT F22). */
export const BattleOriginSchema = z.enum(['runner', 'ci']);
export type BattleOrigin = z.infer<typeof BattleOriginSchema>;

/**
 * Allowed state changes (PRODUCT §3: queued → running → judging → done | stopped | failed; resumable).
 * A stopped or failed battle may be resumed (back to running); `done` is final.
 */
const TRANSITIONS: Record<BattleState, readonly BattleState[]> = {
  queued: ['running', 'stopped', 'failed'],
  running: ['judging', 'done', 'stopped', 'failed'],
  judging: ['done', 'stopped', 'failed'],
  stopped: ['running'],
  failed: ['running'],
  done: [],
};

/** True when a battle may move from `from` to `to`; staying in the same state is always allowed. */
export function canTransition(from: BattleState, to: BattleState): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export function isFinalState(state: BattleState): boolean {
  return state === 'done' || state === 'stopped' || state === 'failed';
}

/** CI metadata of a battle posted as a CI batch (PRODUCT F22). */
export const CiInfoSchema = z
  .object({
    commit: z.string().max(64).optional(),
    branch: z.string().max(256).optional(),
    // Only web links: the dashboard renders this as a link, and `javascript:` or `data:` would run there.
    url: z
      .url({ protocol: /^https?$/, error: 'an http or https URL' })
      .max(2_048, 'at most 2048 characters')
      .optional(),
    job: z.string().max(256).optional(),
  })
  .strict();
export type CiInfo = z.infer<typeof CiInfoSchema>;

/** What a runner or CI job sends to create or update a battle. */
export const BattleInputSchema = z
  .object({
    id: IdSchema,
    type: BattleTypeSchema,
    origin: BattleOriginSchema.default('runner'),
    title: z.string().min(1).max(500),
    state: BattleStateSchema.default('queued'),
    suite: z
      .object({ name: IdSchema, version: z.string().min(1).max(32) })
      .strict()
      .optional(),
    ci: CiInfoSchema.optional(),
    tasks: z.array(TaskSchema).min(1, 'at least one task').max(1_000, 'at most 1000 tasks per battle'),
    contestants: z
      .array(ContestantSchema)
      .min(1, 'a battle has 1 to 8 contestants')
      .max(8, 'a battle has 1 to 8 contestants'),
    createdAt: TimestampSchema.optional(),
    startedAt: TimestampSchema.optional(),
    endedAt: TimestampSchema.optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    // A runner battle puts 2–8 contestants against each other; a CI batch may measure a single one.
    if (b.origin === 'runner' && b.contestants.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['contestants'], message: 'a battle needs 2 to 8 contestants' });
    }
    for (const [key, list] of [
      ['contestants', b.contestants],
      ['tasks', b.tasks],
    ] as const) {
      const seen = new Set<string>();
      list.forEach((item, i) => {
        if (seen.has(item.id))
          ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `duplicate id '${item.id}'` });
        seen.add(item.id);
      });
    }
    if (b.origin === 'ci' && !b.suite) {
      ctx.addIssue({ code: 'custom', path: ['suite'], message: 'a CI batch names its suite' });
    }
  });
export type BattleInput = z.infer<typeof BattleInputSchema>;

/** A battle as the API serves it. */
export const BattleSchema = z.object({
  id: IdSchema,
  type: BattleTypeSchema,
  origin: BattleOriginSchema,
  title: z.string(),
  state: BattleStateSchema,
  suite: z.object({ name: z.string(), version: z.string() }).nullable(),
  ci: CiInfoSchema.nullable(),
  tasks: z.array(TaskSchema),
  contestants: z.array(ContestantSchema),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  startedAt: TimestampSchema.nullable(),
  endedAt: TimestampSchema.nullable(),
});
export type Battle = z.infer<typeof BattleSchema>;

/**
 * While a battle is blind (PRODUCT F13) a public read says so and until when. `revealAt` is null
 * until the battle has finished and entered the voting pool; enough votes end it sooner.
 */
export const SealInfoSchema = z.object({ revealAt: TimestampSchema.nullable() });
export type SealInfo = z.infer<typeof SealInfoSchema>;

/**
 * A battle as a read serves it: in full, or, while it is blind and the caller is neither its
 * owner nor an admin, with sealed contestants, no CI metadata, and a neutral title when its own
 * names a contestant.
 */
export const BattleViewSchema = BattleSchema.extend({
  contestants: z.array(ContestantViewSchema),
  sealed: SealInfoSchema.nullable().default(null),
});
export type BattleView = z.infer<typeof BattleViewSchema>;
export type BattleViewInput = z.input<typeof BattleViewSchema>;

/** `POST /api/battles/:id/reveal`: the battle's identities are public from `revealedAt`. */
export const RevealResponseSchema = z.object({ id: IdSchema, revealedAt: TimestampSchema.nullable() });
export type RevealResponse = z.infer<typeof RevealResponseSchema>;

/** The fields a state update may change (PATCH). */
export const BattlePatchSchema = z
  .object({
    state: BattleStateSchema.optional(),
    title: z.string().min(1).max(500).optional(),
    startedAt: TimestampSchema.optional(),
    endedAt: TimestampSchema.optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type BattlePatch = z.infer<typeof BattlePatchSchema>;
