import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BattleEvent } from '@ringside/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { createLivePublisher, type LivePublishError, type PublishFetch } from './publisher.ts';

interface Received {
  url: string;
  auth: string | undefined;
  type: string | undefined;
  events: BattleEvent[];
}

/**
 * A local API that answers each POST with the next scripted reply (then 200): a status, or
 * 'reset' to destroy the connection. `next()` waits for the next request, no sleeping.
 */
async function startApi(script: (number | 'reset')[] = []) {
  const received: Received[] = [];
  const waiters: ((r: Received) => void)[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const r: Received = {
        url: req.url ?? '',
        auth: req.headers.authorization,
        type: req.headers['content-type'],
        events: JSON.parse(body),
      };
      received.push(r);
      waiters.shift()?.(r);
      const reply = script.shift() ?? 200;
      if (reply === 'reset') return req.socket.destroy();
      res.writeHead(reply, { 'content-type': 'application/json' }).end(reply === 200 ? '{}' : '{"error":{}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    next: () => new Promise<Received>((resolve) => waiters.push(resolve)),
  };
}
const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

const at = '2026-11-22T01:00:00.000Z';
const slot = { battleId: 'b1', contestantId: 'c1', taskId: 't1', repeat: 0, at };
const delta = (seq: number): BattleEvent => ({
  type: 'token-delta',
  ...slot,
  seq,
  text: `t${seq} `,
  offsetsMs: [seq * 20],
  chars: [3],
  tokens: 1,
});
const end: BattleEvent = { type: 'battle-end', battleId: 'b1', at, state: 'done' };
const opts = { token: 'rsk_test.secret', battleId: 'b1', retryDelayMs: 1 };

describe('createLivePublisher', () => {
  it('posts queued events as one ordered batch with the runner token', async () => {
    const api = await startApi();
    const pub = createLivePublisher({ ...opts, baseUrl: api.baseUrl });
    for (let i = 0; i < 5; i++) pub.publish(delta(i));
    await pub.flush();
    expect(api.received).toHaveLength(1);
    expect(api.received[0]).toMatchObject({
      url: '/api/battles/b1/events',
      auth: 'Bearer rsk_test.secret',
      type: 'application/json',
    });
    expect(api.received[0]?.events.map((e) => (e.type === 'token-delta' ? e.seq : -1))).toEqual([
      0, 1, 2, 3, 4,
    ]);
    expect(pub.stats()).toMatchObject({ published: 5, sent: 5, dropped: 0, requests: 1 });
  });

  it('flushes by itself after flushMs', async () => {
    const api = await startApi();
    const pub = createLivePublisher({ ...opts, baseUrl: api.baseUrl, flushMs: 20 });
    const request = api.next();
    pub.publish(delta(0));
    expect((await request).events).toHaveLength(1);
  });

  it('sends at once when maxBatch events wait, and when the battle ends', async () => {
    const api = await startApi();
    const pub = createLivePublisher({ ...opts, baseUrl: api.baseUrl, flushMs: 600_000, maxBatch: 3 });
    let request = api.next();
    for (let i = 0; i < 3; i++) pub.publish(delta(i));
    expect((await request).events).toHaveLength(3);
    request = api.next();
    pub.publish(end);
    expect((await request).events.map((e) => e.type)).toEqual(['battle-end']);
  });

  it('retries a batch after a 503 and a reset connection, then delivers it', async () => {
    const api = await startApi([503, 'reset']);
    const pub = createLivePublisher({ ...opts, baseUrl: api.baseUrl });
    pub.publish(delta(0));
    pub.publish(delta(1));
    await pub.flush();
    expect(api.received.map((r) => r.events.length)).toEqual([2, 2, 2]);
    expect(pub.stats()).toMatchObject({ sent: 2, dropped: 0, requests: 3, failedBatches: 0 });
  });

  it('drops a batch whose retries are used up, reports it, and sends the next one', async () => {
    const api = await startApi([500, 500, 500]);
    const errors: LivePublishError[] = [];
    const pub = createLivePublisher({
      ...opts,
      baseUrl: api.baseUrl,
      retries: 2,
      onError: (e) => errors.push(e),
    });
    pub.publish(delta(0));
    await pub.flush();
    pub.publish(delta(1));
    await pub.flush();
    expect(api.received).toHaveLength(4);
    expect(pub.stats()).toMatchObject({ sent: 1, dropped: 1, failedBatches: 1 });
    expect(errors).toEqual([expect.objectContaining({ status: 500, events: 1, attempts: 3 })]);
  });

  it('does not retry a 400: the batch is wrong, not the network', async () => {
    const api = await startApi([400]);
    const pub = createLivePublisher({ ...opts, baseUrl: api.baseUrl });
    pub.publish(delta(0));
    await pub.flush();
    expect(api.received).toHaveLength(1);
    expect(pub.stats()).toMatchObject({ dropped: 1, failedBatches: 1 });
  });

  it('never throws when the API is unreachable: the batch is dropped after its retries', async () => {
    const api = await startApi();
    const baseUrl = api.baseUrl;
    for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
    const pub = createLivePublisher({ ...opts, baseUrl, retries: 1 });
    expect(() => pub.publish(delta(0))).not.toThrow();
    await pub.flush();
    expect(pub.stats()).toMatchObject({ sent: 0, dropped: 1, requests: 2 });
  });

  it('bounds its queue while the API hangs: later token-deltas are dropped, the battle-end is kept', async () => {
    let release: () => void = () => {};
    const hung = new Promise<void>((resolve) => {
      release = resolve;
    });
    const bodies: BattleEvent[][] = [];
    const fetch: PublishFetch = async (_url, init) => {
      bodies.push(JSON.parse(init.body));
      await hung;
      return { status: 200, text: async () => '{}' };
    };
    const pub = createLivePublisher({ ...opts, baseUrl: 'http://api', fetch, maxBatch: 10, maxQueue: 20 });
    for (let i = 0; i < 10; i++) pub.publish(delta(i)); // the first batch, now in flight
    for (let i = 10; i < 40; i++) pub.publish(delta(i)); // 20 fit in the queue, 10 are dropped
    pub.publish(end);
    expect(pub.stats()).toMatchObject({ published: 41, dropped: 10 });
    release();
    await pub.close();
    const sent = bodies.flat();
    expect(sent).toHaveLength(31);
    expect(sent.at(-1)?.type).toBe('battle-end');
    expect(pub.stats()).toMatchObject({ sent: 31, dropped: 10 });
  });

  it('ignores events published after close()', async () => {
    const api = await startApi();
    const pub = createLivePublisher({ ...opts, baseUrl: api.baseUrl });
    pub.publish(delta(0));
    await pub.close();
    pub.publish(delta(1));
    await pub.flush();
    expect(api.received.flatMap((r) => r.events)).toHaveLength(1);
    expect(pub.stats()).toMatchObject({ sent: 1, dropped: 1 });
  });

  it('gives a batch one attempt while the API counts as down, and retries again once it is back', async () => {
    const api = await startApi([500, 500, 500, 500, 200, 500, 200]);
    const pub = createLivePublisher({ ...opts, baseUrl: api.baseUrl, retries: 2 });
    for (let i = 0; i < 4; i++) {
      pub.publish(delta(i));
      await pub.flush();
    }
    // 3 attempts (dropped), then down: 1 (dropped), 1 (through, up again), then 2 (a retry).
    expect(api.received.map((r) => r.events[0]?.type === 'token-delta' && r.events[0].seq)).toEqual([
      0, 0, 0, 1, 2, 3, 3,
    ]);
    expect(pub.stats()).toMatchObject({ sent: 2, dropped: 2, requests: 7 });
  });

  it('gives up at close() after its timeout while the API hangs, dropping what is left', async () => {
    const fetch: PublishFetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal.addEventListener('abort', () => reject(init.signal.reason));
      });
    const pub = createLivePublisher({ ...opts, baseUrl: 'http://api', fetch, maxBatch: 2 });
    for (let i = 0; i < 5; i++) pub.publish(delta(i));
    await pub.close({ timeoutMs: 50 });
    expect(pub.stats()).toMatchObject({ published: 5, sent: 0, dropped: 5 });
  });
});
