import { fmtNum } from '../../lib/format.ts';

/** One row's rating with its 95% interval as an error bar, on the scale shared by the table. */
export function IntervalBar({
  rating,
  q025,
  q975,
  at,
  width = 180,
}: {
  rating: number;
  q025: number;
  q975: number;
  at: (v: number, width: number) => number;
  width?: number;
}) {
  const h = 18;
  const mid = h / 2;
  const [x0, x1, x] = [at(q025, width), at(q975, width), at(rating, width)];
  return (
    <svg
      className="interval-bar"
      data-testid="interval-bar"
      width={width}
      height={h}
      viewBox={`0 0 ${width} ${h}`}
      role="img"
      aria-label={`${fmtNum(rating, 0)}, 95% interval ${fmtNum(q025, 0)} to ${fmtNum(q975, 0)}`}
    >
      <title>{`95% interval ${fmtNum(q025, 0)}–${fmtNum(q975, 0)}`}</title>
      <line className="ci" x1={x0} x2={x1} y1={mid} y2={mid} data-lo={q025} data-hi={q975} />
      <line className="ci" x1={x0} x2={x0} y1={mid - 5} y2={mid + 5} />
      <line className="ci" x1={x1} x2={x1} y1={mid - 5} y2={mid + 5} />
      <circle className="point" cx={x} cy={mid} r={4} />
    </svg>
  );
}
