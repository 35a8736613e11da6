import type { HeadToHead, LeaderboardRow } from '@ringside/shared';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { Empty, ErrorView, Loading } from '../components/status.tsx';
import { headToHeadQuery } from '../lib/api.ts';
import { fmtDate, fmtMs, fmtNum, fmtPct } from '../lib/format.ts';
import { type HeadToHeadSearch, HeadToHeadSearchSchema } from '../lib/leaderboard.ts';

/** `/head-to-head?a=&b=`: two leaderboard keys compared (PRODUCT F15). */

const apiQuery = (s: HeadToHeadSearch) => ({ a: s.a, b: s.b, source: s.source, scope: s.scope });

export const Route = createFileRoute('/head-to-head')({
  validateSearch: (search: Record<string, unknown>) => HeadToHeadSearchSchema.parse(search),
  loaderDeps: ({ search }) => apiQuery(search),
  loader: ({ context: { queryClient }, deps }) =>
    deps.a && deps.b && deps.a !== deps.b ? queryClient.ensureQueryData(headToHeadQuery(deps)) : null,
  pendingComponent: () => <Loading what="Loading the head-to-head" />,
  errorComponent: ({ error, reset }) => <ErrorView error={error} reset={reset} />,
  component: HeadToHeadPage,
});

function HeadToHeadPage() {
  const search = Route.useSearch();
  if (!search.a || !search.b || search.a === search.b) {
    return (
      <div data-testid="head-to-head-page">
        <h1>Head to head</h1>
        <Empty>
          Pick two different models on the <Link to="/leaderboard">leaderboard</Link> to compare them.
        </Empty>
      </div>
    );
  }
  return <Comparison search={search} />;
}

function Comparison({ search }: { search: HeadToHeadSearch }) {
  const { data } = useSuspenseQuery(headToHeadQuery(apiQuery(search)));
  const [ka, kb] = data.matrix.keys;
  const [[aa, ab], [ba, bb]] = data.matrix.wins;
  return (
    <div data-testid="head-to-head-page">
      <p className="crumbs">
        <Link
          to="/leaderboard"
          search={{ source: data.source, scope: data.scope === 'model' ? undefined : data.scope }}
        >
          Leaderboard
        </Link>{' '}
        › head to head
      </p>
      <h1>
        {data.a} <span className="muted">vs</span> {data.b}
      </h1>
      <p className="muted small" data-testid="computed-at">
        Source: {data.source}, {data.outcomes} pairwise outcomes
        {data.computedAt ? `, computed at ${fmtDate(data.computedAt)} UTC` : ', not computed yet'}.
      </p>
      {data.outcomes === 0 ? (
        <Empty>These two have not met in any rated comparison yet.</Empty>
      ) : (
        <div className="cards">
          <section className="card">
            <h2>Win matrix</h2>
            <table className="data" data-testid="win-matrix">
              <thead>
                <tr>
                  <th>points taken by ↓ from →</th>
                  <th>{ka}</th>
                  <th>{kb}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th>{ka}</th>
                  <td className="num muted">{fmtNum(aa)}</td>
                  <td className="num">{fmtNum(ab)}</td>
                </tr>
                <tr>
                  <th>{kb}</th>
                  <td className="num">{fmtNum(ba)}</td>
                  <td className="num muted">{fmtNum(bb)}</td>
                </tr>
              </tbody>
            </table>
            <p data-testid="h2h-summary">
              {data.a} won {data.aWins}, {data.b} won {data.bWins}, {data.ties} ties (ties give each side ½).
              {data.expectedAWinRate !== null ? (
                <>
                  {' '}
                  The ratings expect {data.a} to win {fmtPct(data.expectedAWinRate)} of the time.
                </>
              ) : null}
            </p>
          </section>
          <section className="card">
            <h2>Ratings</h2>
            <RatingsTable a={data.ratings.a} b={data.ratings.b} />
          </section>
        </div>
      )}
      <SharedBattles data={data} />
    </div>
  );
}

function RatingsTable({ a, b }: { a: LeaderboardRow | null; b: LeaderboardRow | null }) {
  const rows = [a, b].filter((r): r is LeaderboardRow => r !== null);
  if (rows.length === 0) return <p className="muted">Neither is rated yet.</p>;
  return (
    <table className="data">
      <thead>
        <tr>
          <th>Key</th>
          <th className="num">Rank</th>
          <th className="num">Rating (95%)</th>
          <th className="num">Win rate</th>
          <th className="num">TTFT</th>
          <th className="num">tok/s</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.key}</td>
            <td className="num">{r.rank}</td>
            <td className="num">
              {fmtNum(r.rating, 0)} ({fmtNum(r.q025, 0)}–{fmtNum(r.q975, 0)})
            </td>
            <td className="num">{fmtPct(r.winRate)}</td>
            <td className="num">{fmtMs(r.ttftMsP50)}</td>
            <td className="num">{fmtNum(r.decodeTpsP50)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SharedBattles({ data }: { data: HeadToHead }) {
  return (
    <>
      <h2>Shared battles</h2>
      {data.sharedBattles.length === 0 ? (
        <p className="muted">No battle had both.</p>
      ) : (
        <ul className="plain" data-testid="shared-battles">
          {data.sharedBattles.map((b) => (
            <li key={b.id}>
              <Link to="/battles/$battleId" params={{ battleId: b.id }}>
                {b.title}
              </Link>{' '}
              <span className="muted small">
                {b.type} · {fmtDate(b.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
