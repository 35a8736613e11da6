import {
  ApiErrorSchema,
  ArenaPairSchema,
  type ArenaVoteInput,
  ArenaVoteResponseSchema,
  BatchComparisonSchema,
  BatchSummarySchema,
  BattleViewSchema,
  HeadToHeadSchema,
  LeaderboardSchema,
  ModelSummarySchema,
  pageSchema,
  ResultViewSchema,
  StatsSchema,
  StoredCrossExaminationSchema,
  WinnerOverrideSchema,
} from '@ringside/shared';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { readOwnerToken } from './owner-token.ts';

/**
 * One `queryOptions` factory per API resource: the route loader calls `ensureQueryData` with it
 * and the component `useSuspenseQuery`, so both share one cache entry. Every response is parsed
 * with the shared zod schema of that endpoint.
 */

/** Where the API lives: the same origin when the worker serves the dashboard, else `VITE_API_BASE` (Pages). */
export const API_BASE: string =
  (import.meta.env?.VITE_API_BASE as string | undefined)?.replace(/\/$/, '') ?? '';

/** A battle as the API serves it: sealed while blind (PRODUCT F13) unless the reader owns it. */
export const BattleWithResultsSchema = BattleViewSchema.extend({
  results: z.array(ResultViewSchema),
  // the owner's winners per task and cross-examinations; absent from an older API
  overrides: z.array(WinnerOverrideSchema).default([]),
  crossExaminations: z.array(StoredCrossExaminationSchema).default([]),
});
export type BattleWithResults = z.infer<typeof BattleWithResultsSchema>;

export const BattlesPageSchema = pageSchema(BattleViewSchema);
export const ResultsPageSchema = pageSchema(ResultViewSchema);
export const BatchesPageSchema = pageSchema(BatchSummarySchema);
export const ModelsSchema = z.object({ items: z.array(ModelSummarySchema) });

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

type Params = Record<string, string | number | undefined | null>;

/** `path?query` with empty values left out, so equal filters give equal URLs (and cache keys). */
export function apiUrl(path: string, params: Params = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const query = qs.toString();
  return `${API_BASE}${path}${query ? `?${query}` : ''}`;
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

export interface BattlesQuery {
  type?: string | undefined;
  state?: string | undefined;
  origin?: string | undefined;
  model?: string | undefined;
  suite?: string | undefined;
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export const battlesQuery = (q: BattlesQuery) =>
  queryOptions({
    queryKey: ['battles', q],
    queryFn: ({ signal }) => getJson(apiUrl('/api/battles', { ...q }), BattlesPageSchema, signal),
  });

/**
 * One battle with its results. With the owner's token saved in this browser it is read as its
 * owner, who sees a blind battle in full (PRODUCT F13); a token the API refuses reads it as the
 * public does.
 */
export const battleQuery = (id: string, token: string | null = readOwnerToken()) =>
  queryOptions({
    queryKey: ['battle', id, token ? 'owner' : 'public'],
    queryFn: async ({ signal }) => {
      const url = apiUrl(`/api/battles/${encodeURIComponent(id)}`);
      try {
        return await getJson(url, BattleWithResultsSchema, signal, token);
      } catch (err) {
        if (token && err instanceof ApiRequestError && err.status === 401)
          return getJson(url, BattleWithResultsSchema, signal);
        throw err;
      }
    },
  });

export interface ResultsQuery {
  model?: string | undefined;
  provider?: string | undefined;
  battleId?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export const resultsQuery = (q: ResultsQuery) =>
  queryOptions({
    queryKey: ['results', q],
    queryFn: ({ signal }) => getJson(apiUrl('/api/results', { ...q }), ResultsPageSchema, signal),
  });

export interface RunsQuery {
  suite?: string | undefined;
  model?: string | undefined;
  batch?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export const runsQuery = (q: RunsQuery) =>
  queryOptions({
    queryKey: ['runs', q],
    queryFn: ({ signal }) => getJson(apiUrl('/api/runs', { ...q }), ResultsPageSchema, signal),
  });

export interface BatchesQuery {
  suite?: string | undefined;
  branch?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export const batchesQuery = (q: BatchesQuery) =>
  queryOptions({
    queryKey: ['batches', q],
    queryFn: ({ signal }) => getJson(apiUrl('/api/batches', { ...q }), BatchesPageSchema, signal),
  });

export const batchCompareQuery = (id: string) =>
  queryOptions({
    queryKey: ['batch-compare', id],
    queryFn: ({ signal }) =>
      getJson(apiUrl(`/api/batches/${encodeURIComponent(id)}/compare`), BatchComparisonSchema, signal),
  });

export interface StatsQuery {
  origin?: string | undefined;
  suite?: string | undefined;
  model?: string | undefined;
}

export const statsQuery = (q: StatsQuery = {}) =>
  queryOptions({
    queryKey: ['stats', q],
    queryFn: ({ signal }) => getJson(apiUrl('/api/stats', { ...q }), StatsSchema, signal),
  });

export const modelsQuery = () =>
  queryOptions({
    queryKey: ['models'],
    queryFn: ({ signal }) => getJson(apiUrl('/api/models'), ModelsSchema, signal),
    staleTime: 60_000,
  });

export type LeaderboardView = z.infer<typeof LeaderboardSchema>;

export interface LeaderboardApiQuery {
  source?: string | undefined;
  scope?: string | undefined;
  category?: string | undefined;
  type?: string | undefined;
}

export const leaderboardQuery = (q: LeaderboardApiQuery) =>
  queryOptions({
    queryKey: ['leaderboard', q],
    queryFn: ({ signal }) => getJson(apiUrl('/api/leaderboard', { ...q }), LeaderboardSchema, signal),
  });

export interface HeadToHeadApiQuery {
  a: string;
  b: string;
  source?: string | undefined;
  scope?: string | undefined;
}

export const headToHeadQuery = (q: HeadToHeadApiQuery) =>
  queryOptions({
    queryKey: ['head-to-head', q],
    queryFn: ({ signal }) =>
      getJson(apiUrl('/api/leaderboard/head-to-head', { ...q }), HeadToHeadSchema, signal),
  });

/**
 * A blind pair to vote on. Every fetch deals a new pair and counts against the per-address rate
 * limit, so the page asks for one only when shown (no loader preloading on hover), never
 * refetches on its own, and asks for the next one by bumping `round`.
 */
export const arenaPairQuery = (round: number) =>
  queryOptions({
    queryKey: ['arena-pair', round],
    queryFn: ({ signal }) => getJson(apiUrl('/api/arena/pair'), ArenaPairSchema, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

export const postVote = (vote: ArenaVoteInput) =>
  postJson(apiUrl('/api/arena/votes'), vote, ArenaVoteResponseSchema);

/** Download links of the export endpoints (PRODUCT F19), with the filters of the table shown. */
export function exportUrl(what: 'battles' | 'results', format: 'csv' | 'json', params: Params = {}): string {
  return apiUrl(`/api/export/${what}.${format}`, params);
}

/** The live socket of a battle: `ws(s)://` on the API's origin, in batch mode (a JSON array of frames a message: far cheaper for the room). */
export function liveUrl(battleId: string, origin: string = globalThis.location?.origin ?? ''): string {
  const base = API_BASE || origin;
  return `${base.replace(/^http/, 'ws')}/api/battles/${encodeURIComponent(battleId)}/live?batch=1`;
}
