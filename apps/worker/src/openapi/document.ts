import {
  ApiErrorSchema,
  ArenaDiscardInputSchema,
  ArenaDiscardResponseSchema,
  ArenaPairSchema,
  ArenaVoteInputSchema,
  ArenaVoteResponseSchema,
  ArenaVoterSchema,
  ArenaVotersQuerySchema,
  BatchComparisonSchema,
  BatchSummarySchema,
  BattleEventSchema,
  BattleInputSchema,
  BattlePatchSchema,
  BattleSchema,
  BattleViewSchema,
  CrossExaminationSchema,
  EvaluationSchema,
  EvaluationsPostResponseSchema,
  EvaluationsPostSchema,
  HeadToHeadQuerySchema,
  HeadToHeadSchema,
  HealthSchema,
  IngestResponseSchema,
  LeaderboardQuerySchema,
  LeaderboardRecomputeQuerySchema,
  LeaderboardRecomputeSchema,
  LeaderboardSchema,
  ModelSummarySchema,
  OwnerJudgementSchema,
  PairOutcomeLineSchema,
  PairsExportQuerySchema,
  pageSchema,
  ResultsBatchSchema,
  ResultsPostSchema,
  ResultViewSchema,
  RevealResponseSchema,
  StatsSchema,
  StoredCrossExaminationSchema,
  StoredResultSchema,
  StoredSuiteSchema,
  SuiteListSchema,
  SuiteSourceSchema,
  ViewerFrameSchema,
  WinnerOverrideInputSchema,
  WinnerOverrideSchema,
} from '@ringside/shared';
import { z } from 'zod';
import { LiveQuerySchema, MAX_EVENTS_PER_BATCH, PublishResponseSchema } from '../live/live-route.ts';
import { ListBatchesQuerySchema } from '../queries/batches.ts';
import { ListBattlesQuerySchema } from '../queries/battles-read.ts';
import { ExportBattlesQuerySchema } from '../queries/export-battles.ts';
import { ExportResultsQuerySchema } from '../queries/export-results.ts';
import { ListResultsQuerySchema } from '../queries/results-read.ts';
import { ListRunsQuerySchema } from '../queries/runs.ts';
import { StatsQuerySchema } from '../queries/stats.ts';
import { VERSION } from '../version.ts';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests
 * (PRODUCT F27). Each operation names its schemas; `z.toJSONSchema` does the rest.
 */

type Scope = 'ingest' | 'runner' | 'admin';
interface Operation {
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  status?: number;
  scopes?: Scope[];
  contentTypes?: string[];
}

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
/** Reads serve views: a blind battle is sealed for anyone but its owner and admins (PRODUCT F13). */
const BattleWithResults = BattleViewSchema.extend({
  results: z.array(ResultViewSchema),
  /** the owner's winner per task, beside (never instead of) the automatic winner */
  overrides: z.array(WinnerOverrideSchema),
  crossExaminations: z.array(StoredCrossExaminationSchema),
});

const paths: Record<string, Partial<Record<'get' | 'put' | 'patch' | 'post', Operation>>> = {
  '/api/health': { get: { summary: 'Version and D1 reachability', response: HealthSchema } },
  '/api/battles': {
    get: {
      summary: 'Battles, newest first, filtered and cursor-paginated',
      query: ListBattlesQuerySchema,
      response: pageSchema(BattleViewSchema),
    },
  },
  '/api/battles/{id}': {
    get: { summary: 'One battle with its contestants and results', response: BattleWithResults },
    put: {
      summary: 'Create or update a battle and its contestants',
      body: BattleInputSchema,
      response: BattleSchema,
      scopes: ['runner', 'ingest'],
    },
    patch: {
      summary: "Change a battle's state, title or times",
      body: BattlePatchSchema,
      response: BattleSchema,
      scopes: ['runner', 'ingest'],
    },
  },
  '/api/battles/{id}/reveal': {
    post: {
      summary:
        "Make a blind battle's identities public now (its owner or an admin); its pairs leave the voting pool",
      response: RevealResponseSchema,
      scopes: ['runner'],
    },
  },
  '/api/battles/{id}/events': {
    post: {
      summary:
        "Publish a running battle's live events, in order (runner token; a retried batch is safe: what the room already has is dropped)",
      body: z.array(BattleEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
      response: PublishResponseSchema,
      scopes: ['runner'],
    },
  },
  '/api/battles/{id}/live': {
    get: {
      summary:
        'WebSocket (Upgrade: websocket, else 426): each message is one ViewerFrame (with batch=1: an array of them, one message per published batch), a battle-snapshot first, then live frames; send "ping" for "pong", anything else closes with 1008; after battle-end or battle-stop the room closes with 1000; 4001 = fell behind, reconnect',
      query: LiveQuerySchema,
      response: ViewerFrameSchema,
      status: 101,
    },
  },
  '/api/results': {
    get: {
      summary: 'Results, newest first, filtered and cursor-paginated',
      query: ListResultsQuerySchema,
      response: pageSchema(ResultViewSchema),
    },
    post: {
      summary: "One result, or one battle's results (idempotent by result id)",
      body: ResultsPostSchema,
      response: IngestResponseSchema,
      status: 201,
      scopes: ['ingest', 'runner'],
    },
  },
  '/api/results/batch': {
    post: {
      summary: 'Thousands of results in one all-or-nothing write',
      body: ResultsBatchSchema,
      response: IngestResponseSchema,
      status: 201,
      scopes: ['ingest', 'runner'],
    },
  },
  '/api/results/{id}/evaluations': {
    post: {
      summary:
        'Add evaluations to a stored result, e.g. judge verdicts after a battle (idempotent by evaluation id; never source human)',
      body: EvaluationsPostSchema,
      response: EvaluationsPostResponseSchema,
      status: 201,
      scopes: ['runner'],
    },
  },
  '/api/results/{id}/judgement': {
    put: {
      summary:
        "The owner's thumbs, 1–5 stars and note on a result: one evaluation of source owner, replaced on update",
      body: OwnerJudgementSchema,
      response: EvaluationSchema,
      scopes: ['runner'],
    },
  },
  '/api/battles/{id}/tasks/{taskId}/winner': {
    put: {
      summary: "The owner's winner (or tie) of one task, kept beside the automatic winner",
      body: WinnerOverrideInputSchema,
      response: WinnerOverrideSchema,
      scopes: ['runner'],
    },
  },
  '/api/battles/{id}/cross-examinations': {
    post: {
      summary: "Store a cross-examination (a model's answer to a question about the battle's results)",
      body: CrossExaminationSchema,
      response: StoredCrossExaminationSchema,
      status: 201,
      scopes: ['runner'],
    },
  },
  '/api/suites': {
    get: { summary: "The suites library: every suite's newest version", response: SuiteListSchema },
  },
  '/api/suites/{name}': {
    get: {
      summary: 'One suite with its source (the newest version unless ?version= names one)',
      query: z.object({ version: z.string().optional() }),
      response: StoredSuiteSchema,
    },
    put: {
      summary: 'Save a version of a suite (every version is kept; a saved version never changes: 409)',
      body: SuiteSourceSchema,
      response: StoredSuiteSchema,
      status: 201,
      scopes: ['runner'],
    },
  },
  '/api/runs': {
    get: {
      summary: 'CI runs (results of CI batches), newest first, filtered and cursor-paginated',
      query: ListRunsQuerySchema,
      response: pageSchema(StoredResultSchema),
    },
  },
  '/api/runs/{id}': {
    get: { summary: 'One CI run with its evaluations and telemetry', response: StoredResultSchema },
  },
  '/api/batches': {
    get: {
      summary: 'CI batches with their aggregates, newest first, filtered and cursor-paginated',
      query: ListBatchesQuerySchema,
      response: pageSchema(BatchSummarySchema),
    },
  },
  '/api/batches/{id}': { get: { summary: 'One CI batch', response: BatchSummarySchema } },
  '/api/batches/{id}/compare': {
    get: { summary: 'A batch against the previous batch of the same suite', response: BatchComparisonSchema },
  },
  '/api/stats': {
    get: {
      summary: 'Totals and per-model runs, wins, latency percentiles and tok/s',
      query: StatsQuerySchema,
      response: StatsSchema,
    },
  },
  '/api/models': {
    get: {
      summary: 'Every provider + model entered in a battle, with its results, battles and last result time',
      response: z.object({ items: z.array(ModelSummarySchema) }),
    },
  },
  '/api/export/battles.{format}': {
    get: {
      summary: 'Battles as CSV or JSON (streamed), filtered like /api/battles',
      query: ExportBattlesQuerySchema,
      response: z.array(BattleViewSchema),
      contentTypes: ['text/csv', 'application/json'],
    },
  },
  '/api/export/results.{format}': {
    get: {
      summary: 'Results as CSV or JSON (streamed), filtered like /api/results',
      query: ExportResultsQuerySchema,
      response: z.array(ResultViewSchema),
      contentTypes: ['text/csv', 'application/json'],
    },
  },
  '/api/leaderboard': {
    get: {
      summary:
        'Ratings (Bradley–Terry with 95% bootstrap intervals, CI-aware rank, Elo, win rate, median TTFT and tok/s) from the latest snapshot, with computedAt',
      query: LeaderboardQuerySchema,
      response: LeaderboardSchema,
    },
  },
  '/api/leaderboard/head-to-head': {
    get: {
      summary: 'Two keys: their win matrix in the latest snapshot and the battles they shared',
      query: HeadToHeadQuerySchema,
      response: HeadToHeadSchema,
    },
  },
  '/api/leaderboard/recompute': {
    post: {
      summary: 'Run the scheduled job now: grow the voting pool, recompute stale snapshots within budgetMs',
      query: LeaderboardRecomputeQuerySchema,
      response: LeaderboardRecomputeSchema,
      scopes: ['admin'],
    },
  },
  '/api/arena/pair': {
    get: {
      summary:
        'A blind pair: two answers to one task as A and B, identities hidden; sets the voter cookie. 404 no_pairs when none is left for this voter, 429 with Retry-After over 60 a minute per address',
      response: ArenaPairSchema,
    },
  },
  '/api/arena/votes': {
    post: {
      summary:
        "Vote A / B / tie / both bad (+ sub-dimensions) with the pair token and the cookie; reveals who was who. 201 new, 200 the same vote again, 409 already voted (this cookie or this address), 403 no cookie or another voter's token, 400 forged token, 410 expired token, 429 with Retry-After over 20 a minute or 1,000 a day per address, 503 without ARENA_SECRET",
      body: ArenaVoteInputSchema,
      response: ArenaVoteResponseSchema,
      status: 201,
    },
  },
  '/api/arena/votes/discard': {
    post: {
      summary:
        "Discard a voter cookie's or an IP hash's votes (kept for dedup, dropped from ratings and exports)",
      body: ArenaDiscardInputSchema,
      response: ArenaDiscardResponseSchema,
      scopes: ['admin'],
    },
  },
  '/api/arena/voters': {
    get: {
      summary: 'Voters (cookie id, IP hash) by votes since a time, most first',
      query: ArenaVotersQuerySchema,
      response: z.object({ items: z.array(ArenaVoterSchema) }),
      scopes: ['admin'],
    },
  },
  '/api/arena/pairs.jsonl': {
    get: {
      summary:
        "Pairwise outcomes of one source as JSON Lines in the rating fixture's format (what `ringside ratings --input` reads)",
      query: PairsExportQuerySchema,
      response: PairOutcomeLineSchema,
      contentTypes: ['application/x-ndjson'],
    },
  },
};

function operation(method: string, path: string, op: Operation) {
  const parameters: unknown[] = [];
  for (const name of path.match(/\{(\w+)\}/g) ?? []) {
    parameters.push({ name: name.slice(1, -1), in: 'path', required: true, schema: { type: 'string' } });
  }
  if (op.query) {
    for (const [name, schema] of Object.entries(op.query.shape)) {
      parameters.push({ name, in: 'query', required: false, schema: json(schema as z.ZodType) });
    }
  }
  const errors = { content: { 'application/json': { schema: json(ApiErrorSchema) } } };
  const responses: Record<string, unknown> = {
    [String(op.status ?? 200)]: {
      description: 'OK',
      content: Object.fromEntries(
        (op.contentTypes ?? ['application/json']).map((t) => [t, { schema: json(op.response) }]),
      ),
    },
    '400': { description: 'Invalid input: details name the field and the reason', ...errors },
    '404': { description: 'Unknown id', ...errors },
  };
  if (op.scopes) {
    Object.assign(responses, {
      '401': { description: 'Missing, malformed, invalid or revoked token', ...errors },
      '403': { description: `Token scope is not ${op.scopes.join(' or ')}`, ...errors },
      '409': { description: 'Conflicts with what is stored; nothing was changed', ...errors },
      '413': { description: 'Body too large', ...errors },
    });
  }
  return {
    operationId: `${method}${path.replace(/[^A-Za-z0-9]+(\w)?/g, (_m, ch?: string) => (ch ? ch.toUpperCase() : ''))}`,
    summary: op.summary,
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: json(op.body) } } } }
      : {}),
    responses,
    ...(op.scopes ? { security: [{ bearer: op.scopes }] } : {}),
  };
}

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ringside API',
      version: VERSION,
      description:
        'Results, battles, CI batches and stats of the Ringside arena. Writes need a bearer token with a scope. Reads take one optionally: a blind battle (voted on in the arena) is served sealed except to its owner and admins, and a bad token is a 401.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'rsk_… token; scopes ingest, runner, admin' },
      },
    },
    paths: Object.fromEntries(
      Object.entries(paths).map(([path, ops]) => [
        path,
        Object.fromEntries(Object.entries(ops).map(([method, op]) => [method, operation(method, path, op)])),
      ]),
    ),
  };
}
