import { type ArenaPair, endpoints } from '@ringside/shared';
import type { Context } from 'hono';
import { arenaKeys } from '../arena/keys.ts';
import { openOffer, PAIR_TOKEN_TTL_MS, sealOffer } from '../arena/pair-token.ts';
import { PAIR_LIMITS, rateLimit, VOTE_LIMITS } from '../arena/rate-limit.ts';
import { revealPolicy } from '../arena/reveal-policy.ts';
import { clientIp, ensureVoterId, ipHash, voterIdOf } from '../arena/voter.ts';
import { getDb } from '../db/client.ts';
import { iso, ms } from '../lib/cache.ts';
import { ApiException } from '../lib/errors.ts';
import { resource, route } from '../lib/resource.ts';
import { drawPair, pairCandidates } from '../queries/arena-pool.ts';
import { discardVotes, listVoters, recordVote } from '../queries/arena-votes.ts';
import { blendRatings, sliceOf } from '../queries/leaderboard-read.ts';
import { pairsJsonl } from '../queries/pairs-export.ts';

/**
 * Blind voting (PRODUCT F13). `GET /pair` shows two answers as A and B with nothing that names
 * their models; `POST /votes` records A / B / tie / both bad and only then says who was who.
 * Limits: one vote per pair per voter cookie and per IP hash, per-IP rate limits (429 with
 * Retry-After), and admin routes to look at voters and discard their votes.
 */

const byIp = async (c: Context<{ Bindings: Env }>) => ipHash(clientIp(c), await arenaKeys(c.env));
const DAY_MS = 86_400_000;

export const arenaRoute = resource('/api/arena', [
  route(
    endpoints.arenaPair,
    async (c) => {
      c.header('Cache-Control', 'no-store');
      const keys = await arenaKeys(c.env);
      const voterId = await ensureVoterId(c, keys);
      const db = getDb(c.env);
      const [candidates, ratings] = await Promise.all([
        pairCandidates(db, voterId, await ipHash(clientIp(c), keys), Date.now()),
        blendRatings(db),
      ]);
      const { pair, content } = (await drawPair(db, candidates, ratings)) ?? {};
      if (!pair || !content) {
        throw new ApiException(404, 'no_pairs', 'there is no pair of answers left for you to vote on', [
          { path: 'pair', message: 'come back when more battles have finished' },
        ]);
      }
      const flipped = crypto.getRandomValues(new Uint8Array(1))[0]! % 2 === 1;
      const expires = Date.now() + PAIR_TOKEN_TTL_MS;
      const token = await sealOffer({ k: pair.key, f: flipped, v: voterId, e: expires }, keys.pair);
      const body: ArenaPair = {
        token,
        expiresAt: iso(expires) as string,
        battleType: pair.battle_type,
        task: { category: pair.category, prompt: content.prompt, system: content.system },
        a: flipped ? content.hi : content.lo,
        b: flipped ? content.lo : content.hi,
      };
      return c.json(body);
    },
    rateLimit(PAIR_LIMITS, byIp),
  ),
  route(
    endpoints.arenaVote,
    async (c, { body: input }) => {
      c.header('Cache-Control', 'no-store');
      const keys = await arenaKeys(c.env);
      const now = Date.now();
      const voterId = await voterIdOf(c, keys);
      if (!voterId) {
        throw new ApiException(403, 'no_voter', 'votes need the voter cookie that came with the pair', [
          { path: 'Cookie', message: 'fetch a pair with GET /api/arena/pair first, keeping its cookie' },
        ]);
      }
      const offer = await openOffer(input.token, keys.pair, now);
      if (offer.v !== voterId) {
        throw new ApiException(403, 'voter_mismatch', 'this pair was shown to another voter', [
          { path: 'token', message: 'vote on pairs fetched with your own cookie' },
        ]);
      }
      const voter = { voterId, ipHash: await ipHash(clientIp(c), keys) };
      const { status, body } = await recordVote(getDb(c.env), {
        offer,
        voter,
        winner: input.winner,
        dimensions: input.dimensions,
        now,
        reveal: revealPolicy(c.env),
      });
      return c.json(body, status);
    },
    rateLimit(VOTE_LIMITS, byIp),
  ),
  route(endpoints.arenaDiscard, async (c, { body }) =>
    c.json({ discarded: await discardVotes(getDb(c.env), body, Date.now()) }),
  ),
  route(endpoints.arenaVoters, async (c, { query }) => {
    c.header('Cache-Control', 'no-store');
    const since = ms(query.since) ?? Date.now() - DAY_MS;
    return c.json({ items: await listVoters(getDb(c.env), since, query.limit) });
  }),
  route(endpoints.pairsExport, async (c, { query: q }) => {
    const stream = await pairsJsonl(
      getDb(c.env),
      { source: q.source, scope: q.scope, slice: sliceOf(q) },
      c.get('viewer'),
    );
    return c.body(stream, 200, {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="ringside-pairs-${q.source}-${q.scope}.jsonl"`,
      'Cache-Control': 'no-store',
    });
  }),
]);
