import {
  BattleTypeSchema,
  endpoints,
  type LeaderboardRow,
  RatingScopeSchema,
  RatingSourceSchema,
  TaskCategorySchema,
} from '@ringside/shared';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { LeaderboardDownloads } from '../components/leaderboard/download-buttons.tsx';
import { IntervalBar } from '../components/leaderboard/interval-bar.tsx';
import { QualitySpeedChart } from '../components/leaderboard/quality-speed-chart.tsx';
import { Empty, ErrorView, Loading } from '../components/status.tsx';
import { apiUrl, type LeaderboardView, leaderboardQuery } from '../lib/api.ts';
import { fmtDate, fmtMs, fmtNum, fmtPct } from '../lib/format.ts';
import {
  intervalScale,
  type LeaderboardSearch,
  LeaderboardSearchSchema,
  leaderboardApiQuery,
  type SortKey,
  shortName,
  sortRows,
} from '../lib/leaderboard.ts';

export const Route = createFileRoute('/leaderboard')({
  validateSearch: (search: Record<string, unknown>) => LeaderboardSearchSchema.parse(search),
  loaderDeps: ({ search }) => leaderboardApiQuery(search),
  loader: ({ context: { queryClient }, deps }) => queryClient.ensureQueryData(leaderboardQuery(deps)),
  pendingComponent: () => <Loading what="Loading the leaderboard" />,
  errorComponent: ({ error, reset }) => <ErrorView error={error} reset={reset} />,
  component: LeaderboardPage,
});

const SOURCE_LABEL: Record<string, string> = {
  blend: 'blend (votes, else judge, else score)',
  human: 'human votes',
  judge: 'LLM judge',
  auto: 'automatic scores',
};

function LeaderboardPage() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const { data: board } = useSuspenseQuery(leaderboardQuery(leaderboardApiQuery(search)));
  const setFilter = (patch: Partial<LeaderboardSearch>) =>
    void navigate({ search: (s) => ({ ...s, ...patch }) });
  const rows = sortRows(board.rows, search.sort);
  const scale = intervalScale(board.rows);
  const unit = board.source === 'human' ? 'votes' : 'outcomes';

  return (
    <div data-testid="leaderboard-page">
      <h1>Leaderboard</h1>
      <p className="muted">
        Bradley–Terry ratings (mean 1000) with 95% bootstrap intervals; the rank counts only the models whose
        whole interval lies above this one. Cast your own blind votes on the <Link to="/vote">Vote</Link>{' '}
        page.
      </p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          source{' '}
          <select
            name="source"
            aria-label="source"
            value={search.source ?? 'blend'}
            onChange={(e) => {
              const v = RatingSourceSchema.safeParse(e.target.value).data;
              setFilter({ source: v === 'blend' ? undefined : v });
            }}
          >
            {RatingSourceSchema.options.map((s) => (
              <option key={s} value={s}>
                {SOURCE_LABEL[s] ?? s}
              </option>
            ))}
          </select>
        </label>
        <label>
          rate{' '}
          <select
            name="scope"
            aria-label="scope"
            value={search.scope ?? 'model'}
            onChange={(e) => {
              const v = RatingScopeSchema.safeParse(e.target.value).data;
              setFilter({ scope: v === 'model' ? undefined : v });
            }}
          >
            <option value="model">models</option>
            <option value="contestant">contestants (model + persona)</option>
          </select>
        </label>
        <select
          name="category"
          aria-label="category"
          value={search.category ?? ''}
          onChange={(e) =>
            // One slice at a time: a category replaces a battle type.
            setFilter({ category: TaskCategorySchema.safeParse(e.target.value).data, type: undefined })
          }
        >
          <option value="">all categories</option>
          {TaskCategorySchema.options.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <select
          name="type"
          aria-label="battle type"
          value={search.type ?? ''}
          onChange={(e) =>
            setFilter({ type: BattleTypeSchema.safeParse(e.target.value).data, category: undefined })
          }
        >
          <option value="">all battle types</option>
          {BattleTypeSchema.options.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        {Object.values(search).some((v) => v !== undefined) ? (
          <Link to="/leaderboard" search={{}} className="button">
            Clear
          </Link>
        ) : null}
      </form>
      <ComputedLine board={board} />
      {board.computedAt === null || board.rows.length === 0 ? (
        <NoRatings board={board} />
      ) : (
        <>
          <p className="toolbar">
            <LeaderboardDownloads board={board} />{' '}
            <a
              className="button"
              href={apiUrl(
                endpoints.pairsExport,
                {},
                {
                  source: board.source,
                  scope: board.scope,
                  category: board.category,
                  type: board.type,
                },
              )}
              download
            >
              Pairwise outcomes (JSON Lines)
            </a>
          </p>
          <div className="table-wrap">
            <table className="data" data-testid="leaderboard-table">
              <thead>
                <tr>
                  <SortHeader by="rank" current={search.sort}>
                    Rank
                  </SortHeader>
                  <th>{board.scope === 'model' ? 'Model' : 'Contestant'}</th>
                  <SortHeader by="rating" current={search.sort}>
                    Rating
                  </SortHeader>
                  <th>
                    95% interval{' '}
                    <span className="muted small nowrap">
                      ({fmtNum(scale.min, 0)}–{fmtNum(scale.max, 0)})
                    </span>
                  </th>
                  <th className="num">Elo</th>
                  <SortHeader by="battles" current={search.sort}>
                    {unit === 'votes' ? 'Votes' : 'Outcomes'} / battles
                  </SortHeader>
                  <SortHeader by="winRate" current={search.sort}>
                    Win rate
                  </SortHeader>
                  <SortHeader by="ttft" current={search.sort}>
                    Median TTFT
                  </SortHeader>
                  <SortHeader by="tps" current={search.sort}>
                    Decode tok/s
                  </SortHeader>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key} data-key={r.key}>
                    <td className="num">{r.rank}</td>
                    <td>
                      <Link to="/models/$model" params={{ model: r.model }} search={{ provider: r.provider }}>
                        {shortName(r)}
                      </Link>{' '}
                      <span className="muted small">{r.provider}</span>
                    </td>
                    <td className="num" data-testid="rating">
                      {fmtNum(r.rating, 0)}
                    </td>
                    <td>
                      <IntervalBar rating={r.rating} q025={r.q025} q975={r.q975} at={scale.at} />{' '}
                      <span className="muted small nowrap">
                        {fmtNum(r.q025, 0)}–{fmtNum(r.q975, 0)}
                      </span>
                    </td>
                    <td className="num">{fmtNum(r.elo, 0)}</td>
                    <td className="num">
                      {r.outcomes} / {r.battles}
                    </td>
                    <td className="num">{fmtPct(r.winRate)}</td>
                    <td className="num">{fmtMs(r.ttftMsP50)}</td>
                    <td className="num">{fmtNum(r.decodeTpsP50, 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Unrated board={board} />
          <h2>Quality vs speed</h2>
          <QualitySpeedChart rows={board.rows} />
          <CompareForm board={board} />
        </>
      )}
    </div>
  );
}

function SortHeader({
  by,
  current = 'rank',
  children,
}: {
  by: SortKey;
  current?: SortKey | undefined;
  children: React.ReactNode;
}) {
  const active = current === by;
  return (
    <th className="num" aria-sort={active ? 'ascending' : 'none'}>
      <Link
        to="/leaderboard"
        search={(s) => ({ ...s, sort: by === 'rank' ? undefined : by })}
        className={active ? 'sort-active' : undefined}
      >
        {children}
        {active ? ' ▾' : ''}
      </Link>
    </th>
  );
}

function ComputedLine({ board }: { board: LeaderboardView }) {
  const slice = board.category
    ? `category ${board.category}`
    : board.type
      ? `${board.type} battles`
      : 'all battles';
  return (
    <p className="muted small" data-testid="computed-at">
      {board.computedAt ? (
        <>
          Computed at {fmtDate(board.computedAt)} UTC from {board.outcomes.toLocaleString('en-US')} pairwise{' '}
          {board.source === 'human' ? 'votes' : 'outcomes'} over {board.battles.toLocaleString('en-US')}{' '}
          battles ({slice}, source: {SOURCE_LABEL[board.source] ?? board.source}); bootstrap of {board.rounds}{' '}
          rounds resampling whole battles, seed {board.seed}.
          {board.speedComputedAt ? <> Speed medians from {fmtDate(board.speedComputedAt)} UTC.</> : null}
        </>
      ) : (
        <>
          Not computed yet ({slice}, source: {SOURCE_LABEL[board.source] ?? board.source}).
        </>
      )}
      {board.blend ? (
        <>
          {' '}
          Blend: {board.blend.rule} (human {board.blend.outcomes.human}, judge {board.blend.outcomes.judge},
          auto {board.blend.outcomes.auto}).
        </>
      ) : null}
    </p>
  );
}

function NoRatings({ board }: { board: LeaderboardView }) {
  return (
    <Empty>
      <div data-testid="leaderboard-empty">
        <strong>{board.computedAt ? 'No ratings in this slice yet.' : 'No ratings yet.'}</strong>
        <p>
          Ratings come from pairwise outcomes: every finished battle with k contestants on a task gives
          k(k−1)/2 pairs, won by the blind <Link to="/vote">votes</Link> of visitors, by the LLM judge&apos;s
          verdict, or by the higher automatic task score; ties count half. A scheduled job fits Bradley–Terry
          ratings to them every few minutes, with 95% intervals from a bootstrap over whole battles. A model
          appears once it has both won and lost.
        </p>
      </div>
      <Unrated board={board} />
    </Empty>
  );
}

function Unrated({ board }: { board: LeaderboardView }) {
  if (board.unrated.length === 0) return null;
  return (
    <p className="muted small" data-testid="unrated">
      Not rated yet (every comparison won, or every one lost):{' '}
      {board.unrated.map((u) => `${u.key} (${u.wins}–${u.losses}–${u.ties})`).join(', ')}
    </p>
  );
}

/** Picks two rows and opens their head-to-head page. */
function CompareForm({ board }: { board: LeaderboardView }) {
  const keys = board.rows.map((r: LeaderboardRow) => r.key);
  const [a, setA] = useState(keys[0] ?? '');
  const [b, setB] = useState(keys[1] ?? '');
  const navigate = useNavigate();
  if (keys.length < 2) return null;
  return (
    <form
      className="filters"
      data-testid="compare-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (a && b && a !== b)
          void navigate({
            to: '/head-to-head',
            search: { a, b, source: board.source, scope: board.scope === 'model' ? undefined : board.scope },
          });
      }}
    >
      <h2>Head to head</h2>
      <select aria-label="first model" value={a} onChange={(e) => setA(e.target.value)}>
        {keys.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <span>vs</span>
      <select aria-label="second model" value={b} onChange={(e) => setB(e.target.value)}>
        {keys.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <button type="submit" disabled={a === b}>
        Compare
      </button>
    </form>
  );
}
