import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { lazy, Suspense, useMemo } from 'react';
import { ExportButtons } from '../components/export-buttons.tsx';
import type { ModelPoint } from '../components/model-chart.tsx';
import { Empty, ErrorView, Loading } from '../components/status.tsx';
import { resultsQuery, statsQuery } from '../lib/api.ts';
import { fmtDate, fmtMs, fmtNum } from '../lib/format.ts';
import { ModelSearchSchema } from '../lib/search.ts';

const ModelChart = lazy(() => import('../components/model-chart.tsx'));
const LIMIT = 200;

const results = (model: string, provider: string | undefined, cursor: string | undefined) =>
  resultsQuery({ model, provider, cursor, limit: LIMIT });

export const Route = createFileRoute('/models/$model')({
  validateSearch: (search: Record<string, unknown>) => ModelSearchSchema.parse(search),
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient }, params, deps }) =>
    Promise.all([
      queryClient.ensureQueryData(results(params.model, deps.provider, deps.cursor)),
      queryClient.ensureQueryData(statsQuery({ model: params.model })),
    ]),
  pendingComponent: () => <Loading what="Loading the model" />,
  errorComponent: ({ error, reset }) => <ErrorView error={error} reset={reset} />,
  component: ModelPage,
});

function ModelPage() {
  const { model } = Route.useParams();
  const search = Route.useSearch();
  const { data: page } = useSuspenseQuery(results(model, search.provider, search.cursor));
  const { data: stats } = useSuspenseQuery(statsQuery({ model }));
  const rows = stats.models.filter((m) => !search.provider || m.provider === search.provider);
  const points = useMemo(
    (): ModelPoint[] =>
      page.items.map((r) => ({
        t: Date.parse(r.createdAt) / 1000,
        e2eMs: r.metrics.e2eMs,
        ttftMs: r.metrics.ttftMs,
        tps: r.metrics.decodeTpsClient ?? r.metrics.decodeTpsServer,
      })),
    [page.items],
  );

  return (
    <div data-testid="model-page">
      <p className="crumbs">
        <Link to="/">Overview</Link> / model
      </p>
      <h1>
        {model}
        {search.provider ? <span className="muted"> on {search.provider}</span> : null}
      </h1>
      {rows.map((m) => (
        <dl className="figures" key={m.provider}>
          <div>
            <dt>provider</dt>
            <dd>{m.provider}</dd>
          </div>
          <div>
            <dt>results</dt>
            <dd>{fmtNum(m.results, 0)}</dd>
          </div>
          <div>
            <dt>wins</dt>
            <dd>{fmtNum(m.wins, 0)}</dd>
          </div>
          <div>
            <dt>errors</dt>
            <dd>{fmtNum(m.errors, 0)}</dd>
          </div>
          <div>
            <dt>TTFT p50 / p95</dt>
            <dd>
              {fmtMs(m.ttftMs.p50)} / {fmtMs(m.ttftMs.p95)}
            </dd>
          </div>
          <div>
            <dt>E2E p50 / p95</dt>
            <dd>
              {fmtMs(m.e2eMs.p50)} / {fmtMs(m.e2eMs.p95)}
            </dd>
          </div>
          <div>
            <dt>tok/s p50</dt>
            <dd>{fmtNum(m.decodeTps.p50)}</dd>
          </div>
        </dl>
      ))}
      {page.items.length === 0 ? (
        <Empty>No results for this model.</Empty>
      ) : (
        <>
          <h2>Over time</h2>
          <Suspense fallback={<Loading what="Loading the chart" />}>
            <ModelChart points={points} />
          </Suspense>
          <h2>Results</h2>
          <p className="toolbar">
            <ExportButtons what="results" params={{ model, provider: search.provider }} />
          </p>
          <div className="table-wrap">
            <table className="data" data-testid="model-results">
              <thead>
                <tr>
                  <th>Created</th>
                  <th>Battle</th>
                  <th>Task</th>
                  <th>Status</th>
                  <th className="num">TTFT</th>
                  <th className="num">E2E</th>
                  <th className="num">tok/s</th>
                  <th className="num">Tokens</th>
                  <th className="num">Score</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((r) => (
                  <tr key={r.id}>
                    <td className="nowrap">{fmtDate(r.createdAt)}</td>
                    <td>
                      <Link
                        to="/battles/$battleId"
                        params={{ battleId: r.battleId }}
                        search={{ task: r.taskId }}
                      >
                        {r.battleId}
                      </Link>
                    </td>
                    <td>{r.taskId}</td>
                    <td>{r.status}</td>
                    <td className="num">{fmtMs(r.metrics.ttftMs)}</td>
                    <td className="num">{fmtMs(r.metrics.e2eMs)}</td>
                    <td className="num">{fmtNum(r.metrics.decodeTpsClient ?? r.metrics.decodeTpsServer)}</td>
                    <td className="num">{fmtNum(r.metrics.outputTokens, 0)}</td>
                    <td className="num">{fmtNum(r.score, 3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {page.nextCursor || search.cursor ? (
            <p className="pager">
              {search.cursor ? (
                <Link
                  to="/models/$model"
                  params={{ model }}
                  search={(s) => ({ ...s, cursor: undefined })}
                  className="button"
                >
                  Newest
                </Link>
              ) : null}{' '}
              {page.nextCursor ? (
                <Link
                  to="/models/$model"
                  params={{ model }}
                  search={(s) => ({ ...s, cursor: page.nextCursor ?? undefined })}
                  className="button"
                >
                  Older results
                </Link>
              ) : null}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
