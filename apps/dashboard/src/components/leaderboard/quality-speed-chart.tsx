import type { LeaderboardRow } from '@ringside/shared';
import { fmtNum } from '../../lib/format.ts';
import { niceTicks, shortName } from '../../lib/leaderboard.ts';
import { colorOf } from '../chart-colors.ts';

const W = 720;
const H = 380;
const PAD = { left: 56, right: 24, top: 16, bottom: 44 };

/**
 * Quality against speed (PRODUCT F15): each rated row is a point at its median decode rate and its
 * rating, with the 95% interval as a vertical bar and its name beside it. Rows that measured no
 * decode rate cannot be placed and are listed under the chart.
 */
export function QualitySpeedChart({ rows }: { rows: readonly LeaderboardRow[] }) {
  const placed = rows.filter((r) => r.decodeTpsP50 !== null && Number.isFinite(r.decodeTpsP50));
  const missing = rows.filter((r) => !placed.includes(r));
  if (placed.length === 0) {
    return (
      <p className="muted">No decode rates were measured for these rows, so there is nothing to plot.</p>
    );
  }
  const tps = placed.map((r) => r.decodeTpsP50 as number);
  const xTicks = niceTicks(0, Math.max(...tps) * 1.1, 6);
  const xMax = Math.max(xTicks.at(-1) ?? 1, Math.max(...tps) * 1.1);
  const lo = Math.min(...placed.map((r) => r.q025));
  const hi = Math.max(...placed.map((r) => r.q975));
  const pad = Math.max(5, (hi - lo) * 0.08);
  const yTicks = niceTicks(lo - pad, hi + pad, 5);
  const [yMin, yMax] = [lo - pad, hi + pad];
  const x = (v: number) => PAD.left + (v / xMax) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - yMin) / (yMax - yMin)) * (H - PAD.top - PAD.bottom);

  return (
    <figure className="quality-speed" data-testid="quality-speed">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Rating against decode speed, one point per row">
        {yTicks.map((t) => (
          <g key={`y${t}`} className="grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text x={PAD.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle">
              {fmtNum(t, 0)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <g key={`x${t}`} className="grid">
            <line x1={x(t)} x2={x(t)} y1={PAD.top} y2={H - PAD.bottom} />
            <text x={x(t)} y={H - PAD.bottom + 16} textAnchor="middle">
              {fmtNum(t, 0)}
            </text>
          </g>
        ))}
        <text className="axis-label" x={(W + PAD.left) / 2} y={H - 6} textAnchor="middle">
          median decode rate (tok/s) → faster
        </text>
        <text
          className="axis-label"
          transform={`translate(14 ${(H - PAD.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          rating → better
        </text>
        {placed.map((r, i) => {
          const cx = x(r.decodeTpsP50 as number);
          const color = colorOf(i);
          return (
            <g key={r.key} className="dot" data-key={r.key}>
              <title>{`${r.key}: rating ${fmtNum(r.rating, 0)} (${fmtNum(r.q025, 0)}–${fmtNum(r.q975, 0)}), ${fmtNum(r.decodeTpsP50, 1)} tok/s`}</title>
              <line
                x1={cx}
                x2={cx}
                y1={y(r.q025)}
                y2={y(r.q975)}
                stroke={color}
                strokeWidth={2}
                opacity={0.5}
              />
              <circle cx={cx} cy={y(r.rating)} r={5} fill={color} />
              <text x={cx + 8} y={y(r.rating) - 6} className="dot-label">
                {shortName(r)}
              </text>
            </g>
          );
        })}
      </svg>
      {missing.length > 0 ? (
        <figcaption className="muted small">
          Not plotted (no decode rate measured): {missing.map((r) => r.key).join(', ')}
        </figcaption>
      ) : null}
    </figure>
  );
}
