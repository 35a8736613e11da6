import type { BatchSummary, ComparisonRow, Delta } from '@ringside/shared';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { ExportButtons } from '../components/export-buttons.tsx';
import { ErrorView, Loading } from '../components/status.tsx';
import { batchCompareQuery } from '../lib/api.ts';
import { fmtDate, fmtDelta, fmtMs, fmtNum, fmtPct } from '../lib/format.ts';

export const Route = createFileRoute('/batches/$batchId')({
  loader: ({ context: { queryClient }, params }) =>
    queryClient.ensureQueryData(batchCompareQuery(params.batchId)),
  pendingComponent: () => <Loading what="Loading the batch" />,
  errorComponent: ({ error, reset }) => <ErrorView error={error} reset={reset} />,
  component: BatchPage,
});

const ORDER: Record<ComparisonRow['verdict'], number> = { worse: 0, gone: 1, new: 2, better: 3, same: 4 };

function BatchPage() {
  const { batchId } = Route.useParams();
  const { data } = useSuspenseQuery(batchCompareQuery(batchId));
  const { batch, previous } = data;
  return (
    <div data-testid="batch-page">
      <p className="crumbs">
        <Link to="/runs">CI runs</Link> /
      </p>
      <h1>{batch.title}</h1>
      <p className="meta">
        suite {batch.suite.name} v{batch.suite.version} · {fmtDate(batch.createdAt)}
        {batch.ci?.commit ? ` · commit ${batch.ci.commit.slice(0, 10)}` : ''}
        {batch.ci?.branch ? ` on ${batch.ci.branch}` : ''}
        {batch.ci?.url ? (
          <>
            {' · '}
            <a href={batch.ci.url} rel="noopener nofollow" target="_blank">
              CI job
            </a>
          </>
        ) : null}
      </p>
      <p className="toolbar">
        <ExportButtons what="results" params={{ battleId: batch.id }} />{' '}
        <Link className="button" to="/battles/$battleId" params={{ battleId: batch.id }}>
          Outputs
        </Link>
      </p>

      <div className="cards">
        <BatchCard title="This batch" batch={batch} />
        {previous ? (
          <BatchCard title="Previous batch" batch={previous} />
        ) : (
          <section className="card">
            <h3>Previous batch</h3>
            <p className="muted">
              This is the first batch of suite {batch.suite.name}: nothing to compare with.
            </p>
          </section>
        )}
      </div>

      {previous ? (
        <>
          <h2>
            Overall: <Verdict verdict={data.overall.verdict} />
          </h2>
          <ComparisonTable title="By model" rows={data.byModel} />
          <ComparisonTable title="By task" rows={data.byTask} />
        </>
      ) : null}
      {/* Per-evaluator scores (CI evaluations, checks, judges); an older API has no byEvaluator. */}
      {data.byEvaluator?.length ? (
        <ComparisonTable title="By evaluator" rows={data.byEvaluator} speed={false} />
      ) : null}
    </div>
  );
}

function BatchCard({ title, batch }: { title: string; batch: BatchSummary }) {
  const t = batch.totals;
  return (
    <section className="card">
      <h3>
        {title}:{' '}
        <Link to="/batches/$batchId" params={{ batchId: batch.id }}>
          {batch.title}
        </Link>
      </h3>
      <dl className="figures">
        <div>
          <dt>results</dt>
          <dd>{fmtNum(t.results, 0)}</dd>
        </div>
        <div>
          <dt>errors</dt>
          <dd>{fmtNum(t.errors, 0)}</dd>
        </div>
        <div>
          <dt>pass rate</dt>
          <dd>{fmtPct(t.passRate)}</dd>
        </div>
        <div>
          <dt>mean score</dt>
          <dd>{fmtNum(t.meanScore, 3)}</dd>
        </div>
        <div>
          <dt>mean E2E</dt>
          <dd>{fmtMs(t.meanE2eMs)}</dd>
        </div>
        <div>
          <dt>mean tok/s</dt>
          <dd>{fmtNum(t.meanDecodeTps)}</dd>
        </div>
      </dl>
    </section>
  );
}

function Verdict({ verdict }: { verdict: ComparisonRow['verdict'] }) {
  return <span className={`verdict verdict-${verdict}`}>{verdict}</span>;
}

/** "current (Δ)": for speed, lower E2E is better, higher tok/s is better. */
function DeltaCell({
  d,
  fmt,
  fmtD,
  higherIsBetter,
}: {
  d: Delta;
  fmt: (n: number | null) => string;
  fmtD: (n: number | null) => string;
  higherIsBetter: boolean;
}) {
  const good = d.delta === null || d.delta === 0 ? '' : d.delta > 0 === higherIsBetter ? 'up' : 'down';
  return (
    <td className="num" title={`previous ${fmt(d.previous)}`}>
      {fmt(d.current)} <span className={`delta ${good}`}>{d.delta !== null ? `(${fmtD(d.delta)})` : ''}</span>
    </td>
  );
}

function ComparisonTable({
  title,
  rows,
  speed = true,
}: {
  title: string;
  rows: readonly ComparisonRow[];
  /** evaluators have no times: their table leaves out E2E and tok/s */
  speed?: boolean;
}) {
  const [onlyChanges, setOnlyChanges] = useState(false);
  const shown = [...rows]
    .filter((r) => !onlyChanges || r.verdict !== 'same')
    .sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict] || a.key.localeCompare(b.key));
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
  return (
    <section>
      <h3>
        {title} <span className="muted small">{[...counts].map(([v, n]) => `${n} ${v}`).join(' · ')}</span>
      </h3>
      <label className="small">
        <input type="checkbox" checked={onlyChanges} onChange={(e) => setOnlyChanges(e.target.checked)} />{' '}
        only changes
      </label>
      <div className="table-wrap">
        <table className="data" data-testid={`compare-${title.toLowerCase().replace(/\s+/g, '-')}`}>
          <thead>
            <tr>
              <th>{title.replace('By ', '')}</th>
              <th>Verdict</th>
              <th className="num">Score</th>
              <th className="num">Pass rate</th>
              {speed ? <th className="num">E2E</th> : null}
              {speed ? <th className="num">tok/s</th> : null}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.key} className={`row-${r.verdict}`}>
                <td>{r.key}</td>
                <td>
                  <Verdict verdict={r.verdict} />
                </td>
                <DeltaCell
                  d={r.score}
                  fmt={(n) => fmtNum(n, 3)}
                  fmtD={(n) => fmtDelta(n, 3)}
                  higherIsBetter
                />
                <DeltaCell
                  d={r.passRate}
                  fmt={fmtPct}
                  fmtD={(n) => fmtDelta(n === null ? null : n * 100, 1, ' pt')}
                  higherIsBetter
                />
                {speed ? (
                  <DeltaCell
                    d={r.e2eMs}
                    fmt={fmtMs}
                    fmtD={(n) => fmtDelta(n, 0, ' ms')}
                    higherIsBetter={false}
                  />
                ) : null}
                {speed ? (
                  <DeltaCell
                    d={r.decodeTps}
                    fmt={(n) => fmtNum(n)}
                    fmtD={(n) => fmtDelta(n, 1)}
                    higherIsBetter
                  />
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
