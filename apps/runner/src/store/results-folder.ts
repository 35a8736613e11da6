import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BattleInput, BattleState, Result, ResultInput, ResultStatus } from '@ringside/shared';
import { BattleInputSchema, canTransition, IdSchema, isFinalState, ResultSchema } from '@ringside/shared';
import { z } from 'zod';
import {
  FileExistsError,
  isErrno,
  removeTempFiles,
  syncDir,
  writeFileAtomic,
  writeFileAtomicExclusive,
} from './atomic-file.ts';
import { coalesce } from './coalesce.ts';
import { candidateName, folderName } from './folder-name.ts';
import { MANIFEST_FILE, MANIFEST_FORMAT, type Manifest, readManifest, type SlotState } from './manifest.ts';
import {
  idFromFileName,
  RESULTS_DIR,
  readResultFile,
  resultFilePath,
  serializeResult,
} from './result-file.ts';
import { RUNNER_VERSION } from './runner-version.ts';
import { stableStringify } from './stable-json.ts';
import { StoreError } from './store-error.ts';

/**
 * A battle's results folder `Arena/<yyyy-mm-dd>-<slug>/` (PRODUCT F20): `manifest.json` plus one
 * file per finished result in `results/`. Every file is written atomically, and a result file is
 * written once, so after a crash `openResultsFolder` + `completedIds()` say exactly what not to
 * run again. One process at a time works on a folder.
 */

export interface FolderOptions {
  /** stamps manifest times; tests pin it */
  now?: () => Date;
  /** recorded in a new manifest; defaults to this package's version */
  runnerVersion?: string;
}

export type WriteOutcome = 'written' | 'unchanged';

const MAX_NAME_ATTEMPTS = 1_000;

/** `<cwd>/Arena`, where results folders go unless the config names another root. */
export function defaultArenaRoot(cwd: string = process.cwd()): string {
  return join(cwd, 'Arena');
}

/** Creates `<root>/<yyyy-mm-dd>-<slug>[-n]/` for a battle, with its manifest and an empty `results/`. */
export async function createResultsFolder(
  root: string,
  battle: z.input<typeof BattleInputSchema>,
  opts: FolderOptions = {},
): Promise<ResultsFolder> {
  const parsed = BattleInputSchema.parse(battle);
  const now = opts.now ?? (() => new Date());
  const at = now();
  await mkdir(root, { recursive: true });
  const base = folderName(at, parsed.title, parsed.id);
  let path: string | undefined;
  for (let n = 1; n <= MAX_NAME_ATTEMPTS && !path; n++) {
    const candidate = join(root, candidateName(base, n));
    try {
      await mkdir(candidate);
      path = candidate;
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err;
    }
  }
  if (!path) throw new Error(`no free folder name for '${base}' in ${root}`);
  await mkdir(join(path, RESULTS_DIR));
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    runnerVersion: opts.runnerVersion ?? RUNNER_VERSION,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    battle: parsed,
    slots: {},
  };
  await writeFileAtomic(join(path, MANIFEST_FILE), serializeManifest(manifest));
  await syncDir(root);
  return new ResultsFolder(path, manifest, new Map(), [], now);
}

/**
 * Opens an existing folder: validates the manifest and every result file (a damaged one is an error
 * naming it), deletes temp files left by a crash, and brings the slots in line with the result files
 * on disk. Slots that were `running` without a result file are set back to `pending` and listed in
 * `interrupted`.
 */
export async function openResultsFolder(path: string, opts: FolderOptions = {}): Promise<ResultsFolder> {
  const now = opts.now ?? (() => new Date());
  const manifest = await readManifest(join(path, MANIFEST_FILE));
  const resultsDir = join(path, RESULTS_DIR);
  await mkdir(resultsDir, { recursive: true });
  await removeTempFiles(path);
  await removeTempFiles(resultsDir);

  const written = new Map<string, ResultStatus>();
  for (const name of (await readdir(resultsDir)).sort()) {
    const id = idFromFileName(name);
    if (id === undefined) continue;
    const file = join(resultsDir, name);
    const result = await readResultFile(file, id);
    if (result.battleId !== manifest.battle.id) {
      throw new StoreError(
        'invalid-result',
        `${file} belongs to battle '${result.battleId}', not '${manifest.battle.id}'`,
        { file },
      );
    }
    written.set(id, result.status);
  }

  const at = now().toISOString();
  let changed = false;
  for (const [id, status] of written) {
    const state = slotStateFor(status);
    if (manifest.slots[id]?.state !== state) {
      manifest.slots[id] = { state, updatedAt: at };
      changed = true;
    }
  }
  const interrupted: string[] = [];
  for (const [id, slot] of Object.entries(manifest.slots)) {
    if (written.has(id) || (slot.state !== 'running' && slot.state !== 'done')) continue;
    manifest.slots[id] = { state: 'pending', updatedAt: at };
    interrupted.push(id);
    changed = true;
  }
  const folder = new ResultsFolder(path, manifest, written, interrupted, now);
  if (changed) await folder.flush();
  return folder;
}

/** Use createResultsFolder / openResultsFolder to get one. */
export class ResultsFolder {
  readonly path: string;
  /** result ids whose slot was `running` (or `done` without a file) when the folder was opened */
  readonly interrupted: readonly string[];
  #manifest: Manifest;
  /** ids with a result file on disk, and that result's status */
  #written: Map<string, ResultStatus>;
  /** result writes under way, by id, with the canonical body being written */
  #writing = new Map<string, { body: string; done: Promise<WriteOutcome> }>();
  #now: () => Date;
  #save: () => Promise<void>;

  constructor(
    path: string,
    manifest: Manifest,
    written: Map<string, ResultStatus>,
    interrupted: string[],
    now: () => Date,
  ) {
    this.path = path;
    this.#manifest = manifest;
    this.#written = written;
    this.interrupted = interrupted;
    this.#now = now;
    const manifestPath = join(path, MANIFEST_FILE);
    this.#save = coalesce(() => {
      const snapshot = { ...this.#manifest, updatedAt: this.#now().toISOString() };
      this.#manifest.updatedAt = snapshot.updatedAt;
      return writeFileAtomic(manifestPath, serializeManifest(snapshot));
    });
  }

  /** A copy of the manifest as it stands in memory (on disk once the last call has resolved). */
  get manifest(): Manifest {
    return structuredClone(this.#manifest);
  }

  get battle(): BattleInput {
    return structuredClone(this.#manifest.battle);
  }

  /** Ids of results with a file on disk, whatever their status: the ones not to run again. */
  completedIds(): string[] {
    return [...this.#written.keys()].sort();
  }

  isCompleted(resultId: string): boolean {
    return this.#written.has(resultId);
  }

  /** Result ids whose slot is in `state`. */
  idsInState(state: SlotState): string[] {
    return Object.entries(this.#manifest.slots)
      .filter(([, slot]) => slot.state === state)
      .map(([id]) => id)
      .sort();
  }

  /**
   * Writes one result file atomically and marks its slot (`ok` → done, `error` → error, `stopped`
   * → stopped). A result is written once: the same id with the same body (after defaults) again is
   * a no-op answering 'unchanged'; with another body it is a StoreError `result-conflict`.
   */
  async writeResult(input: ResultInput): Promise<WriteOutcome> {
    const parsed = ResultSchema.safeParse(input);
    if (!parsed.success) {
      const id = typeof input?.id === 'string' ? ` '${input.id}'` : '';
      throw new StoreError('invalid-result', `result${id} is invalid:\n${z.prettifyError(parsed.error)}`);
    }
    const result = parsed.data;
    this.#checkReferences(result);
    const body = stableStringify(result);
    const pending = this.#writing.get(result.id);
    if (pending) {
      if (pending.body !== body) throw this.#conflict(result.id);
      await pending.done;
      return 'unchanged';
    }
    if (this.#written.has(result.id)) return this.#compareWithFile(result.id, body);
    const done = this.#write(result, body);
    this.#writing.set(result.id, { body, done });
    try {
      return await done;
    } finally {
      this.#writing.delete(result.id);
    }
  }

  /** Records what is happening to a slot that has no result yet; `done` comes only from writeResult. */
  async markSlot(resultId: string, state: Exclude<SlotState, 'done'>): Promise<void> {
    IdSchema.parse(resultId);
    if ((state as SlotState) === 'done') {
      throw new StoreError('result-written', `slot '${resultId}' becomes done by writing its result`);
    }
    if (this.#written.has(resultId) || this.#writing.has(resultId)) {
      throw new StoreError(
        'result-written',
        `result '${resultId}' is already written; its slot follows the result's status`,
      );
    }
    this.#setSlot(resultId, state);
    await this.#save();
  }

  /** Adds a `pending` slot for every id not known yet, in one manifest write. */
  async planSlots(resultIds: readonly string[]): Promise<void> {
    for (const id of resultIds) {
      IdSchema.parse(id);
      if (!this.#manifest.slots[id]) this.#setSlot(id, 'pending');
    }
    await this.#save();
  }

  /**
   * Moves the battle along its state machine (PRODUCT §3), stamping `startedAt` on first running
   * and `endedAt` on done/stopped/failed (cleared when a stopped battle resumes).
   */
  async setBattleState(state: BattleState): Promise<void> {
    const battle = this.#manifest.battle;
    if (battle.state === state) return;
    if (!canTransition(battle.state, state)) {
      throw new StoreError('invalid-transition', `a battle cannot go from '${battle.state}' to '${state}'`);
    }
    const at = this.#now().toISOString();
    if (state === 'running') {
      battle.startedAt ??= at;
      battle.endedAt = undefined;
    }
    if (isFinalState(state)) battle.endedAt = at;
    battle.state = state;
    await this.#save();
  }

  async readResult(resultId: string): Promise<Result | undefined> {
    if (!this.#written.has(resultId)) return undefined;
    return readResultFile(resultFilePath(this.path, resultId), resultId);
  }

  /** Every written result, by id. */
  async readResults(): Promise<Result[]> {
    const out: Result[] = [];
    for (const id of this.completedIds()) {
      out.push(await readResultFile(resultFilePath(this.path, id), id));
    }
    return out;
  }

  /** Resolves once every change made so far is in `manifest.json`. */
  flush(): Promise<void> {
    return this.#save();
  }

  async #write(result: Result, body: string): Promise<WriteOutcome> {
    try {
      await writeFileAtomicExclusive(resultFilePath(this.path, result.id), serializeResult(result));
    } catch (err) {
      // Another writer got there first (a second process on this folder): same rules as our own.
      if (err instanceof FileExistsError) return this.#compareWithFile(result.id, body);
      throw err;
    }
    this.#written.set(result.id, result.status);
    this.#setSlot(result.id, slotStateFor(result.status));
    await this.#save();
    return 'written';
  }

  async #compareWithFile(id: string, body: string): Promise<WriteOutcome> {
    const stored = await readResultFile(resultFilePath(this.path, id), id);
    if (stableStringify(stored) !== body) throw this.#conflict(id);
    if (!this.#written.has(id)) {
      this.#written.set(id, stored.status);
      this.#setSlot(id, slotStateFor(stored.status));
      await this.#save();
    }
    return 'unchanged';
  }

  #conflict(id: string): StoreError {
    const file = resultFilePath(this.path, id);
    return new StoreError(
      'result-conflict',
      `result '${id}' is already written with a different body; a result is written once`,
      { file },
    );
  }

  #checkReferences(result: Result): void {
    const battle = this.#manifest.battle;
    const problem =
      result.battleId !== battle.id
        ? `belongs to battle '${result.battleId}', not '${battle.id}'`
        : !battle.contestants.some((c) => c.id === result.contestantId)
          ? `names contestant '${result.contestantId}', which the battle does not have`
          : !battle.tasks.some((t) => t.id === result.taskId)
            ? `names task '${result.taskId}', which the battle does not have`
            : undefined;
    if (problem) throw new StoreError('unknown-reference', `result '${result.id}' ${problem}`);
  }

  #setSlot(id: string, state: SlotState): void {
    this.#manifest.slots[id] = { state, updatedAt: this.#now().toISOString() };
  }
}

export function slotStateFor(status: ResultStatus): SlotState {
  return status === 'ok' ? 'done' : status;
}

function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
