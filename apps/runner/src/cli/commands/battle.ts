import { randomBytes } from 'node:crypto';
import type { BattleInput } from '@ringside/shared';
import { ContestantSpecError, parseContestants } from '../../battle/contestant-spec.ts';
import { planSlots } from '../../battle/slot-plan.ts';
import type { Runtime } from '../../runtime.ts';
import { createResultsFolder } from '../../store/index.ts';
import { numberOption, parseArgs, UsageError } from '../args.ts';
import { runInFolder } from '../run-in-folder.ts';
import { createSinks, printWhereToLook } from '../sinks.ts';

export const BATTLE_USAGE = `ringside battle --prompt "…" -c <contestant> -c <contestant> [… up to 8]
  [--system "…"] [--temperature T] [--max-tokens N] [--repeat N] [--title "…"] [--no-upload]
  [--start-delay S]  (wait S seconds after announcing the battle, so its page can be opened to watch it live)
  a contestant is provider:model (e.g. embedded:tiny, llama-swap:qwen2.5-7b) or a profile name`;

/** A new battle id: sortable by time, unique enough across boxes. */
export function newBattleId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `b-${stamp}-${randomBytes(3).toString('hex')}`;
}

export async function battleCommand(rt: Runtime, argv: string[]): Promise<number> {
  const { values } = parseArgs(argv, {
    prompt: { type: 'string', short: 'p' },
    contestant: { type: 'string', short: 'c', multiple: true },
    system: { type: 'string' },
    temperature: { type: 'string' },
    'max-tokens': { type: 'string' },
    repeat: { type: 'string' },
    title: { type: 'string' },
    id: { type: 'string' },
    'no-upload': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    'start-delay': { type: 'string' },
  });
  if (!values.prompt) throw new UsageError('--prompt is required');
  const temperature = numberOption(values.temperature, 'temperature', (n) => n >= 0 && n <= 2);
  const maxTokens = numberOption(values['max-tokens'], 'max-tokens', (n) => Number.isInteger(n) && n > 0);
  const startDelayS = numberOption(values['start-delay'], 'start-delay', (n) => n >= 0 && n <= 600);
  const repeat =
    numberOption(values.repeat, 'repeat', (n) => Number.isInteger(n) && n >= 1 && n <= 1000) ?? 1;
  let contestants: BattleInput['contestants'];
  try {
    contestants = parseContestants(values.contestant ?? [], {
      profiles: rt.settings.profiles,
      laneOf: (id) => rt.registry.server(id).lane,
      knownProviders: rt.registry.ids(),
      defaults: {
        ...(temperature !== undefined ? { temperature } : {}),
        ...(maxTokens !== undefined ? { maxTokens } : {}),
        ...(values.system ? { system: values.system } : {}),
      },
    });
  } catch (err) {
    if (err instanceof ContestantSpecError) throw new UsageError(err.message);
    throw err;
  }
  const prompt = values.prompt;
  const battle: BattleInput = {
    id: values.id ?? newBattleId(),
    type: 'qa',
    origin: 'runner',
    title: values.title ?? (prompt.length > 80 ? `${prompt.slice(0, 77)}…` : prompt),
    state: 'queued',
    tasks: [{ id: 't1', category: 'other', prompt, assertions: [] }],
    contestants,
  };
  const folder = await createResultsFolder(rt.settings.resultsDir, battle);
  const sinks = await createSinks(rt, { upload: !values['no-upload'], battleId: battle.id });
  const outcome = await runInFolder(rt, folder, planSlots(battle, repeat), {
    ...sinks,
    quiet: values.quiet,
    ...(startDelayS ? { startDelayS } : {}),
  });
  await sinks.close();
  printWhereToLook(rt, folder.path, battle.id, outcome.state);
  return outcome.state === 'done' ? 0 : 3;
}
