import { type BattleEvent, type BattleState, isFinalState } from '@ringside/shared';
import type { BattleSink } from '../battle/run-battle.ts';
import type { RunnerSettings } from '../config/load-config.ts';
import { createLivePublisher } from '../live/publisher.ts';
import type { Runtime } from '../runtime.ts';
import { createApiClient, type DrainReport, Spool, spoolDir } from '../upload/index.ts';

export interface Sinks {
  sink?: BattleSink | undefined;
  onEvent?: ((e: BattleEvent) => void) | undefined;
  close(): Promise<void>;
}

/** The API client and spool of these settings, or null when no API URL or token is configured. */
export function uploadTarget(
  settings: RunnerSettings,
  retry?: { maxAttempts: number; maxElapsedMs: number },
) {
  const { url, token } = settings.api;
  if (!url || !token) return null;
  return {
    client: createApiClient({ baseUrl: url, token, ...(retry ? { retry } : {}) }),
    spool: new Spool(spoolDir(settings.stateDir)),
  };
}

export function describeDrain(r: DrainReport): string {
  const parts = [`${r.sent} upload(s) sent`];
  if (r.rejected.length)
    parts.push(`${r.rejected.length} refused by the API (kept in the spool's rejected/ folder)`);
  if (r.remaining)
    parts.push(
      `${r.remaining} waiting in the spool${r.stoppedBy ? ` (${r.stoppedBy.message})` : ''}: run 'ringside sync' later`,
    );
  return parts.join(', ');
}

/**
 * Every upload goes to the on-disk spool first and is removed only once the API accepted it
 * (PRODUCT F21): a battle keeps running while the API is down, and `ringside sync` or the next run
 * sends what is left. Drains run in the background, one at a time, with a short retry budget so a
 * dead API never holds the battle up.
 */
export async function createSinks(rt: Runtime, opts: { upload: boolean; battleId: string }): Promise<Sinks> {
  const target =
    opts.upload && rt.settings.api.upload
      ? uploadTarget(rt.settings, { maxAttempts: 3, maxElapsedMs: 5_000 })
      : null;
  if (!target) {
    if (opts.upload && rt.settings.api.upload)
      console.log(
        'no API configured (RINGSIDE_API_URL / RINGSIDE_TOKEN): results stay in the results folder',
      );
    return { close: async () => {} };
  }
  const { client, spool } = target;
  let draining: Promise<DrainReport> | null = null;
  let again = false;
  let last: DrainReport | null = null;
  const total: DrainReport = { state: 'drained', sent: 0, rejected: [], remaining: 0 };
  const kick = (): Promise<DrainReport> => {
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      do {
        again = false;
        last = await spool.drain(client);
        total.sent += last.sent;
        total.rejected.push(...last.rejected);
      } while (again && last.state === 'drained');
      draining = null;
      return last;
    })();
    return draining;
  };
  const sink: BattleSink = {
    // Awaited: the live room accepts events only for a battle the API knows.
    battle: async (battle) => {
      await spool.enqueue({ kind: 'battle-put', battle });
      await kick();
    },
    result: async (_battle, result) => {
      await spool.enqueue({ kind: 'results', results: [result] });
      void kick();
    },
    state: async (battleId, state: BattleState, at) => {
      const patch = isFinalState(state) ? { state, endedAt: at } : { state };
      await spool.enqueue({ kind: 'battle-patch', battleId, patch });
      void kick();
    },
  };
  // Live frames are best-effort (the stored results are the truth): a dead API drops them.
  const live = createLivePublisher({
    baseUrl: rt.settings.api.url!,
    token: rt.settings.api.token!,
    battleId: opts.battleId,
    onError: (e) => {
      if (!liveWarned)
        console.error(`live view: ${e.message} (${e.events} event(s) dropped; results are still uploaded)`);
      liveWarned = true;
    },
  });
  let liveWarned = false;
  return {
    sink,
    onEvent: (e) => live.publish(e),
    close: async () => {
      await live.close();
      while (draining) await draining;
      const report = await kick();
      console.log(`upload: ${describeDrain({ ...report, sent: total.sent, rejected: total.rejected })}`);
    },
  };
}

export function printWhereToLook(rt: Runtime, folder: string, battleId: string, state: BattleState): void {
  console.log(`\nbattle ${battleId}: ${state}`);
  console.log(`results folder: ${folder}`);
  const url = rt.settings.api.url;
  if (url) console.log(`watch and replay: ${url.replace(/\/+$/, '')}/battles/${battleId}`);
}
