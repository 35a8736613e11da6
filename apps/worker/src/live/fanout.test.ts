import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, Fanout, type ViewerSocket } from './fanout.ts';

/** A socket whose queued bytes the test sets, recording what it was sent. */
class FakeSocket implements ViewerSocket {
  bufferedAmount = 0;
  sent: string[] = [];
  closed: number | null = null;
  attachment: unknown = null;
  failSend = false;
  send(m: string) {
    if (this.failSend) throw new Error('socket closed');
    this.sent.push(m);
  }
  close(code?: number) {
    this.closed = code ?? 1000;
  }
  serializeAttachment(v: unknown) {
    this.attachment = structuredClone(v);
  }
  deserializeAttachment() {
    return this.attachment;
  }
}

const limits = { highWaterBytes: 1000, lowWaterBytes: 100, maxPausedMs: 30_000 };

function setup() {
  let now = 0;
  const fanout = new Fanout(limits, () => now);
  const fast = new FakeSocket();
  const slow = new FakeSocket();
  fanout.join(fast, { batch: false });
  fanout.join(slow, { batch: false });
  return { fanout, fast, slow, tick: (ms: number) => (now += ms) };
}

describe('Fanout', () => {
  it('sends every frame to every viewer that keeps up', () => {
    const { fanout, fast, slow } = setup();
    const stats = fanout.broadcast([fast, slow], ['f1', 'f2'], () => 'snap');
    expect(fast.sent).toEqual(['f1', 'f2']);
    expect(slow.sent).toEqual(['f1', 'f2']);
    expect(stats).toMatchObject({ viewers: 2, sent: 4, paused: 0 });
  });

  it('pauses a viewer over high water without holding up the others, then resyncs it with one snapshot', () => {
    const { fanout, fast, slow } = setup();
    slow.bufferedAmount = 5000;
    fanout.broadcast([fast, slow], ['f1'], () => 'snap');
    fanout.broadcast([fast, slow], ['f2'], () => 'snap');
    expect(fast.sent).toEqual(['f1', 'f2']);
    expect(slow.sent).toEqual([]);
    expect(slow.attachment).toMatchObject({ pausedAt: 0 });

    slow.bufferedAmount = 50;
    let built = 0;
    const stats = fanout.broadcast([fast, slow], ['f3'], () => `snap${++built}`);
    expect(slow.sent).toEqual(['snap1']);
    expect(fast.sent).toEqual(['f1', 'f2', 'f3']);
    expect(stats).toMatchObject({ resynced: 1 });
    expect(slow.attachment).toMatchObject({ pausedAt: null, resyncs: 1 });

    fanout.broadcast([fast, slow], ['f4'], () => 'snap');
    expect(slow.sent).toEqual(['snap1', 'f4']);
  });

  it('closes a viewer that stays over low water longer than maxPausedMs with 4001', () => {
    const { fanout, fast, slow, tick } = setup();
    slow.bufferedAmount = 5000;
    fanout.broadcast([fast, slow], ['f1'], () => 'snap');
    tick(29_000);
    fanout.broadcast([fast, slow], ['f2'], () => 'snap');
    expect(slow.closed).toBeNull();
    tick(2_000);
    fanout.broadcast([fast, slow], ['f3'], () => 'snap');
    expect(slow.closed).toBe(CLOSE_CODES.lagging);
    expect(fast.sent).toEqual(['f1', 'f2', 'f3']);
  });

  it('closes a socket whose send throws and carries on with the others', () => {
    const { fanout, fast, slow } = setup();
    slow.failSend = true;
    const stats = fanout.broadcast([slow, fast], ['f1'], () => 'snap');
    expect(slow.closed).toBe(1011);
    expect(fast.sent).toEqual(['f1']);
    expect(stats).toMatchObject({ closed: 1, sent: 1 });
  });

  it('reads a pause back from the socket attachment after the room woke up', () => {
    const { fanout, slow } = setup();
    slow.bufferedAmount = 5000;
    fanout.broadcast([slow], ['f1'], () => 'snap');
    const woken = new Fanout(limits, () => 10);
    slow.bufferedAmount = 0;
    woken.broadcast([slow], ['f2'], () => 'snap');
    expect(slow.sent).toEqual(['snap']);
  });

  it('sends a batch-mode viewer one array per broadcast, and its resync snapshot as an array', () => {
    const { fanout, fast, slow } = setup();
    const batcher = new FakeSocket();
    fanout.join(batcher, { batch: true });
    fanout.broadcast([fast, batcher], ['{"a":1}', '{"b":2}'], () => '{"s":0}');
    expect(batcher.sent).toEqual(['[{"a":1},{"b":2}]']);
    expect(fast.sent).toEqual(['{"a":1}', '{"b":2}']);

    batcher.bufferedAmount = 5000;
    fanout.broadcast([batcher, slow], ['{"c":3}'], () => '{"s":1}');
    batcher.bufferedAmount = 0;
    fanout.broadcast([batcher, slow], ['{"d":4}'], () => '{"s":2}');
    expect(batcher.sent.at(-1)).toBe('[{"s":2}]');
  });
});
