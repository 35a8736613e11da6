import { encodeChunkTimings } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { buildTrack, chunksArrived, replayDuration, replayFrame, sameVisible } from './replay.ts';

// Chunks "Hel" at 100 ms, "lo " at 150 ms, "world" at 400 ms.
const text = 'Hello world';
const track = buildTrack('a', text, encodeChunkTimings([100, 150, 400], [3, 3, 5]));

describe('replay scheduling', () => {
  it('decodes the stored timings into arrival times and text ends', () => {
    expect(track.arrivalsMs).toEqual([100, 150, 400]);
    expect(track.ends).toEqual([3, 6, 11]);
    expect(track.durationMs).toBe(400);
  });

  it('shows each chunk exactly from its arrival time', () => {
    expect(chunksArrived(track, 0)).toBe(0);
    expect(chunksArrived(track, 99.999)).toBe(0);
    expect(chunksArrived(track, 100)).toBe(1);
    expect(chunksArrived(track, 399)).toBe(2);
    expect(chunksArrived(track, 400)).toBe(3);
    expect(chunksArrived(track, 10_000)).toBe(3);
  });

  it('gives the visible text and live figures of a frame', () => {
    const f = replayFrame([track], 200);
    expect(f.done).toBe(false);
    expect(f.tracks[0]).toEqual({
      key: 'a',
      length: 6,
      chunks: 2,
      firstOffsetMs: 100,
      lastOffsetMs: 150,
      done: false,
    });
    expect(text.slice(0, f.tracks[0]?.length)).toBe('Hello ');
  });

  it('ends with the full text of every track, the race lasting as long as the slowest', () => {
    const fast = buildTrack('b', 'Hi', encodeChunkTimings([20, 30], [1, 1]));
    expect(replayDuration([track, fast])).toBe(400);
    const mid = replayFrame([track, fast], 200);
    expect(mid.tracks.map((t) => t.done)).toEqual([false, true]);
    const end = replayFrame([track, fast], 400);
    expect(end.done).toBe(true);
    expect(end.tracks.map((t) => t.length)).toEqual([11, 2]);
  });

  it('shows the rest of the text with the last chunk when chunks do not cover it all', () => {
    const partial = buildTrack('c', 'abcdef', encodeChunkTimings([10, 20], [2, 2]));
    expect(replayFrame([partial], 15).tracks[0]?.length).toBe(2);
    expect(replayFrame([partial], 20).tracks[0]?.length).toBe(6);
  });

  it('shows a result without timings at once', () => {
    const none = buildTrack('d', 'all at once', null);
    expect(replayFrame([none], 0).tracks[0]?.length).toBe(11);
    expect(replayDuration([none])).toBe(0);
  });

  it('tells frames apart only when the visible text changed', () => {
    expect(sameVisible(replayFrame([track], 110), replayFrame([track], 140))).toBe(true);
    expect(sameVisible(replayFrame([track], 110), replayFrame([track], 160))).toBe(false);
    expect(sameVisible(null, replayFrame([track], 0))).toBe(false);
  });
});
