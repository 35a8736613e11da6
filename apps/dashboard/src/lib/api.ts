import {
  ApiErrorSchema,
  type ArenaVoteInput,
  type Endpoint,
  type EndpointQueryInput,
  endpoints,
  endpointUrl,
} from '@ringside/shared';
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { readOwnerToken } from './owner-token.ts';

/**
 * One `queryOptions` factory per API resource: the route loader calls `ensureQueryData` with it
 * and the component `useSuspenseQuery`, so both share one cache entry. URLs, query types and
 * response schemas all come from the endpoint table in `@ringside/shared`.
 */

/** Where the API lives: the same origin when the worker serves the dashboard, else `VITE_API_BASE` (Pages). */
export const API_BASE: string =
  (import.meta.env?.VITE_API_BASE as string | undefined)?.replace(/\/$/, '') ?? '';

export type { BattleWithResults } from '@ringside/shared';

type QueryValue = string | number | boolean | null | undefined;

/** The URL of a row of the endpoint table, with its path parameters and query (empty values left out). */
export function apiUrl(
  e: Pick<Endpoint, 'path'>,
  params: Record<string, string> = {},
  query: object = {},
): string {
  return `${API_BASE}${endpointUrl(e, params, query as Record<string, QueryValue>)}`;
}

/** A GET of one row: its URL, and its answer parsed with the row's response schema. */
function read<E extends Endpoint>(
  e: E,
  params: Record<string, string> = {},
  query: object = {},
): (ctx: { signal: AbortSignal }) => Promise<z.output<E['response']>> {
  return ({ signal }) =>
    getJson(apiUrl(e, params, query), e.response, signal) as Promise<z.output<E['response']>>;
}

/** An API answer that was not a 2xx: the API's `{ error: { code, message } }` when it sent one. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  /** Seconds until a 429 may be retried (the `Retry-After` header), when the API sent one. */
  readonly retryAfterS: number | null;
  constructor(status: number, code: string, message: string, retryAfterS: number | null = null) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.retryAfterS = retryAfterS;
  }
}

/** `Retry-After` as seconds: either delta-seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export async function getJson<T extends z.ZodType>(
  url: string,
  schema: T,
  signal?: AbortSignal,
  token?: string | null,
): Promise<z.infer<T>> {
  // `no-cache` revalidates (a cheap 304 with the API's ETags) instead of trusting max-age: a
  // battle that just ended must not come back from the HTTP cache still running.
  const res = await fetch(url, {
    signal: signal ?? null,
    cache: 'no-cache',
    headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  return parseResponse(res, url, schema);
}

/**
 * A JSON `POST` whose answer is parsed like `getJson`'s. Cookies go same-origin only, like every
 * fetch here: the API answers CORS with `*`, which browsers refuse for credentialed requests.
 */
export async function postJson<T extends z.ZodType>(
  url: string,
  body: unknown,
  schema: T,
): Promise<z.infer<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return parseResponse(res, url, schema);
}

export async function parseResponse<T extends z.ZodType>(
  res: Response,
  url: string,
  schema: T,
): Promise<z.infer<T>> {
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = ApiErrorSchema.safeParse(body);
    const retryAfter = retryAfterSeconds(res.headers.get('Retry-After'));
    throw err.success
      ? new ApiRequestError(res.status, err.data.error.code, err.data.error.message, retryAfter)
      : new ApiRequestError(res.status, 'http_error', `HTTP ${res.status} from ${url}`, retryAfter);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `unexpected response from ${url}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
    );
  }
  return parsed.data;
}

export type BattlesQuery = EndpointQueryInput<typeof endpoints.listBattles>;
export type ResultsQuery = EndpointQueryInput<typeof endpoints.listResults>;
export type RunsQuery = EndpointQueryInput<typeof endpoints.listRuns>;
export type BatchesQuery = EndpointQueryInput<typeof endpoints.listBatches>;
export type StatsQuery = EndpointQueryInput<typeof endpoints.stats>;
export type LeaderboardApiQuery = EndpointQueryInput<typeof endpoints.leaderboard>;
export type HeadToHeadApiQuery = EndpointQueryInput<typeof endpoints.headToHead>;
export type LeaderboardView = z.infer<typeof endpoints.leaderboard.response>;

export const battlesQuery = (q: BattlesQuery) =>
  queryOptions({ queryKey: ['battles', q], queryFn: read(endpoints.listBattles, {}, q) });

/**
 * One battle with its results. With the owner's token saved in this browser it is read as its
 * owner, who sees a blind battle in full (PRODUCT F13); a token the API refuses reads it as the
 * public does.
 */
export const battleQuery = (id: string, token: string | null = readOwnerToken()) =>
  queryOptions({
    queryKey: ['battle', id, token ? 'owner' : 'public'],
    queryFn: async ({ signal }) => {
      const url = apiUrl(endpoints.getBattle, { id });
      const schema = endpoints.getBattle.response;
      try {
        return await getJson(url, schema, signal, token);
      } catch (err) {
        if (token && err instanceof ApiRequestError && err.status === 401)
          return getJson(url, schema, signal);
        throw err;
      }
    },
  });

export const resultsQuery = (q: ResultsQuery) =>
  queryOptions({ queryKey: ['results', q], queryFn: read(endpoints.listResults, {}, q) });

export const runsQuery = (q: RunsQuery) =>
  queryOptions({ queryKey: ['runs', q], queryFn: read(endpoints.listRuns, {}, q) });

export const batchesQuery = (q: BatchesQuery) =>
  queryOptions({ queryKey: ['batches', q], queryFn: read(endpoints.listBatches, {}, q) });

export const batchCompareQuery = (id: string) =>
  queryOptions({ queryKey: ['batch-compare', id], queryFn: read(endpoints.compareBatch, { id }) });

export const statsQuery = (q: StatsQuery = {}) =>
  queryOptions({ queryKey: ['stats', q], queryFn: read(endpoints.stats, {}, q) });

export const modelsQuery = () =>
  queryOptions({ queryKey: ['models'], queryFn: read(endpoints.listModels), staleTime: 60_000 });

export const leaderboardQuery = (q: LeaderboardApiQuery) =>
  queryOptions({ queryKey: ['leaderboard', q], queryFn: read(endpoints.leaderboard, {}, q) });

export const headToHeadQuery = (q: HeadToHeadApiQuery) =>
  queryOptions({ queryKey: ['head-to-head', q], queryFn: read(endpoints.headToHead, {}, q) });

/**
 * A blind pair to vote on. Every fetch deals a new pair and counts against the per-address rate
 * limit, so the page asks for one only when shown (no loader preloading on hover), never
 * refetches on its own, and asks for the next one by bumping `round`.
 */
export const arenaPairQuery = (round: number) =>
  queryOptions({
    queryKey: ['arena-pair', round],
    queryFn: read(endpoints.arenaPair),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

export const postVote = (vote: ArenaVoteInput) =>
  postJson(apiUrl(endpoints.arenaVote), vote, endpoints.arenaVote.response);

/** Download links of the export endpoints (PRODUCT F19), with the filters of the table shown. */
export function exportUrl(what: 'battles' | 'results', format: 'csv' | 'json', query: object = {}): string {
  const rows = {
    'battles.csv': endpoints.exportBattlesCsv,
    'battles.json': endpoints.exportBattlesJson,
    'results.csv': endpoints.exportResultsCsv,
    'results.json': endpoints.exportResultsJson,
  };
  return apiUrl(rows[`${what}.${format}`], {}, query);
}

/** The live socket of a battle: `ws(s)://` on the API's origin, in batch mode (a JSON array of frames a message: far cheaper for the room). */
export function liveUrl(battleId: string, origin: string = globalThis.location?.origin ?? ''): string {
  const base = API_BASE || origin;
  return `${base.replace(/^http/, 'ws')}${endpointUrl(endpoints.watchBattle, { id: battleId }, { batch: '1' })}`;
}
