import { listRunning, requestStop } from '../../battle/stop-control.ts';
import type { RunnerSettings } from '../../config/load-config.ts';
import { UsageError } from '../args.ts';

/** `ringside stop <battle-id>`: asks the running battle to stop; it records itself as stopped. */
export async function stopCommand(settings: RunnerSettings, argv: string[]): Promise<number> {
  const id = argv[0];
  const running = await listRunning(settings.stateDir);
  if (!id) {
    if (running.length === 0) throw new UsageError('stop needs a battle id; no battle is running');
    throw new UsageError(`stop needs a battle id; running: ${running.map((r) => r.battleId).join(', ')}`);
  }
  if (!running.some((r) => r.battleId === id)) {
    console.error(
      `no running battle '${id}' on this box${running.length ? ` (running: ${running.map((r) => r.battleId).join(', ')})` : ''}`,
    );
    return 1;
  }
  await requestStop(settings.stateDir, id);
  console.log(`asked battle ${id} to stop`);
  return 0;
}
