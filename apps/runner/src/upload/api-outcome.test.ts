import { describe, expect, it } from 'vitest';
import { classifyResponse, conflictIds } from './api-outcome.ts';

const headers = (h: Record<string, string> = {}) => new Headers(h);
const body = (code: string, message: string, details: unknown[] = []) =>
  JSON.stringify({ error: { code, message, details } });
const sent = { label: 'POST /api/results/batch', battleId: 'b1', resultIds: ['r-0', 'r-1', 'r-2'] };

describe('classifyResponse', () => {
  it('sorts statuses: 2xx done, 408/429/5xx retry, other 4xx final', () => {
    const kind = (status: number) => {
      const out = classifyResponse({ status, headers: headers(), text: '' }, sent, () => null, 0);
      return 'retry' in out ? 'retry' : out.done.ok ? 'ok' : out.done.kind;
    };
    expect([200, 201, 400, 401, 403, 404, 408, 409, 413, 429, 500, 502, 503].map(kind)).toEqual([
      'ok',
      'ok',
      'refused',
      'unauthorized',
      'forbidden',
      'refused',
      'retry',
      'conflict',
      'refused',
      'retry',
      'retry',
      'retry',
      'retry',
    ]);
  });

  it('keeps the API error code and message, and a plain-text body when there is no JSON', () => {
    const json = classifyResponse(
      { status: 413, headers: headers(), text: body('payload_too_large', 'over 64 MB') },
      sent,
      () => null,
      0,
    );
    expect(json).toMatchObject({
      done: {
        code: 'payload_too_large',
        message: 'POST /api/results/batch: HTTP 413 payload_too_large: over 64 MB',
      },
    });
    const text = classifyResponse(
      { status: 502, headers: headers(), text: 'Bad gateway\n' },
      sent,
      () => null,
      0,
    );
    expect(text).toMatchObject({
      retry: { message: 'POST /api/results/batch: HTTP 502 http_502: Bad gateway', status: 502 },
    });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 10, 22, 12, 0, 0);
    const secs = classifyResponse(
      { status: 429, headers: headers({ 'retry-after': '1.5' }), text: '' },
      sent,
      () => null,
      now,
    );
    const date = classifyResponse(
      { status: 503, headers: headers({ 'retry-after': new Date(now + 4_000).toUTCString() }), text: '' },
      sent,
      () => null,
      now,
    );
    expect(secs).toMatchObject({ retry: { retryAfterMs: 1_500 } });
    expect(date).toMatchObject({ retry: { retryAfterMs: 4_000 } });
  });
});

describe('conflictIds', () => {
  it('takes stored-conflict ids from the details id field', () => {
    const error = {
      message: '2 result id(s) are already stored',
      details: [{ path: 'results', message: "result 'r-2' differs", id: 'r-2' }],
    };
    expect(conflictIds('result_conflict', error, sent)).toEqual(['r-2']);
  });

  it('maps a results.<i>.id path to the id that was sent at i', () => {
    const error = {
      message: "result 'r-1' appears twice with different bodies",
      details: [{ path: 'results.1.id', message: 'duplicate id with a different body' }],
    };
    expect(conflictIds('result_conflict', error, sent)).toEqual(['r-1']);
  });

  it('names the battle for battle conflicts, never a state quoted in the message', () => {
    const error = {
      message: "a battle cannot go from 'done' to 'running'",
      details: [{ path: 'state', message: "'done' → 'running' is not allowed" }],
    };
    expect(conflictIds('invalid_transition', error, sent)).toEqual(['b1']);
    expect(conflictIds('battle_locked', undefined, sent)).toEqual(['b1']);
  });
});
