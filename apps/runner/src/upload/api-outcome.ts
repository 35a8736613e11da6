import type { ApiErrorDetail } from '@ringside/shared';
import { ApiErrorSchema } from '@ringside/shared';
import { type HeadersLike, parseRetryAfter } from '../providers/http-error.ts';
import type { Attempt } from './with-retry.ts';

/**
 * What an upload came to, as a value (never thrown): accepted, or why not. `retryable` failures
 * (API unreachable, 429, 5xx) may pass later; the others will not pass as they are.
 */
export interface UploadSuccess<T> {
  ok: true;
  status: number;
  value: T;
  attempts: number;
}

export type UploadFailure =
  | {
      ok: false;
      kind: 'unavailable';
      retryable: true;
      /** the last status seen, or null when no answer came */
      status: number | null;
      retryAfterMs: number | null;
      message: string;
      attempts: number;
    }
  | {
      ok: false;
      kind: 'unauthorized';
      retryable: false;
      status: 401;
      code: string;
      message: string;
      attempts: number;
    }
  | {
      ok: false;
      kind: 'forbidden';
      retryable: false;
      status: 403;
      code: string;
      message: string;
      attempts: number;
    }
  | {
      ok: false;
      kind: 'conflict';
      retryable: false;
      status: 409;
      code: string;
      message: string;
      /** the result ids (result_conflict) or the battle id (battle_*, invalid_transition) in conflict */
      ids: string[];
      attempts: number;
    }
  | {
      ok: false;
      kind: 'refused';
      retryable: false;
      status: number;
      code: string;
      message: string;
      details: ApiErrorDetail[];
      attempts: number;
    };

export type UploadOutcome<T> = UploadSuccess<T> | UploadFailure;

type WithoutAttempts<T> = T extends unknown ? Omit<T, 'attempts'> : never;
export type Settled<T> = WithoutAttempts<UploadOutcome<T>>;

/** What was sent, so a 409 can be turned into the ids it is about. */
export interface SentIds {
  label: string;
  battleId?: string | undefined;
  resultIds?: readonly string[] | undefined;
}

export interface RawResponse {
  status: number;
  headers: HeadersLike;
  text: string;
}

/** Sorts one HTTP answer: 2xx done, 408/429/5xx worth a retry, any other 4xx a final refusal. */
export function classifyResponse<T>(
  res: RawResponse,
  sent: SentIds,
  parse: (json: unknown, status: number) => T,
  nowMs: number,
): Attempt<Settled<T>> {
  const { status } = res;
  if (status >= 200 && status < 300) {
    return { done: { ok: true, status, value: parse(parseJson(res.text), status) } };
  }
  const error = ApiErrorSchema.safeParse(parseJson(res.text)).data?.error;
  const code = error?.code ?? `http_${status}`;
  const detail = error?.message ?? (res.text.trim().slice(0, 300) || 'no message');
  const message = `${sent.label}: HTTP ${status} ${code}: ${detail}`;
  if (status === 408 || status === 429 || status >= 500) {
    const seconds = parseRetryAfter(res.headers, nowMs);
    return {
      retry: { message, status, retryAfterMs: seconds === undefined ? null : Math.ceil(seconds * 1000) },
    };
  }
  const base = { ok: false, retryable: false, code, message } as const;
  if (status === 401) return { done: { ...base, kind: 'unauthorized', status } };
  if (status === 403) return { done: { ...base, kind: 'forbidden', status } };
  if (status === 409)
    return { done: { ...base, kind: 'conflict', status, ids: conflictIds(code, error, sent) } };
  return { done: { ...base, kind: 'refused', status, details: error?.details ?? [] } };
}

/**
 * The ids a 409 is about. `result_conflict` names results in its details (an `id` field for ids
 * already stored, a `results.<i>.id` path for a clash inside the request); every other 409 of the
 * API (battle_conflict, battle_locked, invalid_transition) is about the battle.
 */
export function conflictIds(
  code: string,
  error: { message: string; details?: ApiErrorDetail[] | undefined } | undefined,
  sent: SentIds,
): string[] {
  if (code !== 'result_conflict') return sent.battleId ? [sent.battleId] : [];
  const ids = new Set<string>();
  for (const d of error?.details ?? []) {
    if (typeof d.id === 'string') {
      ids.add(d.id);
      continue;
    }
    const index = /^results\.(\d+)/.exec(d.path)?.[1];
    const byIndex = index === undefined ? undefined : sent.resultIds?.[Number(index)];
    const quoted = /result '([^']+)'/.exec(d.message)?.[1];
    const id = byIndex ?? quoted;
    if (id) ids.add(id);
  }
  const inMessage = /result '([^']+)'/.exec(error?.message ?? '')?.[1];
  if (ids.size === 0 && inMessage) ids.add(inMessage);
  return [...ids];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
