import type { BattleEvent, BattleState } from '@ringside/shared';
import type { BattleSink } from '../battle/run-battle.ts';
import type { Runtime } from '../runtime.ts';

export interface Sinks {
  sink?: BattleSink | undefined;
  onEvent?: ((e: BattleEvent) => void) | undefined;
  close(): Promise<void>;
}

/** Upload sink and live publisher for a battle (none when uploads are off or no API is configured). */
export async function createSinks(rt: Runtime, opts: { upload: boolean; battleId: string }): Promise<Sinks> {
  const { url, token } = rt.settings.api;
  if (!opts.upload || !rt.settings.api.upload || !url || !token) return { close: async () => {} };
  return { close: async () => {} };
}

export function printWhereToLook(rt: Runtime, folder: string, battleId: string, state: BattleState): void {
  console.log(`\nbattle ${battleId}: ${state}`);
  console.log(`results folder: ${folder}`);
  const url = rt.settings.api.url;
  if (url) console.log(`watch and replay: ${url.replace(/\/+$/, '')}/battles/${battleId}`);
}
