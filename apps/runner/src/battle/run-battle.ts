import type { BattleEvent, BattleInput, BattleState, Fingerprint, Result, Task } from '@ringside/shared';
import type { Registry } from '../providers/registry.ts';
import type { Timeouts } from '../providers/types.ts';
import type { ResultsFolder } from '../store/index.ts';
import { buildFingerprint } from '../system/fingerprint.ts';
import type { GpuInfo } from '../system/gpu-info.ts';
import { runLanes } from './lanes.ts';
import { runSlot, type Slot } from './run-slot.ts';

/** Where a battle's results go besides the results folder: the API, through the on-disk spool. */
export interface BattleSink {
  battle(battle: BattleInput): Promise<void>;
  result(battle: BattleInput, result: Result): Promise<void>;
  state(battleId: string, state: BattleState, at: string): Promise<void>;
}

export interface RunBattleOptions {
  folder: ResultsFolder;
  registry: Registry;
  timeouts: Timeouts;
  cloudConcurrency: number;
  /** the slots to run (from planSlots); ones the folder already holds are skipped */
  slots: readonly Slot[];
  gpus?: GpuInfo[];
  sink?: BattleSink;
  onEvent?: (event: BattleEvent) => void;
  signal?: AbortSignal;
  /** scores a finished result (checks, executed code); the result is stored as returned */
  score?: (task: Task, result: Result) => Promise<Result>;
  /**
   * Runs once every result is in, with the battle in state `judging` (the LLM judge, PRODUCT
   * F10); the battle is `done` after it. Not run when the battle was stopped.
   */
  judge?: (results: Result[]) => Promise<void>;
  /** runs after the battle is announced (stored, live room open) and before the first slot */
  beforeSlots?: () => Promise<void>;
}

export interface BattleOutcome {
  state: BattleState;
  ran: number;
  skipped: number;
  results: Result[];
}

/**
 * Runs a battle (or the rest of one, on resume): local contestants strictly one at a time, cloud
 * ones in parallel, each result written atomically to the results folder the moment it finishes
 * and handed to the sink. A stop (signal) lets the running slots end as `stopped`, starts nothing
 * more and leaves the battle `stopped` and resumable.
 */
export async function runBattle(opts: RunBattleOptions): Promise<BattleOutcome> {
  const { folder, registry } = opts;
  const emit = opts.onEvent ?? (() => {});
  const now = () => new Date().toISOString();
  const todo = opts.slots.filter((s) => !folder.isCompleted(s.resultId));
  await folder.planSlots(opts.slots.map((s) => s.resultId));

  const battle: BattleInput = {
    ...folder.battle,
    state: 'running',
    startedAt: folder.battle.startedAt ?? now(),
  };
  await folder.setBattleState('running');
  await opts.sink?.battle(battle);
  emit({
    type: 'battle-start',
    battleId: battle.id,
    at: now(),
    title: battle.title,
    battleType: battle.type,
    contestants: battle.contestants,
    tasks: battle.tasks.map((t) => ({ id: t.id, prompt: t.prompt })),
  });
  await opts.beforeSlots?.();

  const fingerprints = new Map<string, Promise<Fingerprint>>();
  const fingerprintOf = (slot: Slot) => {
    const key = `${slot.contestant.id}`;
    let f = fingerprints.get(key);
    if (!f) {
      const { provider, model } = registry.resolve(`${slot.contestant.provider}:${slot.contestant.model}`);
      f = (provider.fingerprint?.(model) ?? Promise.resolve(undefined))
        .catch(() => undefined)
        .then((m) => buildFingerprint(m, slot.contestant.sampling, opts.gpus ?? []));
      fingerprints.set(key, f);
    }
    return f;
  };

  const results: Result[] = [];
  const jobs = todo.map((slot) => ({
    lane: slot.contestant.lane,
    run: async () => {
      const { provider, model } = registry.resolve(`${slot.contestant.provider}:${slot.contestant.model}`);
      await folder.markSlot(slot.resultId, 'running');
      const raw = await runSlot(slot, {
        provider,
        model,
        timeouts: opts.timeouts,
        fingerprint: await fingerprintOf(slot),
        onEvent: emit,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      const result = opts.score && raw.status === 'ok' ? await opts.score(slot.task, raw) : raw;
      await folder.writeResult(result);
      await opts.sink?.result(battle, result);
      results.push(result);
      return result;
    },
  }));
  await runLanes(jobs, {
    cloudConcurrency: opts.cloudConcurrency,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });

  const stopped = opts.signal?.aborted === true;
  if (!stopped && opts.judge) {
    await folder.setBattleState('judging');
    await opts.sink?.state(battle.id, 'judging', now());
    await opts.judge(await folder.readResults());
  }
  const state: BattleState = stopped ? 'stopped' : 'done';
  const endedAt = now();
  await folder.setBattleState(state);
  await opts.sink?.state(battle.id, state, endedAt);
  emit(
    stopped
      ? { type: 'battle-stop', battleId: battle.id, at: endedAt, reason: 'stopped by the owner' }
      : { type: 'battle-end', battleId: battle.id, at: endedAt, state: 'done' },
  );
  return { state, ran: results.length, skipped: opts.slots.length - todo.length, results };
}
