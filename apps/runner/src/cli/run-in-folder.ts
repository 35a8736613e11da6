import type { BattleEvent, Result, Task } from '@ringside/shared';
import { type BattleOutcome, type BattleSink, runBattle } from '../battle/run-battle.ts';
import type { Slot } from '../battle/run-slot.ts';
import { registerRunning, watchStop } from '../battle/stop-control.ts';
import type { Runtime } from '../runtime.ts';
import type { ResultsFolder } from '../store/index.ts';
import { LiveView } from './live-view.ts';

export interface RunInFolderOptions {
  sink?: BattleSink | undefined;
  /** more listeners of the battle's events (the live publisher) */
  onEvent?: (e: BattleEvent) => void;
  score?: (task: Task, result: Result) => Promise<Result>;
  /** runs with the battle in state judging, once every result is in */
  judge?: (results: Result[]) => Promise<void>;
  /** seconds to wait after the battle is announced, so a viewer can open its page and watch it live */
  startDelayS?: number;
  quiet?: boolean;
}

/**
 * The part of `battle`, `resume` and `suite run` that is the same: register the run so
 * `ringside stop` finds it, stop on Ctrl-C (a second Ctrl-C quits at once), show the live view,
 * run the battle, print the summary.
 */
export async function runInFolder(
  rt: Runtime,
  folder: ResultsFolder,
  slots: Slot[],
  opts: RunInFolderOptions = {},
): Promise<BattleOutcome> {
  const battle = folder.battle;
  const controller = new AbortController();
  const unregister = await registerRunning(rt.settings.stateDir, battle.id, folder.path);
  const unwatch = watchStop(rt.settings.stateDir, battle.id, controller);
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write('\nstopping the battle (Ctrl-C again to quit at once)…\n');
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const view = opts.quiet ? undefined : new LiveView(battle.title, battle.contestants);
  try {
    return await runBattle({
      folder,
      registry: rt.registry,
      timeouts: rt.settings.timeouts,
      cloudConcurrency: rt.settings.lanes.cloudConcurrency,
      slots,
      gpus: rt.gpus,
      ...(opts.sink ? { sink: opts.sink } : {}),
      ...(opts.score ? { score: opts.score } : {}),
      ...(opts.judge ? { judge: opts.judge } : {}),
      ...(opts.startDelayS
        ? {
            beforeSlots: async () => {
              const url = rt.settings.api.url?.replace(/\/+$/, '');
              if (url)
                process.stdout.write(
                  `watch it live: ${url}/battles/${battle.id} (starting in ${opts.startDelayS} s)\n`,
                );
              await new Promise<void>((resolve) => {
                const timer = setTimeout(resolve, (opts.startDelayS ?? 0) * 1000);
                controller.signal.addEventListener('abort', () => {
                  clearTimeout(timer);
                  resolve();
                });
              });
            },
          }
        : {}),
      onEvent: (e) => {
        view?.onEvent(e);
        opts.onEvent?.(e);
      },
      signal: controller.signal,
    });
  } finally {
    view?.close();
    unwatch();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    await unregister();
  }
}
