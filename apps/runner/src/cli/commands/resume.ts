import path from 'node:path';
import { planSlots } from '../../battle/slot-plan.ts';
import type { Runtime } from '../../runtime.ts';
import { openResultsFolder } from '../../store/index.ts';
import { parseArgs, UsageError } from '../args.ts';
import { runInFolder } from '../run-in-folder.ts';
import { createSinks, printWhereToLook } from '../sinks.ts';

/**
 * `ringside resume <results-folder>`: after a crash, `kill -9` or a stop, runs only the slots that
 * have no result yet. Result ids are stable, so nothing is duplicated here or in the API.
 */
export async function resumeCommand(rt: Runtime, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs(argv, {
    'no-upload': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  });
  const dir = positionals[0];
  if (!dir)
    throw new UsageError('resume needs the results folder, e.g. ringside resume Arena/2026-11-22-haiku');
  const folder = await openResultsFolder(path.resolve(dir));
  const battle = folder.battle;
  if (battle.state === 'done') {
    console.log(`battle ${battle.id} is already done; nothing to resume`);
    return 0;
  }
  // The manifest lists every planned slot; re-plan with the largest repeat it holds.
  const planned = Object.keys(folder.manifest.slots);
  const repeats = Math.max(
    1,
    ...planned.map((id) => Number(id.split('.').at(-1)) + 1).filter(Number.isFinite),
  );
  const slots = planSlots(battle, repeats).filter(
    (s) => planned.length === 0 || planned.includes(s.resultId),
  );
  const missing = slots.filter((s) => !folder.isCompleted(s.resultId)).length;
  console.log(
    `resuming ${battle.id}: ${slots.length - missing} of ${slots.length} results already stored, ${missing} to run`,
  );
  const sinks = await createSinks(rt, { upload: !values['no-upload'], battleId: battle.id });
  // Results stored before the crash may not have reached the API: hand them to the sink again (idempotent).
  for (const r of await folder.readResults()) await sinks.sink?.result(battle, r);
  const outcome = await runInFolder(rt, folder, slots, { ...sinks, quiet: values.quiet });
  await sinks.close();
  printWhereToLook(rt, folder.path, battle.id, outcome.state);
  return outcome.state === 'done' ? 0 : 3;
}
