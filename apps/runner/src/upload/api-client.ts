import type {
  BattlePatch,
  BattleWithResults,
  CrossExamination,
  Endpoint,
  EndpointBodyInput,
  EvaluationsPostInput,
  IngestResponse,
  ResultInput,
  StoredSuite,
  SuiteSourceInput,
} from '@ringside/shared';
import { endpoints, endpointUrl, IdSchema } from '@ringside/shared';
import { type Dispatcher, fetch as undiciFetch } from 'undici';
import type { z } from 'zod';
import type { HeadersLike } from '../providers/http-error.ts';
import {
  classifyResponse,
  type SentIds,
  type Settled,
  type UploadFailure,
  type UploadOutcome,
} from './api-outcome.ts';
import { type ChunkLimits, chunkResults, DEFAULT_CHUNK_LIMITS } from './chunk-results.ts';
import { defaultRetryPolicy, type RetryPolicy } from './retry-policy.ts';
import { type Attempt, withRetry } from './with-retry.ts';

/**
 * The runner's client of the Ringside API (PRODUCT F21): battles and results, retried with backoff
 * on network errors, 429 and 5xx, never on other 4xx. Every call resolves to an UploadOutcome; none
 * throws for an HTTP or network failure. Base URL and token are given, never read from the
 * environment, and the token never appears in an outcome or error.
 */

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
}
export interface FetchResponse {
  status: number;
  headers: HeadersLike;
  text(): Promise<string>;
}
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

export interface ApiClientOptions {
  /** e.g. `https://ringside.example.org`; paths start with /api */
  baseUrl: string;
  token: string;
  /** undici's fetch unless given */
  fetch?: FetchLike;
  dispatcher?: Dispatcher;
  /** per attempt; a timed-out attempt is retried (ids make a re-send harmless) */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** how postResults splits a large set into requests */
  limits?: Partial<ChunkLimits>;
}

export type BattleBody = EndpointBodyInput<typeof endpoints.putBattle>;

export interface ResultsBody {
  battle?: BattleBody | undefined;
  results: ResultInput[];
}

export interface IngestTotals {
  created: number;
  duplicates: number;
  battleCreated: boolean;
  requests: number;
}

/** postResults stops at the first failed request; `acceptedIds` were stored before it. */
export type ResultsOutcome = UploadOutcome<IngestTotals> | (UploadFailure & { acceptedIds: string[] });

export interface ApiClient {
  /** PUT /api/battles/:id: creates (201, created: true) or updates (200) the battle */
  putBattle(battle: BattleBody): Promise<UploadOutcome<{ created: boolean }>>;
  /** PATCH /api/battles/:id: state and times */
  patchBattle(battleId: string, patch: BattlePatch): Promise<UploadOutcome<null>>;
  /** one POST /api/results/batch; value is null if a 2xx came without a readable body */
  postResultsBatch(body: ResultsBody): Promise<UploadOutcome<IngestResponse | null>>;
  /** any number of results, in requests within the limits; the battle goes with the first */
  postResults(battle: BattleBody | undefined, results: ResultInput[]): Promise<ResultsOutcome>;
  /** POST /api/results/:id/evaluations: judge verdicts and the like, idempotent by evaluation id */
  postEvaluations(
    resultId: string,
    evaluations: EvaluationsPostInput['evaluations'],
  ): Promise<UploadOutcome<{ created: number; duplicates: number } | null>>;
  /** POST /api/battles/:id/cross-examinations */
  postCrossExamination(x: CrossExamination): Promise<UploadOutcome<{ id: string } | null>>;
  /** PUT /api/suites/:name: saves one version of a suite in the library */
  putSuite(source: SuiteSourceInput): Promise<UploadOutcome<{ created: boolean }>>;
  /** GET /api/suites/:name[?version=]: value null if the body was not a stored suite */
  getSuite(name: string, version?: string): Promise<UploadOutcome<StoredSuite | null>>;
  /** GET /api/battles/:id: the battle with its tasks, contestants and results; null if not one */
  getBattle(battleId: string): Promise<UploadOutcome<BattleWithResults | null>>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

const defaultFetch: FetchLike = (url, init) => undiciFetch(url, init);

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...opts.retry };
  const limits: ChunkLimits = { ...DEFAULT_CHUNK_LIMITS, ...opts.limits };
  const fetchImpl = opts.fetch ?? defaultFetch;
  const root = opts.baseUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const redact = (s: string) => (opts.token ? s.replaceAll(opts.token, '[token]') : s);

  async function once<T>(
    method: string,
    path: string,
    body: unknown,
    sent: SentIds,
    parse: (json: unknown, status: number) => T,
  ): Promise<Attempt<Settled<T>>> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await fetchImpl(`${root}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${opts.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          accept: 'application/json',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal,
        ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
      });
      const text = await res.text();
      return classifyResponse({ status: res.status, headers: res.headers, text }, sent, parse, policy.now());
    } catch (err) {
      const why = signal.aborted ? `no answer within ${timeoutMs} ms` : describeNetworkError(err);
      return { retry: { message: `${sent.label}: ${why}`, status: null, retryAfterMs: null } };
    }
  }

  /** One row of the endpoint table, retried; `sent` says what the request carried, for its outcome. */
  async function call<T>(
    e: Endpoint,
    path: string,
    body: unknown,
    sent: Omit<SentIds, 'label'> & { label?: string },
    parse: (json: unknown, status: number) => T,
  ): Promise<UploadOutcome<T>> {
    const method = e.method.toUpperCase();
    const ids: SentIds = { ...sent, label: sent.label ?? `${method} ${path}` };
    const run = await withRetry(policy, () => once(method, path, body, ids, parse));
    if ('done' in run)
      return redactOutcome({ ...run.done, attempts: run.attempts } as UploadOutcome<T>, redact);
    const { message, status, retryAfterMs } = run.failed;
    const limit =
      run.gaveUp === 'attempts' ? `${run.attempts} attempts` : `the ${policy.maxElapsedMs} ms budget`;
    return {
      ok: false,
      kind: 'unavailable',
      retryable: true,
      status,
      retryAfterMs,
      message: redact(`${message} (gave up after ${limit})`),
      attempts: run.attempts,
    };
  }

  /** The answer through the row's response schema; null when it is not that shape. */
  const parsed =
    <E extends Endpoint>(e: E) =>
    (json: unknown): z.output<E['response']> | null => {
      const out = e.response.safeParse(json);
      return out.success ? (out.data as z.output<E['response']>) : null;
    };

  const client: ApiClient = {
    putBattle(battle) {
      const id = IdSchema.parse(battle.id);
      const e = endpoints.putBattle;
      return call(e, endpointUrl(e, { id }), battle, { battleId: id }, (_json, status) => ({
        created: status === 201,
      }));
    },

    patchBattle(battleId, patch) {
      const id = IdSchema.parse(battleId);
      const e = endpoints.patchBattle;
      return call(e, endpointUrl(e, { id }), patch, { battleId: id }, () => null);
    },

    postResultsBatch(body) {
      const resultIds = body.results.map((r) => r.id);
      const e = endpoints.postResultsBatch;
      const sent = {
        label: `POST ${e.path} (${resultIds.length} results)`,
        battleId: body.battle?.id ?? body.results[0]?.battleId,
        resultIds,
      };
      const payload = body.battle
        ? { battle: body.battle, results: body.results }
        : { results: body.results };
      return call(e, endpointUrl(e), payload, sent, parsed(e));
    },

    async postResults(battle, results) {
      const totals: IngestTotals = { created: 0, duplicates: 0, battleCreated: false, requests: 0 };
      const acceptedIds: string[] = [];
      let attempts = 0;
      let status = 200;
      const chunks = chunkResults(results, limits);
      for (const [i, chunk] of chunks.entries()) {
        const out = await client.postResultsBatch({ battle: i === 0 ? battle : undefined, results: chunk });
        attempts += out.attempts;
        if (!out.ok) return { ...out, attempts, acceptedIds };
        totals.requests += 1;
        totals.created += out.value?.created ?? 0;
        totals.duplicates += out.value?.duplicates ?? 0;
        totals.battleCreated ||= out.value?.battleCreated ?? false;
        if (out.status === 201) status = 201;
        acceptedIds.push(...chunk.map((r) => r.id));
      }
      return { ok: true, status, value: totals, attempts };
    },

    postEvaluations(resultId, evaluations) {
      const id = IdSchema.parse(resultId);
      const e = endpoints.postEvaluations;
      return call(e, endpointUrl(e, { id }), { evaluations }, { resultIds: [id] }, parsed(e));
    },

    postCrossExamination(x) {
      const id = IdSchema.parse(x.battleId);
      const e = endpoints.postCrossExamination;
      return call(e, endpointUrl(e, { id }), x, { battleId: id }, (json) => {
        const stored = parsed(e)(json);
        return stored ? { id: stored.id } : null;
      });
    },

    putSuite(source) {
      const name = IdSchema.parse(source.name);
      const e = endpoints.putSuite;
      return call(e, endpointUrl(e, { name }), source, {}, (_json, status) => ({ created: status === 201 }));
    },

    getSuite(name, version) {
      const n = IdSchema.parse(name);
      const e = endpoints.getSuite;
      return call(e, endpointUrl(e, { name: n }, { version }), undefined, {}, parsed(e));
    },

    getBattle(battleId) {
      const id = IdSchema.parse(battleId);
      const e = endpoints.getBattle;
      return call(e, endpointUrl(e, { id }), undefined, { battleId: id }, parsed(e));
    },
  };
  return client;
}

/** undici says "fetch failed" and puts the reason (ECONNREFUSED, UND_ERR_SOCKET…) in `cause`. */
function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: unknown; message?: unknown } | undefined;
  const reason =
    typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return reason ? `${err.message} (${reason})` : err.message;
}

function redactOutcome<T>(outcome: UploadOutcome<T>, redact: (s: string) => string): UploadOutcome<T> {
  return outcome.ok ? outcome : { ...outcome, message: redact(outcome.message) };
}
