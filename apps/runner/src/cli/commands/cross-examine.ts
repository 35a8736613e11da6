/**
 * `ringside cross-examine <battle-id | results-folder> --model provider:model --question "…"`
 * (PRODUCT F11): a chosen model is put over a finished battle's results; its answer is printed and
 * the exchange stored with the battle (in the folder's cross-examinations.json and in the API).
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type Contestant,
  type CrossExamination,
  CrossExaminationSchema,
  IdSchema,
  isSealedContestant,
  isSealedResult,
  type Result,
  ResultOfStoredSchema,
  type Task,
} from '@ringside/shared';
import { z } from 'zod';
import { crossExamine, type ModelRef } from '../../judge/index.ts';
import type { Runtime } from '../../runtime.ts';
import { openResultsFolder, writeFileAtomic } from '../../store/index.ts';
import { parseArgs, UsageError } from '../args.ts';
import { uploadTarget } from '../sinks.ts';

export const CROSS_EXAMINE_USAGE = `ringside cross-examine <battle-id | results-folder> --model provider:model --question "…" [--anonymise] [--no-upload]`;

export const CROSS_EXAMINATIONS_FILE = 'cross-examinations.json';

interface BattleMaterial {
  battleId: string;
  tasks: Task[];
  contestants: Contestant[];
  results: Result[];
  /** the results folder, when the battle was read from one */
  folder: string | null;
}

async function fromFolder(dir: string): Promise<BattleMaterial> {
  const folder = await openResultsFolder(dir);
  const b = folder.battle;
  return {
    battleId: b.id,
    tasks: b.tasks as Task[],
    contestants: b.contestants as Contestant[],
    results: await folder.readResults(),
    folder: dir,
  };
}

async function fromApi(rt: Runtime, battleId: string): Promise<BattleMaterial> {
  const target = uploadTarget(rt.settings);
  if (!target)
    throw new UsageError(
      `'${battleId}' is not a results folder, and no API is configured (RINGSIDE_API_URL) to fetch it from`,
    );
  const out = await target.client.getBattle(battleId);
  if (!out.ok) throw new UsageError(`battle '${battleId}': ${out.message}`);
  if (!out.value) throw new UsageError(`battle '${battleId}': the API's answer is not a battle`);
  const battle = out.value;
  // A blind battle read by a token that does not own it comes back sealed: nothing to examine.
  if (battle.contestants.some(isSealedContestant) || battle.results.some(isSealedResult)) {
    throw new UsageError(
      `battle '${battleId}' is blind until its reveal; cross-examine it with the token that created it`,
    );
  }
  const contestants = battle.contestants.filter((c): c is Contestant => !isSealedContestant(c));
  const results = battle.results.map((r) => ResultOfStoredSchema.parse(r));
  return {
    battleId: battle.id,
    tasks: battle.tasks,
    contestants,
    results,
    folder: null,
  };
}

/** Appends the exchange to the folder's cross-examinations.json (a list, oldest first). */
export async function storeInFolder(folder: string, x: CrossExamination): Promise<string> {
  const file = path.join(folder, CROSS_EXAMINATIONS_FILE);
  const before = existsSync(file)
    ? z.array(CrossExaminationSchema).parse(JSON.parse(await readFile(file, 'utf8')))
    : [];
  await writeFileAtomic(file, `${JSON.stringify([...before, x], null, 2)}\n`);
  return file;
}

export async function crossExamineCommand(rt: Runtime, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs(argv, {
    model: { type: 'string', short: 'm' },
    question: { type: 'string', short: 'q' },
    anonymise: { type: 'boolean', default: false },
    'no-upload': { type: 'boolean', default: false },
  });
  const target = positionals[0];
  if (!target || !values.model || !values.question)
    throw new UsageError(`cross-examine needs a battle, --model and --question\n${CROSS_EXAMINE_USAGE}`);
  let examiner: ModelRef;
  try {
    examiner = rt.registry.resolve(values.model);
  } catch (err) {
    throw new UsageError(`--model ${values.model}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const isFolder = existsSync(target) && statSync(target).isDirectory();
  if (!isFolder && !IdSchema.safeParse(target).success)
    throw new UsageError(`'${target}' is neither a results folder nor a battle id`);
  const battle = isFolder ? await fromFolder(path.resolve(target)) : await fromApi(rt, target);
  if (battle.results.length === 0) throw new UsageError(`battle '${battle.battleId}' has no results yet`);

  const x = await crossExamine({
    battleId: battle.battleId,
    tasks: battle.tasks,
    results: battle.results,
    contestants: battle.contestants,
    examiner,
    question: values.question,
    anonymise: values.anonymise,
  });
  console.log(x.status === 'ok' ? x.answer : `the examiner failed: ${x.error}`);
  if (battle.folder) console.log(`\nstored in ${await storeInFolder(battle.folder, x)}`);
  const api = values['no-upload'] ? null : uploadTarget(rt.settings);
  if (api) {
    const out = await api.client.postCrossExamination(x);
    console.log(out.ok ? 'stored with the battle in the API' : `API: ${out.message}`);
    if (!out.ok && !battle.folder) return 1;
  }
  return x.status === 'ok' ? 0 : 3;
}
