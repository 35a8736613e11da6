import { env, evictDurableObject } from 'cloudflare:test';
import type { BattleEventInput } from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, battle, createToken, reveal } from '../test/helpers.ts';
import { liveEvents, TestViewer } from '../test/live-helpers.ts';

let token: string;
beforeAll(async () => {
  token = (await createToken('runner')).token;
});

/** A battle whose identities are public, so every viewer gets the full frames (sealed ones: sealed-frames.test.ts). */
async function newBattle() {
  const b = battle();
  const res = await api(`/api/battles/${b.id}`, { method: 'PUT', token, json: b });
  expect(res.status).toBe(201);
  await reveal(b.id);
  return { id: b.id, e: liveEvents(b.id) };
}

async function publish(id: string, events: BattleEventInput[]) {
  const res = await api(`/api/battles/${id}/events`, { method: 'POST', token, json: events });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json<{ accepted: number; duplicates: number; viewers: number }>();
}

describe('BattleRoom fan-out', () => {
  it('sends each published frame to every connected viewer, after a snapshot', async () => {
    const { id, e } = await newBattle();
    const viewers = await Promise.all([1, 2, 3].map(() => TestViewer.connect(id)));
    for (const v of viewers) expect(await v.frame()).toMatchObject({ type: 'battle-snapshot', slots: [] });

    const out = await publish(id, [e.start(), e.slotStart('c1'), e.delta('c1', 0, 'Waves')]);
    expect(out).toEqual({ accepted: 3, duplicates: 0, viewers: 3 });
    for (const v of viewers) {
      expect((await v.frame()).type).toBe('battle-start');
      expect((await v.frame()).type).toBe('contestant-start');
      expect(await v.frame()).toMatchObject({ type: 'token-delta', contestantId: 'c1', text: 'Waves' });
      v.close();
    }
  });

  it('gives a late joiner every contestant’s text so far in its snapshot, then live frames', async () => {
    const { id, e } = await newBattle();
    await publish(id, [e.start(), e.slotStart('c1'), e.slotStart('c2'), e.delta('c1', 0, 'Waves ')]);
    await publish(id, [e.delta('c1', 1, 'fold'), e.delta('c2', 0, 'Salt'), e.delta('c2', 1, ' wind')]);

    const late = await TestViewer.connect(id);
    const snap = await late.frame();
    expect(snap).toMatchObject({
      type: 'battle-snapshot',
      state: 'running',
      start: { title: 'Haiku about the sea' },
    });
    if (snap.type !== 'battle-snapshot') throw new Error('expected a snapshot');
    expect(snap.slots.map((s) => [s.contestantId, s.text, s.tokens, s.phase])).toEqual([
      ['c1', 'Waves fold', 2, 'streaming'],
      ['c2', 'Salt wind', 2, 'streaming'],
    ]);
    expect(snap.slots[0]).toMatchObject({ firstOffsetMs: 10, lastOffsetMs: 60 });

    await publish(id, [e.delta('c1', 2, ' into foam')]);
    expect(await late.frame()).toMatchObject({ type: 'token-delta', seq: 2, text: ' into foam' });
    late.close();
  });

  it('merges one slot’s deltas within a batch into one frame that loses nothing', async () => {
    const { id, e } = await newBattle();
    const v = await TestViewer.connect(id);
    await v.frame();
    await publish(id, [
      e.slotStart('c1'),
      e.delta('c1', 0, 'a', 5),
      e.delta('c2', 0, 'x', 7),
      e.delta('c1', 1, 'b', 9),
    ]);
    expect((await v.frame()).type).toBe('contestant-start');
    expect(await v.frame()).toMatchObject({
      contestantId: 'c1',
      seq: 1,
      text: 'ab',
      offsetsMs: [5, 9],
      chars: [1, 1],
      tokens: 2,
    });
    expect(await v.frame()).toMatchObject({ contestantId: 'c2', seq: 0, text: 'x' });
    v.close();
  });

  it('applies a retried batch once: duplicates are counted and neither stored nor sent again', async () => {
    const { id, e } = await newBattle();
    const batch = [e.slotStart('c1'), e.delta('c1', 0, 'Waves'), e.delta('c1', 1, ' fold')];
    await publish(id, batch);
    const v = await TestViewer.connect(id);
    await v.frame();
    expect(await publish(id, [...batch, e.delta('c1', 2, ' in')])).toMatchObject({
      accepted: 1,
      duplicates: 3,
    });
    expect(await v.frame()).toMatchObject({ type: 'token-delta', seq: 2, text: ' in' });
    v.close();

    const late = await TestViewer.connect(id);
    expect(await late.frame()).toMatchObject({ slots: [{ text: 'Waves fold in', tokens: 3 }] });
    late.close();
  });

  it('sends a viewer in batch mode one array per published batch, the snapshot first', async () => {
    const { id, e } = await newBattle();
    const v = await TestViewer.connect(id, '?batch=1');
    expect(await v.batch()).toEqual([expect.objectContaining({ type: 'battle-snapshot' })]);
    await publish(id, [
      e.slotStart('c1'),
      e.delta('c1', 0, 'a'),
      e.delta('c2', 0, 'x'),
      e.delta('c1', 1, 'b'),
    ]);
    expect((await v.batch()).map((f) => [f.type, f.type === 'token-delta' ? f.text : null])).toEqual([
      ['contestant-start', null],
      ['token-delta', 'ab'],
      ['token-delta', 'x'],
    ]);
    v.close();
  });

  it('completes the closing handshake when a viewer leaves', async () => {
    const { id } = await newBattle();
    const v = await TestViewer.connect(id);
    await v.frame();
    v.ws.close(1000, 'leaving');
    expect(await v.closed).toMatchObject({ code: 1000 });
  });

  it('gives every one of 20 viewers connecting at once to a fresh room its snapshot', async () => {
    const { id } = await newBattle();
    const viewers = await Promise.all(Array.from({ length: 20 }, () => TestViewer.connect(id)));
    const snaps = await Promise.all(viewers.map((v) => v.frame()));
    expect(snaps.every((f) => f.type === 'battle-snapshot' && f.state === 'running')).toBe(true);
    for (const v of viewers) v.close();
  });

  it('answers ping with pong', async () => {
    const { id } = await newBattle();
    const v = await TestViewer.connect(id);
    await v.frame();
    v.ws.send('ping');
    expect(await v.next()).toBe('pong');
    v.close();
  });

  it('never lets a viewer publish: its frame closes it with 1008 and reaches no one', async () => {
    const { id, e } = await newBattle();
    const [intruder, other] = await Promise.all([TestViewer.connect(id), TestViewer.connect(id)]);
    await intruder.frame();
    await other.frame();

    intruder.ws.send(JSON.stringify(e.delta('c1', 0, 'forged text')));
    expect((await intruder.closed).code).toBe(1008);

    // The next thing the other viewer hears is the runner's frame, not the forged one.
    await publish(id, [e.delta('c1', 0, 'real text')]);
    expect(await other.frame()).toMatchObject({ type: 'token-delta', text: 'real text' });
    other.close();
    const late = await TestViewer.connect(id);
    expect(await late.frame()).toMatchObject({ slots: [{ text: 'real text' }] });
    late.close();
  });
});

describe('BattleRoom end of battle', () => {
  it('sends battle-end, then closes every viewer with 1000', async () => {
    const { id, e } = await newBattle();
    const viewers = await Promise.all([1, 2].map(() => TestViewer.connect(id)));
    for (const v of viewers) await v.frame();
    await publish(id, [e.slotStart('c1'), e.delta('c1', 0, 'done'), e.resultEnd('c1'), e.end()]);
    for (const v of viewers) {
      const frames = await v.until((f) => f.type === 'battle-end');
      expect(frames.map((f) => f.type)).toEqual([
        'contestant-start',
        'token-delta',
        'result-end',
        'battle-end',
      ]);
      expect(await v.closed).toMatchObject({ code: 1000 });
    }
  });

  it('gives a viewer who joins after the end the final snapshot and a clean close', async () => {
    const { id, e } = await newBattle();
    await publish(id, [e.start(), e.slotStart('c1'), e.delta('c1', 0, 'Waves'), e.resultEnd('c1'), e.stop()]);
    const late = await TestViewer.connect(id);
    expect(await late.frame()).toMatchObject({
      type: 'battle-snapshot',
      state: 'stopped',
      slots: [{ contestantId: 'c1', text: 'Waves', phase: 'done', metrics: { ttftMs: 10 } }],
    });
    expect(await late.closed).toMatchObject({ code: 1000 });
  });

  it('answers a viewer of a battle D1 already records as done, though nothing was published', async () => {
    const b = battle({ state: 'done' });
    expect((await api(`/api/battles/${b.id}`, { method: 'PUT', token, json: b })).status).toBe(201);
    const v = await TestViewer.connect(b.id);
    expect(await v.frame()).toMatchObject({ type: 'battle-snapshot', state: 'done', slots: [] });
    expect(await v.closed).toMatchObject({ code: 1000 });
  });

  it('reopens for a resumed battle: a new battle-start after a stop', async () => {
    const { id, e } = await newBattle();
    await publish(id, [e.start(0), e.stop(10)]);
    await publish(id, [e.start(20)]);
    const v = await TestViewer.connect(id);
    expect(await v.frame()).toMatchObject({ type: 'battle-snapshot', state: 'running' });
    await publish(id, [e.slotStart('c2', 30)]);
    expect(await v.frame()).toMatchObject({ type: 'contestant-start', contestantId: 'c2' });
    v.close();
  });
});

describe('BattleRoom storage', () => {
  it('keeps the state so far across eviction, and hibernated viewers still get live frames', async () => {
    const { id, e } = await newBattle();
    await publish(id, [e.slotStart('c1'), e.delta('c1', 0, 'before ')]);
    const v = await TestViewer.connect(id);
    await v.frame();

    await evictDurableObject(env.BATTLE_ROOM.get(env.BATTLE_ROOM.idFromName(id)));

    expect(await publish(id, [e.delta('c1', 1, 'after')])).toMatchObject({ accepted: 1, viewers: 1 });
    expect(await v.frame()).toMatchObject({ type: 'token-delta', text: 'after' });
    const late = await TestViewer.connect(id);
    expect(await late.frame()).toMatchObject({ slots: [{ text: 'before after', tokens: 2 }] });
    v.close();
    late.close();
  });

  it('stores a restarted slot without its old text, even when the restart is mid-batch', async () => {
    const { id, e } = await newBattle();
    await publish(id, [e.slotStart('c1', 1), e.delta('c1', 0, 'old ')]);
    await publish(id, [e.delta('c1', 1, 'older'), e.slotStart('c1', 500), e.delta('c1', 0, 'new')]);
    await evictDurableObject(env.BATTLE_ROOM.get(env.BATTLE_ROOM.idFromName(id)));
    const late = await TestViewer.connect(id);
    expect(await late.frame()).toMatchObject({ slots: [{ contestantId: 'c1', text: 'new', tokens: 1 }] });
    late.close();
  });
});
