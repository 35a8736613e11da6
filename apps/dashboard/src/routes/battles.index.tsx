import { BattleStateSchema, BattleTypeSchema, isSealedContestant } from '@ringside/shared';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { ExportButtons } from '../components/export-buttons.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { Empty, ErrorView, Loading } from '../components/status.tsx';
import { battlesQuery, modelsQuery } from '../lib/api.ts';
import { fmtDate } from '../lib/format.ts';
import { type BattlesSearch, BattlesSearchSchema, battlesApiQuery } from '../lib/search.ts';

export const Route = createFileRoute('/battles/')({
  validateSearch: (search: Record<string, unknown>) => BattlesSearchSchema.parse(search),
  loaderDeps: ({ search }) => search,
  loader: ({ context: { queryClient }, deps }) =>
    queryClient.ensureQueryData(battlesQuery(battlesApiQuery(deps))),
  pendingComponent: () => <Loading what="Loading battles" />,
  errorComponent: ({ error, reset }) => <ErrorView error={error} reset={reset} />,
  component: BattlesPage,
});

function BattlesPage() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const { data } = useSuspenseQuery(battlesQuery(battlesApiQuery(search)));
  // The model list only fills a filter: the page does not wait for it.
  const models = useQuery(modelsQuery());
  const [q, setQ] = useState(search.q ?? '');
  useEffect(() => setQ(search.q ?? ''), [search.q]);

  /** Any filter change starts again at the first page. */
  const setFilter = (patch: Partial<BattlesSearch>) =>
    void navigate({ search: (s) => ({ ...s, ...patch, cursor: undefined }) });
  const modelNames = [...new Set((models.data?.items ?? []).map((m) => m.model))].sort();
  const { cursor: _cursor, ...filters } = battlesApiQuery(search);

  return (
    <div data-testid="battles-page">
      <h1>Battles</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ q: q.trim() || undefined });
        }}
      >
        <input
          type="search"
          name="q"
          placeholder="Search titles"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          aria-label="search battle titles"
        />
        <button type="submit">Search</button>
        <select
          name="type"
          aria-label="type"
          value={search.type ?? ''}
          onChange={(e) => setFilter({ type: BattleTypeSchema.safeParse(e.target.value).data })}
        >
          <option value="">any type</option>
          {BattleTypeSchema.options.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <select
          name="state"
          aria-label="state"
          value={search.state ?? ''}
          onChange={(e) => setFilter({ state: BattleStateSchema.safeParse(e.target.value).data })}
        >
          <option value="">any state</option>
          {BattleStateSchema.options.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <select
          name="model"
          aria-label="model"
          value={search.model ?? ''}
          onChange={(e) => setFilter({ model: e.target.value || undefined })}
        >
          <option value="">any model</option>
          {search.model && !modelNames.includes(search.model) ? (
            <option value={search.model}>{search.model}</option>
          ) : null}
          {modelNames.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <label>
          from{' '}
          <input
            type="date"
            name="from"
            value={search.from ?? ''}
            onChange={(e) => setFilter({ from: e.target.value || undefined })}
          />
        </label>
        <label>
          to{' '}
          <input
            type="date"
            name="to"
            value={search.to ?? ''}
            onChange={(e) => setFilter({ to: e.target.value || undefined })}
          />
        </label>
        {Object.values(search).some((v) => v !== undefined) ? (
          <Link to="/battles" search={{}} className="button">
            Clear
          </Link>
        ) : null}
      </form>
      <p className="toolbar">
        <ExportButtons what="battles" params={{ ...filters, limit: undefined }} />
      </p>
      {data.items.length === 0 ? (
        <Empty>No battles match these filters.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="battles-table">
            <thead>
              <tr>
                <th>Title</th>
                <th>Type</th>
                <th>State</th>
                <th>Contestants</th>
                <th>Tasks</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((b) => (
                <tr key={b.id} data-battle-id={b.id}>
                  <td>
                    <Link to="/battles/$battleId" params={{ battleId: b.id }}>
                      {b.title}
                    </Link>
                  </td>
                  <td>{b.type}</td>
                  <td>
                    <StateBadge state={b.state} />
                  </td>
                  <td className="small">
                    {b.contestants
                      .map((c) => (isSealedContestant(c) ? c.label : (c.label ?? c.model)))
                      .join(' · ')}
                  </td>
                  <td className="num">{b.tasks.length}</td>
                  <td className="nowrap">{fmtDate(b.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="pager">
        {search.cursor ? (
          <Link to="/battles" search={(s) => ({ ...s, cursor: undefined })} className="button">
            First page
          </Link>
        ) : null}{' '}
        {data.nextCursor ? (
          <Link
            to="/battles"
            search={(s) => ({ ...s, cursor: data.nextCursor ?? undefined })}
            className="button"
            data-testid="next-page"
          >
            Next page
          </Link>
        ) : null}
      </p>
    </div>
  );
}
