import { useMemo } from 'react';
import type uPlot from 'uplot';
import { UPlotChart } from './uplot-chart.tsx';

/** One model's E2E time and decode speed over time (lazy-loaded with uPlot). */
export interface ModelPoint {
  /** seconds since the epoch */
  t: number;
  e2eMs: number | null;
  tps: number | null;
  ttftMs: number | null;
}

const axis = { stroke: 'currentColor', grid: { stroke: 'rgba(127,127,127,0.2)' } };

export default function ModelChart({ points }: { points: readonly ModelPoint[] }) {
  const { options, data } = useMemo(() => {
    const sorted = [...points].sort((a, b) => a.t - b.t);
    const options: Omit<uPlot.Options, 'width' | 'height'> = {
      scales: { x: { time: true }, ms: { auto: true }, tps: { auto: true } },
      axes: [
        axis,
        { ...axis, scale: 'ms', label: 'ms', size: 60 },
        { ...axis, scale: 'tps', label: 'tok/s', side: 1, size: 60, grid: { show: false } },
      ],
      series: [
        {},
        {
          label: 'E2E (ms)',
          scale: 'ms',
          stroke: '#e0662f',
          width: 0,
          points: { show: true, size: 6, fill: '#e0662f' },
        },
        {
          label: 'TTFT (ms)',
          scale: 'ms',
          stroke: '#2f6fde',
          width: 0,
          points: { show: true, size: 5, fill: '#2f6fde' },
        },
        {
          label: 'tok/s',
          scale: 'tps',
          stroke: '#2c9e5b',
          width: 0,
          points: { show: true, size: 6, fill: '#2c9e5b' },
        },
      ],
    };
    const data: uPlot.AlignedData = [
      sorted.map((p) => p.t),
      sorted.map((p) => p.e2eMs),
      sorted.map((p) => p.ttftMs),
      sorted.map((p) => p.tps),
    ];
    return { options, data };
  }, [points]);
  return <UPlotChart label="results over time" options={options} data={data} height={280} />;
}
