import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce.ts';

/** Lets queued promise callbacks run until `done()` holds; fails rather than spin forever. */
async function until(done: () => boolean) {
  for (let i = 0; i < 100 && !done(); i++) await Promise.resolve();
  if (!done()) throw new Error('condition never became true');
}

/** A save whose completion the test controls, recording the value it saw when it started. */
function gatedSave(read: () => number) {
  const started: number[] = [];
  const gates: (() => void)[] = [];
  const save = () =>
    new Promise<void>((resolve) => {
      started.push(read());
      gates.push(resolve);
    });
  return { save, started, release: (i: number) => gates[i]?.() };
}

describe('coalesce', () => {
  it('saves again after a running save so a change made during it reaches disk', async () => {
    let value = 1;
    const g = gatedSave(() => value);
    const flush = coalesce(g.save);
    const first = flush();
    value = 2;
    const second = flush();
    expect(g.started).toEqual([1]);
    g.release(0);
    await first;
    await until(() => g.started.length === 2);
    expect(g.started).toEqual([1, 2]);
    g.release(1);
    await second;
  });

  it('folds every call made during one save into a single follow-up save', async () => {
    let value = 0;
    const g = gatedSave(() => value);
    const flush = coalesce(g.save);
    const first = flush();
    const waits = [1, 2, 3, 4].map((v) => {
      value = v;
      return flush();
    });
    expect(new Set(waits).size).toBe(1);
    g.release(0);
    await first;
    await until(() => g.started.length === 2);
    g.release(1);
    await Promise.all(waits);
    expect(g.started).toEqual([0, 4]);
  });

  it('passes a failed save on to its callers and still saves for later ones', async () => {
    let calls = 0;
    const flush = coalesce(async () => {
      calls += 1;
      if (calls === 1) throw new Error('disk full');
    });
    await expect(flush()).rejects.toThrow('disk full');
    await expect(flush()).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
