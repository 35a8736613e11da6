import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { llamaRecording } from './fixtures.ts';
import {
  fromRecording,
  jsonResponse,
  type ReplayServer,
  sseResponse,
  startReplayServer,
  trickle,
  withFault,
} from './replay-server.ts';

/** A raw GET that reports each body read with its time since the request, and how the response ended. */
function get(url: string, timeoutMs = 2_000) {
  return new Promise<{ status?: number; reads: { t: number; text: string }[]; end: string }>((resolve) => {
    const t0 = performance.now();
    const reads: { t: number; text: string }[] = [];
    const req = httpRequest(url, (res) => {
      res.on('data', (b: Buffer) => reads.push({ t: performance.now() - t0, text: b.toString('latin1') }));
      res.on('end', () => resolve({ status: res.statusCode!, reads, end: 'complete' }));
      res.on('error', (e: NodeJS.ErrnoException) =>
        resolve({ status: res.statusCode!, reads, end: e.code ?? e.message }),
      );
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ reads, end: e.code ?? e.message }));
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      resolve({ reads, end: 'client-timeout' });
    });
    req.end();
  });
}

describe('replay server', () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer();
  });
  afterAll(() => server.close());

  it('replays a recording byte for byte, never before each chunk’s recorded time', async () => {
    const rec = llamaRecording('router-chat-warm-b');
    server.route('GET', '/warm', fromRecording(rec));
    const res = await get(`${server.baseUrl}/warm`);
    expect(res.status).toBe(200);
    expect(res.reads.map((r) => r.text).join('')).toBe(
      Buffer.from(rec.chunks.map((c) => c.bytes_utf8).join(''), 'utf8').toString('latin1'),
    );
    expect(res.reads[0]!.t).toBeGreaterThanOrEqual(rec.chunks[0]!.t_ms);
    expect(res.reads.at(-1)!.t).toBeGreaterThanOrEqual(rec.chunks.at(-1)!.t_ms);
  });

  it('answers routes in turn, repeating the last, and records the requests', async () => {
    server.route('GET', '/seq', jsonResponse(503, {}), jsonResponse(200, { ok: true }));
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(`${server.baseUrl}/seq`)).status);
    expect(statuses).toEqual([503, 200, 200]);
    expect(server.requests.filter((r) => r.path === '/seq')).toHaveLength(3);
    expect((await get(`${server.baseUrl}/nothing`)).status).toBe(404);
  });

  it('resets the connection after the given number of chunks', async () => {
    server.route(
      'GET',
      '/reset',
      withFault(sseResponse('data: 1\n\ndata: 2\n\n'), { kind: 'reset', afterChunks: 0 }),
    );
    const res = await get(`${server.baseUrl}/reset`);
    expect(res.reads).toEqual([]);
    expect(res.end).toBe('ECONNRESET');
  });

  it('stalls before the headers or after some chunks', async () => {
    server.route('GET', '/stall-h', { fault: { kind: 'stall-before-headers' } });
    expect((await get(`${server.baseUrl}/stall-h`, 100)).end).toBe('client-timeout');
    server.route(
      'GET',
      '/stall-b',
      withFault(sseResponse('data: 1\n\ndata: 2\n\n'), { kind: 'stall', afterChunks: 1 }),
    );
    const res = await get(`${server.baseUrl}/stall-b`, 100);
    expect(res.end).toBe('client-timeout');
    expect(res.reads.map((r) => r.text).join('')).toBe('data: 1\n\n');
  });

  it('trickles a body in pieces of the given size, splitting multi-byte characters', () => {
    // 'data: ' (6 bytes) + '━' (3 bytes: e2 94 81) + '\n\n'
    const resp = trickle(sseResponse('data: ━\n\n'), 2, 1);
    expect(resp.chunks!.map((c) => Buffer.from(c.data).toString('hex'))).toEqual([
      '6461',
      '7461',
      '3a20',
      'e294',
      '810a',
      '0a',
    ]);
    expect(resp.chunks!.map((c) => c.atMs)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
