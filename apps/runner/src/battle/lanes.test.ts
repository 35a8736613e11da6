import { describe, expect, it } from 'vitest';
import { type LaneJob, runLanes } from './lanes.ts';

/** Jobs that record when they start and end; each resolves when the test releases it. */
function recorder() {
  const spans: { name: string; lane: string; start: number; end: number }[] = [];
  let tick = 0;
  const job = (name: string, lane: 'local' | 'cloud', steps = 3): LaneJob<string> => ({
    lane,
    run: async () => {
      const span = { name, lane, start: tick++, end: -1 };
      spans.push(span);
      // Yield to the event loop several times so concurrent jobs interleave if the lanes let them.
      for (let i = 0; i < steps; i++) await new Promise((r) => setImmediate(r));
      span.end = tick++;
      return name;
    },
  });
  return { spans, job };
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

describe('runLanes', () => {
  it('never overlaps two local jobs, overlaps cloud jobs, and runs the lanes concurrently', async () => {
    const { spans, job } = recorder();
    const jobs = [
      job('l1', 'local'),
      job('c1', 'cloud'),
      job('l2', 'local'),
      job('c2', 'cloud'),
      job('l3', 'local'),
      job('c3', 'cloud'),
    ];
    const out = await runLanes(jobs, { cloudConcurrency: 3 });
    expect(out).toEqual(['l1', 'c1', 'l2', 'c2', 'l3', 'c3']);
    const local = spans.filter((s) => s.lane === 'local');
    const cloud = spans.filter((s) => s.lane === 'cloud');
    for (const a of local) for (const b of local) if (a !== b) expect(overlap(a, b)).toBe(false);
    expect(overlap(cloud[0]!, cloud[1]!) && overlap(cloud[1]!, cloud[2]!)).toBe(true);
    expect(local.some((l) => cloud.some((c) => overlap(l, c)))).toBe(true);
    expect(local.map((s) => s.name)).toEqual(['l1', 'l2', 'l3']);
  });

  it('keeps at most `cloudConcurrency` cloud jobs in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const jobs = Array.from(
      { length: 8 },
      (): LaneJob<number> => ({
        lane: 'cloud',
        run: async () => {
          peak = Math.max(peak, ++inFlight);
          await new Promise((r) => setImmediate(r));
          inFlight--;
          return 1;
        },
      }),
    );
    await runLanes(jobs, { cloudConcurrency: 2 });
    expect(peak).toBe(2);
  });

  it('starts nothing more once stopped, and leaves the skipped jobs undefined', async () => {
    const ac = new AbortController();
    const jobs: LaneJob<string>[] = [
      {
        lane: 'local',
        run: async () => {
          ac.abort();
          return 'first';
        },
      },
      { lane: 'local', run: async () => 'second' },
    ];
    expect(await runLanes(jobs, { cloudConcurrency: 1, signal: ac.signal })).toEqual(['first', undefined]);
  });
});
