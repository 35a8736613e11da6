import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { ExportButtons } from '../components/export-buttons.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { Empty, ErrorView, Loading } from '../components/status.tsx';
import { battlesQuery, statsQuery } from '../lib/api.ts';
import { fmtDate, fmtMs, fmtNum } from '../lib/format.ts';

const recent = () => battlesQuery({ limit: 8 });

export const Route = createFileRoute('/')({
  loader: ({ context: { queryClient } }) =>
    Promise.all([queryClient.ensureQueryData(statsQuery()), queryClient.ensureQueryData(recent())]),
  pendingComponent: () => <Loading what="Loading the overview" />,
  errorComponent: ({ error, reset }) => <ErrorView error={error} reset={reset} />,
  component: Overview,
});

function Overview() {
  const { data: stats } = useSuspenseQuery(statsQuery());
  const { data: battles } = useSuspenseQuery(recent());
  return (
    <div data-testid="overview-page">
      <h1>Overview</h1>
      <p className="callout">
        <Link to="/leaderboard" className="button primary">
          See the leaderboard
        </Link>{' '}
        <Link to="/vote" className="button">
          Vote on a blind pair
        </Link>{' '}
        <span className="muted small">ratings with 95% intervals, from votes, the judge and task scores</span>
      </p>
      <ul className="totals">
        <li>
          <strong>{fmtNum(stats.totals.battles, 0)}</strong> battles
        </li>
        <li>
          <strong>{fmtNum(stats.totals.results, 0)}</strong> results
        </li>
        <li>
          <strong>{fmtNum(stats.totals.models, 0)}</strong> models
        </li>
        <li>
          <strong>{fmtNum(stats.totals.errors, 0)}</strong> errors
        </li>
      </ul>

      <h2>Models</h2>
      <p className="toolbar">
        <ExportButtons what="results" />
      </p>
      {stats.models.length === 0 ? (
        <Empty>No results yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="models-table">
            <thead>
              <tr>
                <th>Model</th>
                <th>Provider</th>
                <th className="num">Results</th>
                <th className="num">Wins</th>
                <th className="num">Errors</th>
                <th className="num">TTFT p50</th>
                <th className="num">E2E p50</th>
                <th className="num">E2E p95</th>
                <th className="num">tok/s p50</th>
              </tr>
            </thead>
            <tbody>
              {stats.models.map((m) => (
                <tr key={`${m.provider}:${m.model}`}>
                  <td>
                    <Link to="/models/$model" params={{ model: m.model }} search={{ provider: m.provider }}>
                      {m.model}
                    </Link>
                  </td>
                  <td>{m.provider}</td>
                  <td className="num">{fmtNum(m.results, 0)}</td>
                  <td className="num">{fmtNum(m.wins, 0)}</td>
                  <td className="num">{fmtNum(m.errors, 0)}</td>
                  <td className="num">{fmtMs(m.ttftMs.p50)}</td>
                  <td className="num">{fmtMs(m.e2eMs.p50)}</td>
                  <td className="num">{fmtMs(m.e2eMs.p95)}</td>
                  <td className="num">{fmtNum(m.decodeTps.p50)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Latest battles</h2>
      {battles.items.length === 0 ? (
        <Empty>No battles yet.</Empty>
      ) : (
        <ul className="plain">
          {battles.items.map((b) => (
            <li key={b.id}>
              <StateBadge state={b.state} />{' '}
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
      <p>
        <Link to="/battles">All battles →</Link>
      </p>
    </div>
  );
}
