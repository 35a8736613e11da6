import type { BattleInput, Result, Task } from '@ringside/shared';
import { ContestantSpecError, parseContestants } from '../../battle/contestant-spec.ts';
import { planSlots } from '../../battle/slot-plan.ts';
import type { Runtime } from '../../runtime.ts';
import { createSandbox } from '../../sandbox/index.ts';
import { scoreResult } from '../../scoring/index.ts';
import { createResultsFolder } from '../../store/index.ts';
import { listBuiltinSuites, loadSuite } from '../../suites/index.ts';
import { numberOption, parseArgs, UsageError } from '../args.ts';
import { runInFolder } from '../run-in-folder.ts';
import { createSinks, printWhereToLook } from '../sinks.ts';
import { newBattleId } from './battle.ts';

export const SUITE_USAGE = `ringside suite run <file.yaml | builtin-name> -c <contestant> -c <contestant> … [--repeat N] [--tasks id,id] [--no-upload]
ringside suite list`;

/** Adds the automatic checks and the hidden tests' verdict to a finished result (PRODUCT F8, F9). */
export function scorer(sandbox: Awaited<ReturnType<typeof createSandbox>>) {
  return async (task: Task, result: Result): Promise<Result> => {
    const s = await scoreResult(task, result, { sandbox });
    return {
      ...result,
      score: s.score,
      passed: s.passed,
      evaluations: [...result.evaluations, ...s.evaluations],
    };
  };
}

/** `ringside suite run`: a whole suite as one battle through the lanes, every answer scored. */
export async function suiteCommand(rt: Runtime, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'list') {
    for (const name of await listBuiltinSuites()) {
      const suite = await loadSuite(name);
      console.log(
        `${name}  v${suite.version}  ${suite.tasks.length} tasks  ${suite.description ?? ''}`.trimEnd(),
      );
    }
    return 0;
  }
  if (sub !== 'run') throw new UsageError(`suite needs 'run' or 'list'\n${SUITE_USAGE}`);
  const { values, positionals } = parseArgs(rest, {
    contestant: { type: 'string', short: 'c', multiple: true },
    repeat: { type: 'string' },
    tasks: { type: 'string' },
    id: { type: 'string' },
    'no-upload': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  });
  const name = positionals[0];
  if (!name) throw new UsageError(`suite run needs a suite file or built-in name\n${SUITE_USAGE}`);
  const suite = await loadSuite(name);
  const only = values.tasks?.split(',').map((s) => s.trim());
  const tasks = only ? suite.tasks.filter((t) => only.includes(t.id)) : suite.tasks;
  if (only && tasks.length !== only.length) {
    const missing = only.filter((id) => !suite.tasks.some((t) => t.id === id));
    throw new UsageError(`suite '${suite.name}' has no task ${missing.join(', ')}`);
  }
  const repeat = numberOption(values.repeat, 'repeat', (n) => Number.isInteger(n) && n >= 1 && n <= 100) ?? 1;
  let contestants: BattleInput['contestants'];
  try {
    contestants = parseContestants(values.contestant ?? [], {
      profiles: rt.settings.profiles,
      laneOf: (id) => rt.registry.server(id).lane,
      knownProviders: rt.registry.ids(),
    });
  } catch (err) {
    if (err instanceof ContestantSpecError) throw new UsageError(err.message);
    throw err;
  }
  const battle: BattleInput = {
    id: values.id ?? newBattleId(),
    type: 'suite',
    origin: 'runner',
    title: `${suite.name} v${suite.version}${only ? ` (${tasks.length} tasks)` : ''}`,
    state: 'queued',
    suite: { name: suite.name, version: suite.version },
    tasks,
    contestants,
  };
  const sandbox = await createSandbox();
  if (!sandbox.available)
    console.log(`note: ${sandbox.unavailableReason}; code tasks will be recorded as not run`);
  const folder = await createResultsFolder(rt.settings.resultsDir, battle);
  const sinks = await createSinks(rt, { upload: !values['no-upload'], battleId: battle.id });
  try {
    const outcome = await runInFolder(rt, folder, planSlots(battle, repeat), {
      ...sinks,
      quiet: values.quiet,
      score: scorer(sandbox),
    });
    await sinks.close();
    printScores(outcome.results, battle);
    printWhereToLook(rt, folder.path, battle.id, outcome.state);
    return outcome.state === 'done' ? 0 : 3;
  } finally {
    await sandbox.close();
  }
}

function printScores(results: Result[], battle: BattleInput): void {
  console.log('\nscores (mean over tasks and repeats):');
  for (const c of battle.contestants) {
    const mine = results.filter((r) => r.contestantId === c.id && r.score !== null);
    const mean = mine.length ? mine.reduce((a, r) => a + (r.score ?? 0), 0) / mine.length : null;
    const passed = mine.filter((r) => r.passed).length;
    console.log(
      `  ${(c.label ?? `${c.provider}:${c.model}`).padEnd(28)} ${mean === null ? '-' : mean.toFixed(3)}  passed ${passed}/${mine.length}`,
    );
  }
}
