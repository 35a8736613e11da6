import { type ChunkTimings, decodeChunkArrivals } from '@ringside/shared';

/**
 * Replaying a finished battle at its true speed (PRODUCT F18): every contestant's stream starts at
 * 0 (its request time; model load is not part of the race) and each stored chunk appears when it
 * arrived. Pure: a frame is a function of the elapsed time, so the animation loop only asks
 * "where is each track at t?".
 */

export interface ReplayTrack {
  key: string;
  text: string;
  /** arrival of each chunk, ms since the request */
  arrivalsMs: number[];
  /** the text length once chunk i has arrived */
  ends: number[];
  durationMs: number;
}

export function buildTrack(key: string, text: string, chunks: ChunkTimings | null): ReplayTrack {
  if (!chunks || chunks.dtUs.length === 0) {
    // No timings stored: the text appears at once.
    return { key, text, arrivalsMs: [0], ends: [text.length], durationMs: 0 };
  }
  const arrivalsMs = decodeChunkArrivals(chunks);
  const ends: number[] = new Array(chunks.chars.length);
  let at = 0;
  for (let i = 0; i < chunks.chars.length; i++) {
    at = Math.min(text.length, at + (chunks.chars[i] as number));
    ends[i] = at;
  }
  // Chunks may not account for every character (e.g. an unframed tail): the last one shows the rest.
  ends[ends.length - 1] = text.length;
  return { key, text, arrivalsMs, ends, durationMs: arrivalsMs.at(-1) ?? 0 };
}

/** Number of chunks of `track` that have arrived by `elapsedMs` (binary search). */
export function chunksArrived(track: ReplayTrack, elapsedMs: number): number {
  let lo = 0;
  let hi = track.arrivalsMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((track.arrivalsMs[mid] as number) <= elapsedMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface TrackFrame {
  key: string;
  /** characters of the text visible */
  length: number;
  chunks: number;
  /** live-looking figures: first arrival and the latest so far */
  firstOffsetMs: number | null;
  lastOffsetMs: number | null;
  done: boolean;
}

export interface ReplayFrame {
  elapsedMs: number;
  tracks: TrackFrame[];
  done: boolean;
}

export function replayFrame(tracks: readonly ReplayTrack[], elapsedMs: number): ReplayFrame {
  const frames = tracks.map((t): TrackFrame => {
    const n = chunksArrived(t, elapsedMs);
    return {
      key: t.key,
      length: n === 0 ? 0 : (t.ends[n - 1] as number),
      chunks: n,
      firstOffsetMs: n > 0 ? (t.arrivalsMs[0] as number) : null,
      lastOffsetMs: n > 0 ? (t.arrivalsMs[n - 1] as number) : null,
      done: n === t.arrivalsMs.length,
    };
  });
  return { elapsedMs, tracks: frames, done: frames.every((f) => f.done) };
}

export function replayDuration(tracks: readonly ReplayTrack[]): number {
  return tracks.reduce((m, t) => Math.max(m, t.durationMs), 0);
}

/** True when two frames show the same text lengths (no re-render needed). */
export function sameVisible(a: ReplayFrame | null, b: ReplayFrame): boolean {
  if (!a || a.tracks.length !== b.tracks.length) return false;
  return a.tracks.every((t, i) => t.length === b.tracks[i]?.length && t.chunks === b.tracks[i]?.chunks);
}
