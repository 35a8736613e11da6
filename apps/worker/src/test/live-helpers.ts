import { exports } from 'cloudflare:workers';
import {
  type BattleEventInput,
  type ViewerBatch,
  ViewerBatchSchema,
  type ViewerFrame,
  ViewerFrameSchema,
} from '@ringside/shared';

/** Test helpers for live battles: events to publish, and a viewer that waits for messages. */

const at = (ms: number) => new Date(Date.UTC(2026, 10, 22, 1, 0, 0, ms)).toISOString();

export function liveEvents(battleId: string) {
  const slot = (contestantId: string) => ({ battleId, contestantId, taskId: 't1', repeat: 0 });
  return {
    start: (ms = 0): BattleEventInput => ({
      type: 'battle-start',
      battleId,
      at: at(ms),
      title: 'Haiku about the sea',
      battleType: 'qa',
      contestants: [
        { id: 'c1', provider: 'embedded', model: 'tiny', lane: 'local' },
        { id: 'c2', provider: 'ollama', model: 'llama3.2', lane: 'local' },
      ],
      tasks: [{ id: 't1', prompt: 'Write a haiku about the sea.' }],
    }),
    slotStart: (c: string, ms = 1): BattleEventInput => ({
      type: 'contestant-start',
      ...slot(c),
      at: at(ms),
    }),
    delta: (c: string, seq: number, text: string, offsetMs = 10 + seq * 50): BattleEventInput => ({
      type: 'token-delta',
      ...slot(c),
      at: at(100 + seq),
      seq,
      text,
      offsetsMs: [offsetMs],
      chars: [text.length],
      tokens: 1,
    }),
    resultEnd: (c: string, ms = 900): BattleEventInput => ({
      type: 'result-end',
      ...slot(c),
      at: at(ms),
      status: 'ok',
      metrics: {
        ttftMs: 10,
        e2eMs: 200,
        tpotMs: 5,
        itlMs: null,
        decodeTpsClient: 200,
        decodeTpsServer: null,
        promptTokens: 12,
        outputTokens: 3,
        outputTokensSource: 'usage',
        loadMs: null,
        costUsd: null,
      },
      error: null,
    }),
    end: (ms = 999): BattleEventInput => ({ type: 'battle-end', battleId, at: at(ms), state: 'done' }),
    stop: (ms = 999): BattleEventInput => ({ type: 'battle-stop', battleId, at: at(ms), reason: 'owner' }),
  };
}

export interface Closed {
  code: number;
  reason: string;
}

/**
 * A viewer connected through the worker's fetch handler. Messages are queued as they arrive;
 * `next()` waits for the next one (no sleeping), and fails if the socket closes first.
 */
export class TestViewer {
  readonly ws: WebSocket;
  readonly closed: Promise<Closed>;
  private readonly queue: string[] = [];
  private readonly waiters: { resolve: (m: string) => void; reject: (e: Error) => void }[] = [];
  private closedWith: Closed | null = null;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => {
      ws.addEventListener('close', (e) => {
        this.closedWith = { code: e.code, reason: e.reason };
        for (const w of this.waiters.splice(0)) w.reject(new Error(`closed with ${e.code} ${e.reason}`));
        resolve(this.closedWith);
      });
    });
    ws.addEventListener('message', (e) => {
      const data = typeof e.data === 'string' ? e.data : '(binary)';
      const waiter = this.waiters.shift();
      if (waiter) waiter.resolve(data);
      else this.queue.push(data);
    });
    ws.accept();
  }

  /** `token`: connect as its holder (a blind battle's owner and admins get the full frames). */
  static async connect(battleId: string, query = '', token?: string): Promise<TestViewer> {
    const headers: Record<string, string> = { Upgrade: 'websocket' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await exports.default.fetch(
      new Request(`http://localhost/api/battles/${battleId}/live${query}`, { headers }),
    );
    if (res.status !== 101 || !res.webSocket)
      throw new Error(`connect: HTTP ${res.status} ${await res.text()}`);
    return new TestViewer(res.webSocket);
  }

  next(): Promise<string> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closedWith) return Promise.reject(new Error(`closed with ${this.closedWith.code}`));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** The next message as a frame, checked against the viewer contract. */
  async frame(): Promise<ViewerFrame> {
    return ViewerFrameSchema.parse(JSON.parse(await this.next()));
  }

  /** The next message as a batch (`?batch=1`), checked against the viewer contract. */
  async batch(): Promise<ViewerBatch> {
    return ViewerBatchSchema.parse(JSON.parse(await this.next()));
  }

  /** Frames up to and including the first that matches. */
  async until(match: (f: ViewerFrame) => boolean): Promise<ViewerFrame[]> {
    const seen: ViewerFrame[] = [];
    for (;;) {
      const f = await this.frame();
      seen.push(f);
      if (match(f)) return seen;
    }
  }

  close() {
    if (!this.closedWith) this.ws.close(1000, 'test done');
  }
}
