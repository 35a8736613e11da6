import type { RunnerSettings } from '../../config/load-config.ts';
import { describeDrain, uploadTarget } from '../sinks.ts';

/** `ringside sync`: uploads whatever the spool holds, in order; exit 0 only when nothing is left. */
export async function syncCommand(settings: RunnerSettings): Promise<number> {
  const target = uploadTarget(settings);
  if (!target) {
    console.error(
      'ringside sync: no API configured (set RINGSIDE_API_URL and RINGSIDE_TOKEN, or api.url in the config)',
    );
    return 1;
  }
  const before = (await target.spool.pending()).length;
  if (before === 0) {
    console.log('the spool is empty');
    return 0;
  }
  const report = await target.spool.drain(target.client);
  if (report.state === 'busy') {
    console.log('another upload is draining the spool right now');
    return 1;
  }
  console.log(describeDrain(report));
  return report.remaining === 0 ? 0 : 1;
}
