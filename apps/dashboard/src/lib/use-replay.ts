import { useCallback, useEffect, useRef, useState } from 'react';
import { type ReplayFrame, type ReplayTrack, replayFrame, sameVisible } from './replay.ts';

/**
 * Drives a replay with requestAnimationFrame: each animation frame computes where every track is
 * at the elapsed time (true speed × `speed`) and re-renders only when the visible text changed or
 * the clock moved on by 100 ms. The last frame (full texts) stays until `stop()`.
 */
export function useReplay(tracks: readonly ReplayTrack[]) {
  const [frame, setFrame] = useState<ReplayFrame | null>(null);
  const [playing, setPlaying] = useState(false);
  const raf = useRef<number | null>(null);

  const cancel = useCallback(() => {
    if (raf.current !== null) cancelAnimationFrame(raf.current);
    raf.current = null;
  }, []);

  const play = useCallback(
    (speed = 1) => {
      cancel();
      const t0 = performance.now();
      let shown: ReplayFrame | null = null;
      const tick = (now: number) => {
        const f = replayFrame(tracks, Math.max(0, now - t0) * speed);
        if (!sameVisible(shown, f) || !shown || f.elapsedMs - shown.elapsedMs >= 100 || f.done) {
          shown = f;
          setFrame(f);
        }
        if (f.done) {
          raf.current = null;
          setPlaying(false);
          return;
        }
        raf.current = requestAnimationFrame(tick);
      };
      setPlaying(true);
      setFrame(replayFrame(tracks, 0));
      raf.current = requestAnimationFrame(tick);
    },
    [tracks, cancel],
  );

  const stop = useCallback(() => {
    cancel();
    setPlaying(false);
    setFrame(null);
  }, [cancel]);

  useEffect(() => cancel, [cancel]);

  return { frame, playing, play, stop };
}
