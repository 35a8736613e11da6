import { liveTokensPerSecond, summarize } from '@ringside/shared';
import type { ContestantLine } from './live-lines.ts';

/** Text rendering of the live view and the final summary table (no terminal I/O here). */

const num = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined ? '-' : v.toFixed(digits);
const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

export function renderLine(l: ContestantLine): string {
  const name = l.contestant.label ?? `${l.contestant.provider}:${l.contestant.model}`;
  const ttft = l.firstOffsetMs === null ? '-' : `${num(l.firstOffsetMs)}ms`;
  const tps = liveTokensPerSecond(l);
  return [
    pad(name, 28),
    pad(l.contestant.lane, 5),
    pad(l.phase, 9),
    pad(l.taskId ? `${l.taskId}${l.repeat ? `#${l.repeat}` : ''}` : '-', 12),
    `${String(l.tokens).padStart(5)} tok`,
    `${num(tps).padStart(6)} tok/s`,
    `TTFT ${ttft.padStart(7)}`,
  ].join('  ');
}

export function renderLive(title: string, lines: readonly ContestantLine[]): string[] {
  return [`▶ ${title}`, ...lines.map(renderLine)];
}

/** mean, or mean ± standard deviation when repeats give several values */
function spread(values: (number | null)[], digits: number): string {
  const xs = values.filter((v): v is number => v !== null);
  const s = summarize(xs);
  if (!s) return '-';
  if (xs.length === 1) return s.mean.toFixed(digits);
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - s.mean) ** 2, 0) / (xs.length - 1));
  return `${s.mean.toFixed(digits)} ±${sd.toFixed(digits)}`;
}

export function renderSummary(lines: readonly ContestantLine[]): string[] {
  const header = [
    'contestant',
    'lane',
    'ok/n',
    'TTFT ms',
    'tok/s client',
    'tok/s server',
    'E2E ms',
    'tokens',
    'load ms',
  ];
  const rows = lines.map((l) => {
    const m = l.finished.flatMap((f) => (f.metrics ? [f.metrics] : []));
    return [
      l.contestant.label ?? `${l.contestant.provider}:${l.contestant.model}`,
      l.contestant.lane,
      `${l.finished.filter((f) => f.phase === 'done').length}/${l.finished.length}`,
      spread(
        m.map((x) => x.ttftMs),
        1,
      ),
      spread(
        m.map((x) => x.decodeTpsClient),
        1,
      ),
      spread(
        m.map((x) => x.decodeTpsServer),
        1,
      ),
      spread(
        m.map((x) => x.e2eMs),
        0,
      ),
      spread(
        m.map((x) => x.outputTokens),
        0,
      ),
      spread(
        m.map((x) => x.loadMs),
        0,
      ),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const errors = lines.flatMap((l) =>
    l.finished
      .filter((f) => f.error)
      .map((f) => `  ${l.contestant.label ?? l.contestant.id}: ${f.phase}: ${f.error?.message}`),
  );
  return [
    fmt(header),
    fmt(widths.map((w) => '─'.repeat(w))),
    ...rows.map(fmt),
    ...(errors.length ? ['', 'errors:', ...errors] : []),
  ];
}
