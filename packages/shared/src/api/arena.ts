import { z } from 'zod';
import {
  ArenaDiscardInputSchema,
  ArenaDiscardResponseSchema,
  ArenaPairSchema,
  ArenaVoteInputSchema,
  ArenaVoteResponseSchema,
  ArenaVoterSchema,
  ArenaVotersQuerySchema,
  HeadToHeadQuerySchema,
  HeadToHeadSchema,
  LeaderboardQuerySchema,
  LeaderboardRecomputeQuerySchema,
  LeaderboardRecomputeSchema,
  LeaderboardSchema,
  PairsExportQuerySchema,
} from '../leaderboard.ts';
import { PairOutcomeLineSchema } from '../ratings/pairs.ts';
import { defineEndpoint } from './endpoint.ts';

/** The leaderboard (PRODUCT F14, F15) and blind voting (F13). */
export const arenaEndpoints = {
  leaderboard: defineEndpoint({
    method: 'get',
    path: '/api/leaderboard',
    summary:
      'Ratings (Bradley–Terry with 95% bootstrap intervals, CI-aware rank, Elo, win rate, median TTFT and tok/s) from the latest snapshot, with computedAt',
    query: LeaderboardQuerySchema,
    response: LeaderboardSchema,
  }),
  headToHead: defineEndpoint({
    method: 'get',
    path: '/api/leaderboard/head-to-head',
    summary: 'Two keys: their win matrix in the latest snapshot and the battles they shared',
    query: HeadToHeadQuerySchema,
    response: HeadToHeadSchema,
  }),
  recompute: defineEndpoint({
    method: 'post',
    path: '/api/leaderboard/recompute',
    summary: 'Run the scheduled job now: grow the voting pool, recompute stale snapshots within budgetMs',
    query: LeaderboardRecomputeQuerySchema,
    response: LeaderboardRecomputeSchema,
    scopes: ['admin'],
  }),
  arenaPair: defineEndpoint({
    method: 'get',
    path: '/api/arena/pair',
    summary:
      'A blind pair: two answers to one task as A and B, identities hidden; sets the voter cookie. 404 no_pairs when none is left for this voter, 429 with Retry-After over 60 a minute per address',
    response: ArenaPairSchema,
  }),
  arenaVote: defineEndpoint({
    method: 'post',
    path: '/api/arena/votes',
    summary:
      "Vote A / B / tie / both bad (+ sub-dimensions) with the pair token and the cookie; reveals who was who. 201 new, 200 the same vote again, 409 already voted (this cookie or this address), 403 no cookie or another voter's token, 400 forged token, 410 expired token, 429 with Retry-After over 20 a minute or 1,000 a day per address, 503 without ARENA_SECRET",
    body: ArenaVoteInputSchema,
    response: ArenaVoteResponseSchema,
    status: 201,
    bodyLimit: 16 * 1024,
  }),
  arenaDiscard: defineEndpoint({
    method: 'post',
    path: '/api/arena/votes/discard',
    summary:
      "Discard a voter cookie's or an IP hash's votes (kept for dedup, dropped from ratings and exports)",
    body: ArenaDiscardInputSchema,
    response: ArenaDiscardResponseSchema,
    scopes: ['admin'],
    bodyLimit: 16 * 1024,
  }),
  arenaVoters: defineEndpoint({
    method: 'get',
    path: '/api/arena/voters',
    summary: 'Voters (cookie id, IP hash) by votes since a time, most first',
    query: ArenaVotersQuerySchema,
    response: z.object({ items: z.array(ArenaVoterSchema) }),
    scopes: ['admin'],
  }),
  pairsExport: defineEndpoint({
    method: 'get',
    path: '/api/arena/pairs.jsonl',
    summary:
      "Pairwise outcomes of one source as JSON Lines in the rating fixture's format (what `ringside ratings --input` reads)",
    query: PairsExportQuerySchema,
    response: PairOutcomeLineSchema,
    contentTypes: ['application/x-ndjson'],
  }),
};
