/**
 * The public arena's wire shapes (PRODUCT F13–F15): the leaderboard and head-to-head reads, the
 * blind pair a visitor votes on, the vote and its reveal, and the moderation routes.
 */
import { z } from 'zod';
import { BattleTypeSchema } from './battle.ts';
import { IdSchema, TimestampSchema } from './ids.ts';
import { TaskCategorySchema } from './task.ts';

/**
 * Where pairwise outcomes come from, kept apart (PRODUCT §6): `auto` (higher task score wins),
 * `judge` (LLM-judge verdicts), `human` (blind votes), and `blend`, which per pair of answers
 * takes the human votes where any exist, else the judge's verdicts, else the automatic outcome.
 */
export const RatingSourceSchema = z.enum(['auto', 'judge', 'human', 'blend']);
export type RatingSource = z.infer<typeof RatingSourceSchema>;

/** `model`: provider:model (personas pooled); `contestant`: provider:model#persona. */
export const RatingScopeSchema = z.enum(['model', 'contestant']);
export type RatingScope = z.infer<typeof RatingScopeSchema>;

export const BLEND_RULE =
  'per pair of answers (battle, task, repeat, two contestants): the human votes where any exist, else the LLM-judge verdicts, else the automatic score';

/**
 * What a judge evaluation must carry in `details` to count as a verdict for the `judge` source:
 * the winning contestant id (null with `tie: true` for a tie), and the contestants it compared in
 * `order` (all of the task's answers when absent). It is the rating-relevant part of the runner's
 * `JudgeVerdict`; a verdict with `status: 'error'` or neither a winner nor a tie is ignored.
 * A winner beats every other compared answer; pairs among the losers are not counted (the judge
 * did not rank them); a tie makes every compared pair a tie.
 */
export const JudgeOutcomeSchema = z
  .object({
    status: z.enum(['ok', 'error']).optional(),
    winner: z.string().min(1).nullable(),
    tie: z.boolean().optional(),
    order: z.array(z.object({ contestantId: z.string().min(1) }).loose()).optional(),
  })
  .loose();
export type JudgeOutcome = z.infer<typeof JudgeOutcomeSchema>;

export const LeaderboardQuerySchema = z
  .object({
    source: RatingSourceSchema.default('blend'),
    scope: RatingScopeSchema.default('model'),
    category: TaskCategorySchema.optional(),
    type: BattleTypeSchema.optional(),
  })
  .refine((q) => !(q.category && q.type), {
    message: 'filter by category or by battle type, not both',
    path: ['type'],
  });
export type LeaderboardQuery = z.infer<typeof LeaderboardQuerySchema>;

const count = z.number().int().min(0);
const median = z.number().nullable();

export const LeaderboardRowSchema = z.object({
  /** CI-aware: 1 + the number of rows whose q025 is above this row's q975. */
  rank: z.number().int().min(1),
  /** provider:model, or provider:model#persona at contestant scope. */
  key: z.string(),
  provider: z.string(),
  model: z.string(),
  persona: z.string().nullable(),
  /**
   * Bradley–Terry MLE, scale 400, base 10; the mean of the keys with at least 10 battles (all
   * keys while fewer than two have that many) is 1000.
   */
  rating: z.number(),
  q025: z.number(),
  q975: z.number(),
  /** Bootstrap median. */
  median: z.number(),
  /** Online Elo (K = 4), shown beside the MLE. */
  elo: z.number(),
  wins: count,
  losses: count,
  ties: count,
  /** Pairwise outcomes the row took part in (for `human`: votes). */
  outcomes: count,
  /** Distinct battles. */
  battles: count,
  /** (wins + ties / 2) / outcomes. */
  winRate: z.number().min(0).max(1),
  /** Medians over the row's ok results in this slice (null where no result measured it). */
  ttftMsP50: median,
  decodeTpsP50: median,
  speedResults: count,
});
export type LeaderboardRow = z.infer<typeof LeaderboardRowSchema>;

/** A key whose rating does not exist yet: it won, or lost, every comparison it had. */
export const UnratedRowSchema = LeaderboardRowSchema.pick({
  key: true,
  provider: true,
  model: true,
  persona: true,
  wins: true,
  losses: true,
  ties: true,
  outcomes: true,
  battles: true,
});

export const BlendInfoSchema = z.object({
  sources: z.array(RatingSourceSchema.exclude(['blend'])),
  rule: z.string(),
  /** Pairwise outcomes the blend took from each source. */
  outcomes: z.object({ human: count, judge: count, auto: count }),
});

export const LeaderboardSchema = z.object({
  source: RatingSourceSchema,
  scope: RatingScopeSchema,
  category: TaskCategorySchema.nullable(),
  type: BattleTypeSchema.nullable(),
  /** When the ratings were computed; null until the first recompute ran. */
  computedAt: TimestampSchema.nullable(),
  /** When the speed medians were computed. */
  speedComputedAt: TimestampSchema.nullable(),
  /** Bootstrap: rounds, seed, and the resampled unit (whole battles). */
  rounds: count,
  seed: count,
  resample: z.literal('battle'),
  outcomes: count,
  battles: count,
  blend: BlendInfoSchema.nullable(),
  rows: z.array(LeaderboardRowSchema),
  /** Keys with outcomes but no finite rating yet (every comparison won, or every one lost). */
  unrated: z.array(UnratedRowSchema),
});
export type Leaderboard = z.infer<typeof LeaderboardSchema>;

export const HeadToHeadQuerySchema = z
  .object({
    a: z.string().min(1).max(400),
    b: z.string().min(1).max(400),
    source: RatingSourceSchema.default('blend'),
    scope: RatingScopeSchema.default('model'),
  })
  .refine((q) => q.a !== q.b, { message: 'compare two different keys', path: ['b'] });

export const HeadToHeadSchema = z.object({
  a: z.string(),
  b: z.string(),
  source: RatingSourceSchema,
  scope: RatingScopeSchema,
  computedAt: TimestampSchema.nullable(),
  /** The 2 × 2 win matrix: `wins[i][j]` = points i took from j (ties give each side ½). */
  matrix: z.object({
    keys: z.tuple([z.string(), z.string()]),
    wins: z.tuple([z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number()])]),
  }),
  aWins: count,
  bWins: count,
  ties: count,
  outcomes: count,
  /** P(a beats b) from the two Bradley–Terry ratings; null unless both are rated. */
  expectedAWinRate: z.number().min(0).max(1).nullable(),
  ratings: z.object({ a: LeaderboardRowSchema.nullable(), b: LeaderboardRowSchema.nullable() }),
  /** Battles both took part in, newest first (at most 50). */
  sharedBattles: z.array(
    z.object({ id: z.string(), title: z.string(), type: BattleTypeSchema, createdAt: TimestampSchema }),
  ),
});
export type HeadToHead = z.infer<typeof HeadToHeadSchema>;

/**
 * One answer of a blind pair: its text and about how fast it came, nothing that names who wrote
 * it. Times are rounded to 1-2-5 steps (…, 100, 200, 500, 1000 ms, …) and the token count is left
 * out (null): exact figures would find the answer's result, and so its model, in other reads.
 */
export const ArenaAnswerSchema = z.object({
  text: z.string(),
  ttftMs: z.number().nullable(),
  e2eMs: z.number().nullable(),
  outputTokens: z.number().int().nullable(),
});

/** `GET /api/arena/pair`: two answers to one task, identities hidden behind an opaque token. */
export const ArenaPairSchema = z.object({
  /** Opaque, encrypted and authenticated; bound to the voter's cookie; send it back with the vote. */
  token: z.string(),
  expiresAt: TimestampSchema,
  battleType: BattleTypeSchema,
  task: z.object({ category: TaskCategorySchema, prompt: z.string(), system: z.string().nullable() }),
  a: ArenaAnswerSchema,
  b: ArenaAnswerSchema,
});
export type ArenaPair = z.infer<typeof ArenaPairSchema>;

export const VoteChoiceSchema = z.enum(['a', 'b', 'tie', 'bothbad']);
export type VoteChoice = z.infer<typeof VoteChoiceSchema>;
const DimensionChoice = z.enum(['a', 'b', 'tie']);
export const VoteDimensionsSchema = z
  .object({
    correctness: DimensionChoice.optional(),
    helpfulness: DimensionChoice.optional(),
    style: DimensionChoice.optional(),
    speed: DimensionChoice.optional(),
  })
  .strict();
export type VoteDimensions = z.infer<typeof VoteDimensionsSchema>;

export const ArenaVoteInputSchema = z
  .object({
    token: z.string().min(1).max(2_048),
    winner: VoteChoiceSchema,
    dimensions: VoteDimensionsSchema.default({}),
  })
  .strict();
export type ArenaVoteInput = z.input<typeof ArenaVoteInputSchema>;

const RevealedSchema = z.object({
  contestantId: z.string(),
  key: z.string(),
  provider: z.string(),
  model: z.string(),
  label: z.string().nullable(),
  persona: z.string().nullable(),
});

/** `POST /api/arena/votes`: the vote as stored and, only now, who A and B were. */
export const ArenaVoteResponseSchema = z.object({
  vote: z.object({
    id: z.string(),
    winner: VoteChoiceSchema,
    dimensions: VoteDimensionsSchema,
    createdAt: TimestampSchema,
  }),
  /** True when this voter had already cast this same vote on this pair (a retry): nothing new was stored. */
  duplicate: z.boolean(),
  reveal: z.object({ battleId: IdSchema, taskId: IdSchema, a: RevealedSchema, b: RevealedSchema }),
});
export type ArenaVoteResponse = z.infer<typeof ArenaVoteResponseSchema>;

/** Admin: discard the votes of one voter cookie, or of every voter seen from one IP hash. */
export const ArenaDiscardInputSchema = z
  .object({
    voterId: z.string().min(1).max(128).optional(),
    ipHash: z.string().min(1).max(128).optional(),
  })
  .strict()
  .refine((d) => d.voterId !== undefined || d.ipHash !== undefined, {
    message: 'name a voterId or an ipHash',
  });
export const ArenaDiscardResponseSchema = z.object({ discarded: count });

export const ArenaVoterSchema = z.object({
  voterId: z.string(),
  ipHash: z.string(),
  votes: count,
  discarded: count,
  firstAt: TimestampSchema,
  lastAt: TimestampSchema,
});
export type ArenaVoter = z.infer<typeof ArenaVoterSchema>;

export const ArenaVotersQuerySchema = z.object({
  since: TimestampSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Admin: `POST /api/leaderboard/recompute?budgetMs=` runs the scheduled job now, for this long at most. */
export const LeaderboardRecomputeQuerySchema = z.object({
  budgetMs: z.coerce.number().int().min(0).max(600_000).default(60_000),
});

/** Admin: what one recompute did (the cron does the same on its schedule). */
export const LeaderboardRecomputeSchema = z.object({
  ms: z.number(),
  pool: z.object({ battlesScanned: count, pairsAdded: count, answersExcluded: count }),
  computed: z.array(z.object({ kind: z.string(), slice: z.string(), outcomes: count, ms: z.number() })),
  /** Snapshots still stale when the time budget ran out; the next run continues with them. */
  remaining: count,
});
export type LeaderboardRecompute = z.infer<typeof LeaderboardRecomputeSchema>;

export const PairsExportQuerySchema = z
  .object({
    source: RatingSourceSchema.default('human'),
    scope: RatingScopeSchema.default('model'),
    category: TaskCategorySchema.optional(),
    type: BattleTypeSchema.optional(),
  })
  .refine((q) => !(q.category && q.type), {
    message: 'filter by category or by battle type, not both',
    path: ['type'],
  });
