import { isSealedResult } from '@ringside/shared';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { ExportButtons } from '../components/export-buttons.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { Empty, ErrorView, Loading } from '../components/status.tsx';
import { batchesQuery, runsQuery } from '../lib/api.ts';
import { fmtDate, fmtMs, fmtNum, fmtPct } from '../lib/format.ts';
import { RunsSearchSchema } from '../lib/search.ts';

const LIMIT = 25;

export const Route = createFileRoute('/runs')({
  validateSearch: (search: Record<string, unknown>) => RunsSearchSchema.parse(search),
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient }, deps }) =>
    Promise.all([
      queryClient.ensureQueryData(batchesQuery({ suite: deps.suite, cursor: deps.batches, limit: LIMIT })),
      queryClient.ensureQueryData(runsQuery({ suite: deps.suite, cursor: deps.runs, limit: LIMIT })),
    ]),
  pendingComponent: () => <Loading what="Loading CI runs" />,
  errorComponent: ({ error, reset }) => <ErrorView error={error} reset={reset} />,
  component: RunsPage,
});

function RunsPage() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const { data: batches } = useSuspenseQuery(
    batchesQuery({ suite: search.suite, cursor: search.batches, limit: LIMIT }),
  );
  const { data: runs } = useSuspenseQuery(
    runsQuery({ suite: search.suite, cursor: search.runs, limit: LIMIT }),
  );
  const [suite, setSuite] = useState(search.suite ?? '');
  useEffect(() => setSuite(search.suite ?? ''), [search.suite]);

  return (
    <div data-testid="runs-page">
      <h1>CI runs</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void navigate({ search: { suite: suite.trim() || undefined } });
        }}
      >
        <input
          name="suite"
          placeholder="suite name"
          value={suite}
          onChange={(e) => setSuite(e.target.value)}
          aria-label="suite"
        />
        <button type="submit">Filter</button>
      </form>

      <h2>Batches</h2>
      <p className="toolbar">
        <ExportButtons what="battles" params={{ origin: 'ci', suite: search.suite }} />
      </p>
      {batches.items.length === 0 ? (
        <Empty>No CI batches{search.suite ? ` for suite ${search.suite}` : ''}.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="batches-table">
            <thead>
              <tr>
                <th>Batch</th>
                <th>Suite</th>
                <th>Commit</th>
                <th>State</th>
                <th className="num">Results</th>
                <th className="num">Pass rate</th>
                <th className="num">Mean score</th>
                <th className="num">Mean E2E</th>
                <th className="num">Mean tok/s</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {batches.items.map((b) => (
                <tr key={b.id}>
                  <td>
                    <Link to="/batches/$batchId" params={{ batchId: b.id }}>
                      {b.title}
                    </Link>
                  </td>
                  <td>
                    {b.suite.name} v{b.suite.version}
                  </td>
                  <td className="mono small">
                    {b.ci?.commit?.slice(0, 10) ?? '–'}
                    {b.ci?.branch ? ` (${b.ci.branch})` : ''}
                  </td>
                  <td>
                    <StateBadge state={b.state} />
                  </td>
                  <td className="num">{fmtNum(b.totals.results, 0)}</td>
                  <td className="num">{fmtPct(b.totals.passRate)}</td>
                  <td className="num">{fmtNum(b.totals.meanScore, 3)}</td>
                  <td className="num">{fmtMs(b.totals.meanE2eMs)}</td>
                  <td className="num">{fmtNum(b.totals.meanDecodeTps)}</td>
                  <td className="nowrap">{fmtDate(b.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        cursor={search.batches}
        next={batches.nextCursor}
        onFirst={() => void navigate({ search: (s) => ({ ...s, batches: undefined }) })}
        onNext={(c) => void navigate({ search: (s) => ({ ...s, batches: c }) })}
      />

      <h2>Runs</h2>
      <p className="toolbar">
        <ExportButtons what="results" params={{ origin: 'ci' }} />
      </p>
      {runs.items.length === 0 ? (
        <Empty>No CI runs yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="runs-table">
            <thead>
              <tr>
                <th>Created</th>
                <th>Batch</th>
                <th>Model</th>
                <th>Task</th>
                <th>Status</th>
                <th className="num">Score</th>
                <th className="num">E2E</th>
                <th className="num">tok/s</th>
              </tr>
            </thead>
            <tbody>
              {runs.items.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{fmtDate(r.createdAt)}</td>
                  <td>
                    <Link to="/batches/$batchId" params={{ batchId: r.battleId }}>
                      {r.battleId}
                    </Link>
                  </td>
                  <td>
                    {isSealedResult(r) ? (
                      `contestant ${r.contestantId}`
                    ) : (
                      <Link to="/models/$model" params={{ model: r.model }} search={{ provider: r.provider }}>
                        {r.model}
                      </Link>
                    )}
                  </td>
                  <td>{r.taskId}</td>
                  <td>{r.status}</td>
                  <td className="num">{fmtNum(r.score, 3)}</td>
                  <td className="num">{fmtMs(r.metrics.e2eMs)}</td>
                  <td className="num">{fmtNum(r.metrics.decodeTpsClient ?? r.metrics.decodeTpsServer)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        cursor={search.runs}
        next={runs.nextCursor}
        onFirst={() => void navigate({ search: (s) => ({ ...s, runs: undefined }) })}
        onNext={(c) => void navigate({ search: (s) => ({ ...s, runs: c }) })}
      />
    </div>
  );
}

function Pager(props: {
  cursor: string | undefined;
  next: string | null;
  onFirst: () => void;
  onNext: (cursor: string) => void;
}) {
  const { next } = props;
  if (!props.cursor && !next) return null;
  return (
    <p className="pager">
      {props.cursor ? (
        <button type="button" onClick={props.onFirst}>
          First page
        </button>
      ) : null}{' '}
      {next ? (
        <button type="button" onClick={() => props.onNext(next)}>
          Next page
        </button>
      ) : null}
    </p>
  );
}
