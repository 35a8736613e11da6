import { useMemo } from 'react';
import uPlot from 'uplot';
import { colorOf } from '../chart-colors.ts';
import { UPlotChart } from '../uplot-chart.tsx';

/** The battle page's charts (PRODUCT F17), loaded lazily with uPlot. */

export interface ChartRow {
  label: string;
  ttftMs: number | null;
  e2eMs: number | null;
  decodeTpsClient: number | null;
  decodeTpsServer: number | null;
  /** chunk arrival times, ms since the request (empty when no timings were stored) */
  arrivalsMs: number[];
}

const axisStyle = {
  stroke: 'currentColor',
  grid: { stroke: 'rgba(127,127,127,0.2)' },
  ticks: { stroke: 'rgba(127,127,127,0.3)' },
};

type BarSeries = { label: string; value: (r: ChartRow) => number | null; color: string };

function groupedBars(
  rows: readonly ChartRow[],
  series: [BarSeries, BarSeries],
  unit: string,
): { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData } {
  const n = rows.length;
  const idx = rows.map((_, i) => i);
  return {
    options: {
      scales: {
        x: { time: false, range: [-0.5, n - 0.5] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        { ...axisStyle, splits: () => idx, values: (_u, splits) => splits.map((i) => rows[i]?.label ?? '') },
        { ...axisStyle, label: unit, size: 60 },
      ],
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      series: [
        {},
        ...series.map((s, k) => ({
          label: s.label,
          stroke: s.color,
          fill: `${s.color}cc`,
          width: 0,
          points: { show: false },
          // Two series side by side: the first ends at the tick, the second starts there.
          paths: uPlot.paths.bars!({ size: [0.4, 80], align: k === 0 ? -1 : 1 }),
        })),
      ],
    },
    data: [idx, ...series.map((s) => rows.map((r) => s.value(r)))] as uPlot.AlignedData,
  };
}

export default function BattleCharts({ rows }: { rows: readonly ChartRow[] }) {
  const times = useMemo(
    () =>
      groupedBars(
        rows,
        [
          { label: 'TTFT', value: (r) => r.ttftMs, color: '#2f6fde' },
          { label: 'Total (E2E)', value: (r) => r.e2eMs, color: '#e0662f' },
        ],
        'ms',
      ),
    [rows],
  );
  const speeds = useMemo(
    () =>
      groupedBars(
        rows,
        [
          { label: 'tok/s client', value: (r) => r.decodeTpsClient, color: '#2c9e5b' },
          { label: 'tok/s server', value: (r) => r.decodeTpsServer, color: '#b8409c' },
        ],
        'tok/s',
      ),
    [rows],
  );
  const curve = useMemo(() => {
    const withTimes = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.arrivalsMs.length > 0);
    if (withTimes.length === 0) return null;
    const tables = withTimes.map(
      ({ r }) => [r.arrivalsMs, r.arrivalsMs.map((_, k) => k + 1)] as uPlot.AlignedData,
    );
    const data = uPlot.join(tables);
    const options: Omit<uPlot.Options, 'width' | 'height'> = {
      scales: { x: { time: false } },
      axes: [
        { ...axisStyle, label: 'ms since request', values: (_u, splits) => splits.map((v) => `${v}`) },
        { ...axisStyle, label: 'chunks (≈ tokens)', size: 60 },
      ],
      series: [
        { label: 'ms' },
        ...withTimes.map(({ r, i }) => ({
          label: r.label,
          stroke: colorOf(i),
          width: 2,
          spanGaps: true,
          points: { show: false },
          paths: uPlot.paths.stepped!({ align: 1 }),
        })),
      ],
    };
    return { options, data };
  }, [rows]);

  return (
    <div className="charts" data-testid="battle-charts">
      <section>
        <h3>Time to first token and total time</h3>
        <UPlotChart label="TTFT and total time per contestant" options={times.options} data={times.data} />
      </section>
      <section>
        <h3>Decode speed</h3>
        <UPlotChart label="tokens per second per contestant" options={speeds.options} data={speeds.data} />
      </section>
      <section className="wide">
        <h3>Token arrival over time</h3>
        {curve ? (
          <UPlotChart label="token arrival curve" options={curve.options} data={curve.data} height={280} />
        ) : (
          <p className="muted">No chunk timings were stored for these results.</p>
        )}
      </section>
    </div>
  );
}
