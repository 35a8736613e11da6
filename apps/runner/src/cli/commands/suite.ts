import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { BattleInput, JudgeVerdict, Result, Suite, Task } from '@ringside/shared';
import { IdSchema, SuiteSourceSchema } from '@ringside/shared';
import { parse as parseYaml } from 'yaml';
import { ContestantSpecError, parseContestants } from '../../battle/contestant-spec.ts';
import { planSlots } from '../../battle/slot-plan.ts';
import type { ModelRef } from '../../judge/index.ts';
import type { Runtime } from '../../runtime.ts';
import { createSandbox } from '../../sandbox/index.ts';
import { scoreResult } from '../../scoring/index.ts';
import { createResultsFolder } from '../../store/index.ts';
import { listBuiltinSuites, loadSuite, parseSuite, SuiteError } from '../../suites/index.ts';
import { numberOption, parseArgs, UsageError } from '../args.ts';
import { type BattleJudgement, judgeBattle, postJudgement, writeJudgement } from '../judge-battle.ts';
import { runInFolder } from '../run-in-folder.ts';
import { createSinks, printWhereToLook, uploadTarget } from '../sinks.ts';
import { newBattleId } from './battle.ts';

export const SUITE_USAGE = `ringside suite run <file.yaml | builtin-name | library-name> -c <contestant> -c <contestant> … [--repeat N] [--tasks id,id] [--judge provider:model] [--suite-version V] [--no-upload]
ringside suite save <file.yaml>   save a suite in the API's library (then run it by name anywhere)
ringside suite list`;

/**
 * A suite file or built-in, else (a plain name, an API configured) the suites library's copy
 * (PRODUCT F5: run by name). The library's source is JSON, which is YAML, so it goes through the
 * same parser and checks as a file.
 */
async function resolveSuite(rt: Runtime, name: string, version: string | undefined): Promise<Suite> {
  let notLocal: SuiteError | UsageError = new UsageError(
    `suite '${name}' version ${version} is not in the library`,
  );
  if (version === undefined) {
    try {
      return await loadSuite(name);
    } catch (err) {
      if (!(err instanceof SuiteError) || existsSync(name) || !IdSchema.safeParse(name).success) throw err;
      notLocal = err;
    }
  }
  const target = uploadTarget(rt.settings);
  if (!target) throw notLocal;
  const out = await target.client.getSuite(name, version);
  if (!out.ok) {
    if (out.status === 404) throw notLocal;
    throw new UsageError(`suite '${name}' from the library: ${out.message}`);
  }
  if (!out.value) throw new UsageError(`suite '${name}': the library's answer is not a suite`);
  console.log(`suite ${name} v${out.value.version} from the library`);
  const where = `${rt.settings.api.url}/api/suites/${name}?version=${out.value.version}`;
  return parseSuite(JSON.stringify(out.value.source), where);
}

/** `ringside suite save <file>`: checks the file like a run would, then stores its source. */
async function saveSuite(rt: Runtime, file: string | undefined): Promise<number> {
  if (!file) throw new UsageError(`suite save needs a suite file\n${SUITE_USAGE}`);
  const text = await readFile(file, 'utf8');
  const suite = parseSuite(text, file);
  const source = SuiteSourceSchema.parse(parseYaml(text));
  const target = uploadTarget(rt.settings);
  if (!target) {
    console.error('ringside: suite save needs an API (RINGSIDE_API_URL and RINGSIDE_TOKEN)');
    return 1;
  }
  const out = await target.client.putSuite(source);
  if (!out.ok) {
    console.error(`ringside: suite save: ${out.message}`);
    return 1;
  }
  console.log(
    `${out.value.created ? 'saved' : 'already saved'}: ${suite.name} v${suite.version} (${suite.tasks.length} tasks); run it with 'ringside suite run ${suite.name}'`,
  );
  return 0;
}

function resolveJudge(rt: Runtime, spec: string | undefined): ModelRef | null {
  if (spec === undefined) return null;
  try {
    return rt.registry.resolve(spec);
  } catch (err) {
    throw new UsageError(`--judge ${spec}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function describeVerdict(v: JudgeVerdict): string {
  if (v.status === 'error') return `judge error (${v.error?.message ?? 'unknown'})`;
  return v.tie ? 'tie' : `winner ${v.winner}`;
}

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
  if (sub === 'save') return saveSuite(rt, rest[0]);
  if (sub !== 'run') throw new UsageError(`suite needs 'run', 'save' or 'list'\n${SUITE_USAGE}`);
  const { values, positionals } = parseArgs(rest, {
    contestant: { type: 'string', short: 'c', multiple: true },
    repeat: { type: 'string' },
    tasks: { type: 'string' },
    id: { type: 'string' },
    judge: { type: 'string' },
    'suite-version': { type: 'string' },
    'no-upload': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  });
  const name = positionals[0];
  if (!name) throw new UsageError(`suite run needs a suite file or built-in name\n${SUITE_USAGE}`);
  const suite = await resolveSuite(rt, name, values['suite-version']);
  const judge = resolveJudge(rt, values.judge);
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
  else if (!values.quiet) console.log(`sandbox: ${sandbox.description}`);
  const folder = await createResultsFolder(rt.settings.resultsDir, battle);
  const sinks = await createSinks(rt, { upload: !values['no-upload'], battleId: battle.id });
  let judgement: BattleJudgement | null = null;
  const judgeAll = judge
    ? async (results: Result[]) => {
        console.log(`\njudging with ${values.judge}…`);
        judgement = await judgeBattle({
          battleId: battle.id,
          tasks,
          results,
          judge,
          onVerdict: (v) => console.log(`  ${v.taskId}: ${describeVerdict(v)}`),
        });
        console.log(`judge verdicts: ${await writeJudgement(folder.path, judgement)}`);
      }
    : undefined;
  try {
    const outcome = await runInFolder(rt, folder, planSlots(battle, repeat), {
      ...sinks,
      quiet: values.quiet,
      score: scorer(sandbox),
      ...(judgeAll ? { judge: judgeAll } : {}),
    });
    await sinks.close();
    if (judgement) await uploadJudgement(rt, judgement, !values['no-upload']);
    printScores(outcome.results, battle);
    printWhereToLook(rt, folder.path, battle.id, outcome.state);
    return outcome.state === 'done' ? 0 : 3;
  } finally {
    await sandbox.close();
  }
}

/** After the results are uploaded (the API needs them first): the judge's evaluations. */
async function uploadJudgement(rt: Runtime, judgement: BattleJudgement, upload: boolean): Promise<void> {
  const target = upload && rt.settings.api.upload ? uploadTarget(rt.settings) : null;
  if (!target || judgement.evaluations.length === 0) return;
  const { posted, failed } = await postJudgement(target.client, judgement);
  console.log(
    failed
      ? `judge upload: ${posted} evaluation(s) sent, then ${failed} (they stay in judge.json)`
      : `judge upload: ${posted} evaluation(s) sent`,
  );
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
