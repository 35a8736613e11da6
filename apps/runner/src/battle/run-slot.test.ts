import type { BattleEvent, Contestant, Task } from '@ringside/shared';
import { decodeChunkArrivals, ResultSchema } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { type Provider, ProviderError, type StreamPart, type StreamRequest } from '../providers/types.ts';
import { runSlot, type Slot } from './run-slot.ts';

const contestant: Contestant = {
  id: 'c1',
  provider: 'fake',
  model: 'm',
  lane: 'local',
  sampling: { temperature: 0 },
  persona: { name: 'terse', systemPrompt: 'Be brief.' },
};
const task: Task = {
  id: 't1',
  category: 'other',
  prompt: 'Say hi',
  system: 'You are a test.',
  assertions: [],
};
const slot: Slot = { resultId: 'b1.c1.t1.0', battleId: 'b1', contestant, task, repeat: 0 };
const timeouts = { connectMs: 1000, firstTokenMs: 1000, totalMs: 5000 };

/** A provider that plays scripted parts with given `at` stamps on a manual clock. */
function scripted(attempts: (StreamPart | Error)[][], opts: { loadMs?: number | null } = {}) {
  const requests: StreamRequest[] = [];
  let call = 0;
  const provider: Provider = {
    id: 'fake',
    lane: 'local',
    async *doStream(req) {
      requests.push(req);
      for (const p of attempts[call++] ?? []) {
        if (p instanceof Error) throw p;
        yield p;
      }
    },
    ...(opts.loadMs !== undefined
      ? { prepare: async () => ({ loadMs: opts.loadMs ?? null, source: 'warmup' as const }) }
      : {}),
  };
  return { provider, requests };
}

const clock = () => 1000; // t0 = 1000 ms; parts carry absolute `at` values
const text = (t: string, at: number): StreamPart => ({ type: 'text-delta', text: t, at });

describe('runSlot', () => {
  it('derives TTFT, E2E, TPOT and tok/s from arrival stamps relative to the request', async () => {
    const { provider, requests } = scripted([
      [
        text('Hel', 1050),
        text('lo', 1055),
        text(' there', 1060),
        { type: 'usage', promptTokens: 12, outputTokens: 3 },
        {
          type: 'server-timings',
          timings: { engine: 'llama.cpp', predictedPerSecond: 210.5, predictedTokens: 3 },
        },
        { type: 'finish', reason: 'stop' },
      ],
    ]);
    const r = await runSlot(slot, { provider, model: 'm', timeouts, clock });
    expect(ResultSchema.parse(r)).toBeTruthy();
    expect(r.status).toBe('ok');
    expect(r.output.text).toBe('Hello there');
    expect(r.metrics).toMatchObject({
      ttftMs: 50,
      e2eMs: 60,
      tpotMs: 5,
      decodeTpsClient: 200,
      decodeTpsServer: 210.5,
      promptTokens: 12,
      outputTokens: 3,
      outputTokensSource: 'usage',
    });
    expect(decodeChunkArrivals(r.chunks!)).toEqual([50, 55, 60]);
    expect(r.chunks?.chars).toEqual([3, 2, 6]);
    expect(requests[0]?.messages).toEqual([
      { role: 'system', content: 'You are a test.\n\nBe brief.' },
      { role: 'user', content: 'Say hi' },
    ]);
    expect(requests[0]?.sampling).toEqual({ temperature: 0 });
  });

  it('counts reasoning for TTFT but keeps it out of the answer text', async () => {
    const { provider } = scripted([[{ type: 'reasoning-delta', text: 'hmm', at: 1020 }, text('ok', 1040)]]);
    const r = await runSlot(slot, { provider, model: 'm', timeouts, clock });
    expect(r.metrics.ttftMs).toBe(20);
    expect(r.output).toEqual({ text: 'ok', reasoning: 'hmm' });
    expect(r.metrics.outputTokensSource).toBe('chunks');
  });

  it('keeps model load time apart from TTFT', async () => {
    const { provider } = scripted([[text('a', 1010)]], { loadMs: 1234 });
    const events: BattleEvent[] = [];
    const r = await runSlot(slot, { provider, model: 'm', timeouts, clock, onEvent: (e) => events.push(e) });
    expect(r.metrics.loadMs).toBe(1234);
    expect(r.metrics.ttftMs).toBe(10);
    expect(events.map((e) => e.type)).toEqual([
      'contestant-start',
      'contestant-load',
      'token-delta',
      'result-end',
    ]);
  });

  it('turns a failure mid-stream into an error result that keeps the partial output', async () => {
    const { provider } = scripted([
      [
        text('par', 1010),
        text('tial', 1020),
        new ProviderError('connection-reset', 'socket hang up', { isRetryable: false }),
      ],
    ]);
    const events: BattleEvent[] = [];
    const r = await runSlot(slot, { provider, model: 'm', timeouts, clock, onEvent: (e) => events.push(e) });
    expect(r.status).toBe('error');
    expect(r.output.text).toBe('partial');
    expect(r.error).toMatchObject({
      kind: 'connection-reset',
      message: 'socket hang up',
      retryable: false,
      attempts: 1,
    });
    expect(events.some((e) => e.type === 'contestant-error')).toBe(true);
    expect(ResultSchema.safeParse(r).success).toBe(true);
  });

  it('retries a retryable failure before any token, honouring Retry-After, and reports the attempts', async () => {
    const { provider, requests } = scripted([
      [new ProviderError('rate-limited', 'slow down', { status: 429, isRetryable: true, retryAfterS: 2 })],
      [text('ok', 1005)],
    ]);
    const waits: number[] = [];
    const r = await runSlot(slot, {
      provider,
      model: 'm',
      timeouts,
      clock,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(r.status).toBe('ok');
    expect(requests).toHaveLength(2);
    expect(waits).toEqual([2000]);
  });

  it('gives up after the attempt limit and records every attempt', async () => {
    const fail = new ProviderError('http-error', 'bad gateway', { status: 502, isRetryable: true });
    const { provider, requests } = scripted([[fail], [fail], [fail], [fail]]);
    const r = await runSlot(slot, { provider, model: 'm', timeouts, clock, sleep: async () => {} });
    expect(requests).toHaveLength(3);
    expect(r.error).toMatchObject({ kind: 'http-error', status: 502, attempts: 3 });
  });

  it('never retries once a token has streamed', async () => {
    const { provider, requests } = scripted([
      [text('x', 1001), new ProviderError('connection-reset', 'gone', { isRetryable: true })],
      [text('y', 1001)],
    ]);
    const r = await runSlot(slot, { provider, model: 'm', timeouts, clock, sleep: async () => {} });
    expect(requests).toHaveLength(1);
    expect(r.output.text).toBe('x');
  });

  it('records a stopped battle as stopped, not as an error', async () => {
    const ac = new AbortController();
    const { provider } = scripted([
      [text('a', 1001), new ProviderError('stopped', 'the request was stopped')],
    ]);
    ac.abort();
    const r = await runSlot(slot, { provider, model: 'm', timeouts, clock, signal: ac.signal });
    expect(r.status).toBe('stopped');
    expect(r.error?.kind).toBe('stopped');
  });

  it('turns a model that fails to load into an error result', async () => {
    const provider: Provider = {
      id: 'fake',
      lane: 'local',
      doStream: async function* () {},
      prepare: async () => {
        throw new ProviderError('provider-error', 'no such model');
      },
    };
    const r = await runSlot(slot, { provider, model: 'm', timeouts, clock });
    expect(r.status).toBe('error');
    expect(r.error?.message).toBe('no such model');
    expect(r.metrics.ttftMs).toBeNull();
  });
});
