import {
  type Contestant,
  decodeChunkArrivals,
  endpoints,
  isFinalState,
  isLiveEnded,
  isSealedContestant,
  isSealedResult,
  type StoredResult,
} from '@ringside/shared';
import { useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, useMemo } from 'react';
import type { ChartRow } from '../components/battle/battle-charts.tsx';
import { buildColumns, contestantLabel } from '../components/battle/columns.ts';
import { ContestantColumn } from '../components/battle/contestant-column.tsx';
import { CrossExaminations } from '../components/battle/cross-examinations.tsx';
import { DiffView } from '../components/battle/diff-view.tsx';
import { LiveBanner } from '../components/battle/live-banner.tsx';
import { MetricsTable } from '../components/battle/metrics-table.tsx';
import { OwnerJudgement, OwnerTokenSetting } from '../components/battle/owner-judgement.tsx';
import { ReplayControls } from '../components/battle/replay-controls.tsx';
import { ExportButtons } from '../components/export-buttons.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { ErrorView, Loading } from '../components/status.tsx';
import { apiUrl, battleQuery } from '../lib/api.ts';
import { fmtDate } from '../lib/format.ts';
import { followedSlot } from '../lib/live-state.ts';
import { buildTrack, replayDuration } from '../lib/replay.ts';
import { BattleSearchSchema } from '../lib/search.ts';
import { useLiveBattle } from '../lib/use-live-battle.ts';
import { useReplay } from '../lib/use-replay.ts';

const BattleCharts = lazy(() => import('../components/battle/battle-charts.tsx'));

export const Route = createFileRoute('/battles/$battleId')({
  validateSearch: (search: Record<string, unknown>) => BattleSearchSchema.parse(search),
  loader: ({ context: { queryClient }, params }) => queryClient.ensureQueryData(battleQuery(params.battleId)),
  pendingComponent: () => <Loading what="Loading the battle" />,
  errorComponent: ({ error, reset }) => <ErrorView error={error} reset={reset} />,
  component: BattlePage,
});

const isLiveState = (s: string) => s === 'queued' || s === 'running';

function BattlePage() {
  const { battleId } = Route.useParams();
  // One view per battle: its live socket and replay state start fresh when the id changes.
  return <BattleView key={battleId} battleId={battleId} />;
}

function BattleView({ battleId }: { battleId: string }) {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const queryClient = useQueryClient();
  const { data: stored } = useSuspenseQuery(battleQuery(battleId));
  const { live, connection, ignored } = useLiveBattle(battleId, isLiveState(stored.state));

  // When the room says the battle ended, the stored battle becomes the source of truth: fetch it,
  // and keep asking while the runner has not yet written the final state.
  const liveEnded = isLiveEnded(live);
  const waitingForStore = liveEnded && isLiveState(stored.state);
  useEffect(() => {
    if (liveEnded) void queryClient.invalidateQueries({ queryKey: battleQuery(battleId).queryKey });
  }, [liveEnded, battleId, queryClient]);
  useEffect(() => {
    if (!waitingForStore) return;
    const t = setInterval(
      () => void queryClient.invalidateQueries({ queryKey: battleQuery(battleId).queryKey }),
      1_500,
    );
    return () => clearInterval(t);
  }, [waitingForStore, battleId, queryClient]);

  const latestLiveTask = followedSlot(live)?.taskId;
  const taskId = search.task ?? latestLiveTask ?? stored.tasks[0]?.id;
  const task = stored.tasks.find((t) => t.id === taskId);
  const repeats = useMemo(
    () =>
      [...new Set(stored.results.filter((r) => r.taskId === taskId).map((r) => r.repeat))].sort(
        (a, b) => a - b,
      ),
    [stored.results, taskId],
  );
  const repeat = search.repeat ?? repeats[0] ?? 0;

  const tracks = useMemo(
    () =>
      stored.results
        .filter((r) => r.taskId === taskId && r.repeat === repeat)
        .map((r) => buildTrack(r.contestantId, r.output.text, isSealedResult(r) ? null : r.chunks)),
    [stored.results, taskId, repeat],
  );
  const replay = useReplay(tracks);
  const { stop } = replay;
  // A different task or a refetched battle ends a running replay.
  // biome-ignore lint/correctness/useExhaustiveDependencies: stop when the tracks change
  useEffect(() => stop(), [tracks, stop]);

  const columns = useMemo(
    () => buildColumns(stored, taskId, repeat, live, replay.frame),
    [stored, taskId, repeat, live, replay.frame],
  );
  const chartRows = useMemo(
    (): ChartRow[] =>
      stored.contestants.flatMap((c) => {
        const r = stored.results.find(
          (x) => x.contestantId === c.id && x.taskId === taskId && x.repeat === repeat,
        );
        if (!r) return [];
        return [
          {
            label: contestantLabel(c),
            ttftMs: r.metrics.ttftMs,
            e2eMs: r.metrics.e2eMs,
            decodeTpsClient: r.metrics.decodeTpsClient,
            decodeTpsServer: r.metrics.decodeTpsServer,
            arrivalsMs: !isSealedResult(r) && r.chunks ? decodeChunkArrivals(r.chunks) : [],
          },
        ];
      }),
    [stored, taskId, repeat],
  );

  const final = isFinalState(stored.state) || stored.state === 'judging';
  // Blind to this reader (PRODUCT F13): contestants are letters, and there is nothing to judge by id.
  const sealed = stored.contestants.some(isSealedContestant);
  const canReplay = final && tracks.length > 0 && tracks.some((t) => t.durationMs > 0);

  return (
    <div className="battle" data-testid="battle-page" data-state={stored.state}>
      <p className="crumbs">
        <Link to="/battles">Battles</Link> /
      </p>
      <h1>{stored.title}</h1>
      <p className="meta">
        <StateBadge state={stored.state} /> {stored.type} · {stored.origin}
        {stored.suite ? ` · suite ${stored.suite.name} v${stored.suite.version}` : ''} · created{' '}
        {fmtDate(stored.createdAt)}
        {stored.ci?.commit ? ` · commit ${stored.ci.commit.slice(0, 10)}` : ''}
      </p>
      {stored.sealed ? (
        <p className="notice" data-testid="sealed">
          Blind battle: its answers are being voted on, so who is who stays hidden
          {stored.sealed.revealAt
            ? ` until ${fmtDate(stored.sealed.revealAt)}`
            : ' until it has been voted on'}{' '}
          or until enough votes are in.
          {sealed ? ' Its owner (with their token) and admins see everything.' : ' You see it in full.'}
        </p>
      ) : null}
      <p className="toolbar">
        <ExportButtons what="results" params={{ battleId }} />{' '}
        <a className="button" href={apiUrl(endpoints.getBattle, { id: battleId })}>
          Battle JSON
        </a>
      </p>
      <OwnerTokenSetting />
      <LiveBanner connection={connection} ignored={ignored} />

      {stored.tasks.length > 1 || repeats.length > 1 ? (
        <p className="controls">
          {stored.tasks.length > 1 ? (
            <label>
              Task{' '}
              <select
                value={taskId}
                onChange={(e) =>
                  void navigate({ search: (s) => ({ ...s, task: e.target.value, repeat: undefined }) })
                }
              >
                {stored.tasks.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name ?? t.id} ({t.category})
                  </option>
                ))}
              </select>
            </label>
          ) : null}{' '}
          {repeats.length > 1 ? (
            <label>
              Repeat{' '}
              <select
                value={repeat}
                onChange={(e) => void navigate({ search: (s) => ({ ...s, repeat: Number(e.target.value) }) })}
              >
                {repeats.map((r) => (
                  <option key={r} value={r}>
                    #{r + 1}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </p>
      ) : null}
      {task ? (
        <details className="prompt">
          <summary>Prompt{task.name ? `: ${task.name}` : ''}</summary>
          {task.system ? <pre className="text">{task.system}</pre> : null}
          <pre className="text">{task.prompt}</pre>
        </details>
      ) : null}

      {canReplay ? (
        <ReplayControls
          durationMs={replayDuration(tracks)}
          frame={replay.frame}
          playing={replay.playing}
          onPlay={replay.play}
          onStop={replay.stop}
        />
      ) : null}

      <div
        className="contestants"
        style={{ '--columns': Math.min(columns.length, 4) } as React.CSSProperties}
      >
        {columns.map((c) => (
          <ContestantColumn key={c.contestant.id} column={c} />
        ))}
      </div>

      <DiffView columns={columns} coding={stored.type === 'coding'} />

      {final && taskId && !sealed ? (
        <OwnerJudgement
          battleId={battleId}
          taskId={taskId}
          contestants={stored.contestants as Contestant[]}
          results={stored.results.filter(
            (r): r is StoredResult => !isSealedResult(r) && r.taskId === taskId && r.repeat === repeat,
          )}
          overrides={stored.overrides}
        />
      ) : null}

      <CrossExaminations items={stored.crossExaminations} />

      <h2>Metrics</h2>
      <MetricsTable columns={columns} />
      {chartRows.length > 0 ? (
        <Suspense fallback={<Loading what="Loading charts" />}>
          <BattleCharts rows={chartRows} />
        </Suspense>
      ) : null}
    </div>
  );
}
