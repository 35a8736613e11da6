import { useState } from 'react';
import { fmtMs } from '../../lib/format.ts';
import type { ReplayFrame } from '../../lib/replay.ts';

const SPEEDS = [1, 2, 4, 10] as const;

/** Replay at true speed (or faster) of a finished battle from its stored chunk timings (F18). */
export function ReplayControls({
  durationMs,
  frame,
  playing,
  onPlay,
  onStop,
}: {
  durationMs: number;
  frame: ReplayFrame | null;
  playing: boolean;
  onPlay: (speed: number) => void;
  onStop: () => void;
}) {
  const [speed, setSpeed] = useState(1);
  return (
    <div className="replay" data-testid="replay-controls">
      <button type="button" className="primary" onClick={() => onPlay(speed)} data-testid="replay-button">
        {frame ? 'Replay again' : 'Replay'}
      </button>
      <label>
        speed{' '}
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} aria-label="replay speed">
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s === 1 ? 'true speed' : `${s}×`}
            </option>
          ))}
        </select>
      </label>
      {frame ? (
        <>
          <span className="muted" data-testid="replay-clock" data-playing={playing}>
            {fmtMs(Math.min(frame.elapsedMs, durationMs))} / {fmtMs(durationMs)}
          </span>
          <button type="button" onClick={onStop}>
            {playing ? 'Stop' : 'Back to results'}
          </button>
        </>
      ) : (
        <span className="muted">race length {fmtMs(durationMs)}</span>
      )}
    </div>
  );
}
