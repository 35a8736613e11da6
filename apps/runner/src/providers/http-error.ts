import { ProviderError } from './types.ts';

/**
 * Turns a non-2xx response into a ProviderError with the vendor's own message. Known bodies:
 * OpenAI/OpenRouter/llama.cpp/llama-swap `{"error":{"message",...}}`, Anthropic
 * `{"type":"error","error":{"type","message"}}`, Ollama `{"error":"..."}`, vLLM
 * `{"object":"error","message"}`, FastAPI `{"detail":"..."}`, and plain text (llama-swap ≤v217).
 */
export interface HeadersLike {
  get(name: string): string | null;
}

const MAX_MESSAGE = 500;

export function extractErrorMessage(body: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const text = body.trim();
    return text === '' ? undefined : truncate(text);
  }
  if (!isRecord(json)) return undefined;
  const { error } = json;
  if (typeof error === 'string') return truncate(error);
  if (isRecord(error) && typeof error.message === 'string') {
    const tag =
      typeof error.code === 'string' ? error.code : typeof error.type === 'string' ? error.type : undefined;
    // OpenRouter wraps an upstream failure as "Provider returned error" with the detail in metadata.raw.
    const raw =
      isRecord(error.metadata) && typeof error.metadata.raw === 'string' ? error.metadata.raw : undefined;
    const message = raw ? `${error.message}: ${raw}` : error.message;
    return truncate(tag ? `${message} (${tag})` : message);
  }
  if (typeof json.message === 'string') return truncate(json.message);
  if (typeof json.detail === 'string') return truncate(json.detail);
  return undefined;
}

/** Seconds to wait, from `retry-after-ms` (OpenAI) or `retry-after` (seconds or an HTTP date). */
export function parseRetryAfter(headers: HeadersLike, nowMs: number = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms / 1000;
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - nowMs) / 1000);
}

/** 408, 409, 429 and 5xx may pass on retry; `x-should-retry` (Anthropic, OpenAI) overrides. */
export function isRetryableStatus(status: number, headers?: HeadersLike): boolean {
  const hint = headers?.get('x-should-retry');
  if (hint === 'true') return true;
  if (hint === 'false') return false;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function httpError(
  status: number,
  headers: HeadersLike,
  body: string,
  statusText = '',
): ProviderError {
  const detail = extractErrorMessage(body) ?? (statusText || 'no message');
  return new ProviderError(status === 429 ? 'rate-limited' : 'http-error', `HTTP ${status}: ${detail}`, {
    status,
    isRetryable: isRetryableStatus(status, headers),
    retryAfterS: parseRetryAfter(headers),
  });
}

function truncate(s: string): string {
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
