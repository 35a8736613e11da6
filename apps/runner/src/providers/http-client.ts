import { type Dispatcher, fetch as undiciFetch } from 'undici';
import { type Clock, monotonicClock, readTimedChunks, type TimedChunk } from '../stream/timed-chunks.ts';
import { type HeadersLike, httpError } from './http-error.ts';
import { describeError, type StreamGuard } from './stream-guard.ts';
import { ProviderError } from './types.ts';

/**
 * The HTTP edge every provider shares: an injected fetch (undici's by default) and dispatcher, the
 * base URL, and the clock that stamps arrivals. Nothing here reads the environment.
 */
export interface HttpResponseLike {
  ok: boolean;
  status: number;
  statusText: string;
  headers: HeadersLike;
  body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}

export interface HttpRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
}

export type FetchLike = (url: string, init: HttpRequestInit) => Promise<HttpResponseLike>;

export interface HttpTarget {
  /** server root; a trailing `/v1` is accepted and ignored, so OpenAI-style base URLs work too */
  baseUrl: string;
  fetch?: FetchLike;
  dispatcher?: Dispatcher;
  /** sent with every request (API keys, versions) */
  headers?: Record<string, string>;
  /** stamps chunk arrivals and times loads; `performance.now` unless a test injects one */
  now?: Clock;
}

export function joinUrl(baseUrl: string, path: string): string {
  const root = baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  return `${root}${path}`;
}

const defaultFetch: FetchLike = (url, init) => undiciFetch(url, init);

function send(target: HttpTarget, path: string, init: Omit<HttpRequestInit, 'dispatcher'>) {
  const fetchImpl = target.fetch ?? defaultFetch;
  const headers = { ...target.headers, ...init.headers };
  return fetchImpl(joinUrl(target.baseUrl, path), {
    ...init,
    headers,
    ...(target.dispatcher ? { dispatcher: target.dispatcher } : {}),
  });
}

/**
 * POSTs a JSON body and returns the streamed response body as timed chunks. A non-2xx answer
 * becomes an http-error/rate-limited ProviderError carrying the vendor's message.
 */
export async function openStream(
  target: HttpTarget,
  path: string,
  body: unknown,
  guard: StreamGuard,
  accept = 'text/event-stream',
): Promise<AsyncGenerator<TimedChunk>> {
  let res: HttpResponseLike;
  try {
    res = await send(target, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify(body),
      signal: guard.signal,
    });
  } catch (err) {
    throw guard.ioError(err, 'connect');
  }
  guard.headersReceived();
  if (!res.ok) {
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw guard.ioError(err, 'body');
    }
    throw httpError(res.status, res.headers, text, res.statusText);
  }
  if (!res.body) throw new ProviderError('malformed-stream', `HTTP ${res.status} with no body`);
  return readTimedChunks(res.body, {
    now: target.now ?? monotonicClock,
    mapError: (e) => guard.ioError(e, 'body'),
  });
}

export interface JsonReply {
  status: number;
  ok: boolean;
  headers: HeadersLike;
  text: string;
  /** the parsed body, or undefined when it is not JSON */
  json: unknown;
}

/**
 * A small non-streaming request (model lists, load calls, warm-ups). Network failures, the
 * timeout and the caller's abort become ProviderErrors; the status is left to the caller, since
 * some 4xx answers are expected (e.g. llama-server's "model is already running").
 */
export async function requestJson(
  target: HttpTarget,
  method: 'GET' | 'POST',
  path: string,
  opts: { body?: unknown; timeoutMs: number; signal?: AbortSignal },
): Promise<JsonReply> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  try {
    const res = await send(target, path, {
      method,
      headers: {
        accept: 'application/json',
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
      signal,
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, ok: res.ok, headers: res.headers, text, json };
  } catch (err) {
    if (opts.signal?.aborted)
      throw new ProviderError('stopped', `${method} ${path} was stopped`, { cause: err });
    if (timeout.aborted) {
      throw new ProviderError(
        'total-timeout',
        `${method} ${path} got no answer within ${opts.timeoutMs} ms`,
        {
          isRetryable: true,
          cause: err,
        },
      );
    }
    throw new ProviderError('connection-reset', `${method} ${path} failed: ${describeError(err)}`, {
      isRetryable: true,
      cause: err,
    });
  }
}

/** The reply's JSON when the status is 2xx, else the matching ProviderError. */
export function expectOk(reply: JsonReply, what: string): unknown {
  if (!reply.ok) {
    const err = httpError(reply.status, reply.headers, reply.text);
    throw new ProviderError(err.kind, `${what}: ${err.message}`, {
      status: err.status,
      isRetryable: err.isRetryable,
      retryAfterS: err.retryAfterS,
    });
  }
  if (reply.json === undefined)
    throw new ProviderError('malformed-stream', `${what}: the answer is not JSON`);
  return reply.json;
}
