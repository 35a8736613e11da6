/**
 * The leaderboard page's pure parts: its URL search params, client-side sorting, the CSV/JSON
 * exports built from the rows shown, and the shared scale of the interval bars.
 */
import {
  BattleTypeSchema,
  type LeaderboardRow,
  RatingScopeSchema,
  RatingSourceSchema,
  TaskCategorySchema,
} from '@ringside/shared';
import { z } from 'zod';
import type { LeaderboardApiQuery, LeaderboardView } from './api.ts';

const opt = <T extends z.ZodType>(s: T) => s.optional().catch(undefined);

export const SORT_KEYS = ['rank', 'rating', 'battles', 'winRate', 'ttft', 'tps'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/**
 * `category` and `type` exclude each other (the API rates one slice at a time); a URL naming both
 * keeps the category. A bad value is dropped rather than failing the page.
 */
export const LeaderboardSearchSchema = z
  .object({
    source: opt(RatingSourceSchema),
    scope: opt(RatingScopeSchema),
    category: opt(TaskCategorySchema),
    type: opt(BattleTypeSchema),
    sort: opt(z.enum(SORT_KEYS)),
  })
  .transform((s) => (s.category && s.type ? { ...s, type: undefined } : s));
export type LeaderboardSearch = z.infer<typeof LeaderboardSearchSchema>;

export const leaderboardApiQuery = (s: LeaderboardSearch): LeaderboardApiQuery => ({
  source: s.source,
  scope: s.scope,
  category: s.category,
  type: s.type,
});

const nullsLast = (v: number | null, dir: 1 | -1) => (v === null ? Number.POSITIVE_INFINITY : dir * v);

/** Rows in the order asked for; ties keep the API's order (rank, then rating). */
export function sortRows(rows: readonly LeaderboardRow[], by: SortKey = 'rank'): LeaderboardRow[] {
  const key: Record<SortKey, (r: LeaderboardRow) => number> = {
    rank: (r) => r.rank,
    rating: (r) => -r.rating,
    battles: (r) => -r.battles,
    winRate: (r) => -r.winRate,
    // Faster first: a low TTFT, a high decode rate; rows that measured neither go last.
    ttft: (r) => nullsLast(r.ttftMsP50, 1),
    tps: (r) => nullsLast(r.decodeTpsP50, -1),
  };
  return rows
    .map((r, i) => ({ r, i }))
    .sort((x, y) => key[by](x.r) - key[by](y.r) || x.i - y.i)
    .map(({ r }) => r);
}

export const EXPORT_COLUMNS = [
  'rank',
  'key',
  'provider',
  'model',
  'persona',
  'rating',
  'q025',
  'q975',
  'median',
  'elo',
  'wins',
  'losses',
  'ties',
  'outcomes',
  'battles',
  'winRate',
  'ttftMsP50',
  'decodeTpsP50',
  'speedResults',
] as const satisfies readonly (keyof LeaderboardRow)[];

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function leaderboardCsv(rows: readonly LeaderboardRow[]): string {
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const r of rows) lines.push(EXPORT_COLUMNS.map((c) => csvField(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The JSON export: the board's metadata (source, slice, computedAt, bootstrap) with its rows. */
export function leaderboardJson(board: LeaderboardView): string {
  return `${JSON.stringify(board, null, 2)}\n`;
}

export function exportFileName(board: LeaderboardView, ext: 'csv' | 'json'): string {
  const slice = board.category ?? board.type ?? 'overall';
  return `ringside-leaderboard-${board.source}-${board.scope}-${slice}.${ext}`;
}

/** A linear scale over every row's interval, padded a little so no bar touches the edge. */
export function intervalScale(rows: readonly Pick<LeaderboardRow, 'q025' | 'q975'>[]): {
  min: number;
  max: number;
  at: (v: number, width: number) => number;
} {
  if (rows.length === 0) return { min: 0, max: 1, at: () => 0 };
  let min = Math.min(...rows.map((r) => r.q025));
  let max = Math.max(...rows.map((r) => r.q975));
  const pad = Math.max(1, (max - min) * 0.05);
  min -= pad;
  max += pad;
  return { min, max, at: (v, width) => ((v - min) / (max - min)) * width };
}

/** Short label of a key: the model (and persona), without the provider. */
export const shortName = (r: Pick<LeaderboardRow, 'model' | 'persona'>) =>
  r.persona ? `${r.model} · ${r.persona}` : r.model;

/** About `count` round tick values covering [min, max] (1, 2 or 5 times a power of ten apart). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max <= min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    out.push(Number(v.toFixed(10)));
  return out;
}

export const HeadToHeadSearchSchema = z.object({
  a: z.string().min(1).max(400).catch(''),
  b: z.string().min(1).max(400).catch(''),
  source: opt(RatingSourceSchema),
  scope: opt(RatingScopeSchema),
});
export type HeadToHeadSearch = z.infer<typeof HeadToHeadSearchSchema>;
