import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleBattle, sampleResult, sampleResults } from '../../test/arena-fixtures.ts';
import { writeTemp } from './atomic-file.ts';
import { readManifest } from './manifest.ts';
import { createResultsFolder, defaultArenaRoot, openResultsFolder } from './results-folder.ts';
import { StoreError } from './store-error.ts';

let root: string;
const at = new Date(2026, 10, 22, 14, 30);
const now = () => at;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ringside-arena-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createResultsFolder', () => {
  it('creates <date>-<slug>/ with a valid manifest and an empty results/ folder', async () => {
    const folder = await createResultsFolder(join(root, 'Arena'), sampleBattle(), {
      now,
      runnerVersion: '9.9.9',
    });
    expect(folder.path).toBe(join(root, 'Arena', '2026-11-22-haiku-about-the-sea'));
    const manifest = await readManifest(join(folder.path, 'manifest.json'));
    expect(manifest).toMatchObject({
      format: 1,
      runnerVersion: '9.9.9',
      createdAt: at.toISOString(),
      battle: { id: 'b-haiku', state: 'queued', contestants: [{ id: 'c1' }, { id: 'c2' }] },
      slots: {},
    });
    expect(await readdir(join(folder.path, 'results'))).toEqual([]);
  });

  it('picks -2, -3… when a folder of that name exists', async () => {
    const paths = [];
    for (let i = 0; i < 3; i++) paths.push((await createResultsFolder(root, sampleBattle(), { now })).path);
    expect(paths.map((p) => p.slice(root.length + 1))).toEqual([
      '2026-11-22-haiku-about-the-sea',
      '2026-11-22-haiku-about-the-sea-2',
      '2026-11-22-haiku-about-the-sea-3',
    ]);
  });

  it('gives distinct folders to battles created at the same moment', async () => {
    const folders = await Promise.all(
      Array.from({ length: 5 }, () => createResultsFolder(root, sampleBattle(), { now })),
    );
    expect(new Set(folders.map((f) => f.path)).size).toBe(5);
  });

  it('refuses an invalid battle before creating anything', async () => {
    await expect(createResultsFolder(root, sampleBattle({ contestants: [] }), { now })).rejects.toThrow(
      /contestants/,
    );
    expect(await readdir(root)).toEqual([]);
  });

  it('defaults its root to Arena/ under the working directory', () => {
    expect(defaultArenaRoot('/home/me/bench')).toBe('/home/me/bench/Arena');
  });
});

describe('writeResult', () => {
  it('writes the result as the shared Result shape, with defaults, and marks its slot done', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    expect(await folder.writeResult(sampleResult())).toBe('written');
    const file = JSON.parse(await readFile(join(folder.path, 'results', 'b-haiku-c1-t1-0.json'), 'utf8'));
    expect(file).toMatchObject({ id: 'b-haiku-c1-t1-0', repeat: 0, evaluations: [], error: null });
    expect(folder.completedIds()).toEqual(['b-haiku-c1-t1-0']);
    const manifest = await readManifest(join(folder.path, 'manifest.json'));
    expect(manifest.slots['b-haiku-c1-t1-0']?.state).toBe('done');
  });

  it('marks the slot of an error or stopped result with that status', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    await folder.writeResult(
      sampleResult({
        id: 'e',
        status: 'error',
        error: { kind: 'first-token-timeout', message: 'no first token' },
      }),
    );
    await folder.writeResult(sampleResult({ id: 's', status: 'stopped' }));
    expect(folder.idsInState('error')).toEqual(['e']);
    expect(folder.idsInState('stopped')).toEqual(['s']);
    expect(folder.completedIds()).toEqual(['e', 's']);
  });

  it('treats the same id with the same body as a no-op, even with omitted defaults spelled out', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    await folder.writeResult(sampleResult());
    expect(await folder.writeResult({ ...sampleResult(), repeat: 0, evaluations: [] })).toBe('unchanged');
    const reopened = await openResultsFolder(folder.path, { now });
    expect(await reopened.writeResult(sampleResult())).toBe('unchanged');
  });

  it('refuses the same id with another body and keeps the first file', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    await folder.writeResult(sampleResult());
    const other = sampleResult({ output: { text: 'something else' } });
    await expect(folder.writeResult(other)).rejects.toMatchObject({ code: 'result-conflict' });
    const reopened = await openResultsFolder(folder.path, { now });
    await expect(reopened.writeResult(other)).rejects.toMatchObject({ code: 'result-conflict' });
    expect((await reopened.readResult('b-haiku-c1-t1-0'))?.output.text).toBe('Waves fold into foam');
  });

  it('writes a result once when two calls race with one id', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    const same = await Promise.all([folder.writeResult(sampleResult()), folder.writeResult(sampleResult())]);
    expect(same.sort()).toEqual(['unchanged', 'written']);
    const raced = await Promise.allSettled([
      folder.writeResult(sampleResult({ id: 'x', output: { text: 'one' } })),
      folder.writeResult(sampleResult({ id: 'x', output: { text: 'two' } })),
    ]);
    expect(raced.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('refuses a result of another battle or naming an unknown contestant or task', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    for (const bad of [{ battleId: 'other' }, { contestantId: 'c9' }, { taskId: 't9' }]) {
      await expect(folder.writeResult(sampleResult(bad))).rejects.toMatchObject({
        code: 'unknown-reference',
      });
    }
    await expect(folder.writeResult(sampleResult({ status: 'error' }))).rejects.toMatchObject({
      code: 'invalid-result',
    });
    expect(folder.completedIds()).toEqual([]);
  });

  it('keeps every slot update when many results finish at once', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    await Promise.all(sampleResults(40).map((r) => folder.writeResult(r)));
    const manifest = await readManifest(join(folder.path, 'manifest.json'));
    expect(Object.values(manifest.slots).filter((s) => s.state === 'done')).toHaveLength(40);
  });
});

describe('slots and battle state', () => {
  it('records planned, running and stopped slots in the manifest', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    await folder.planSlots(['a', 'b', 'c']);
    await folder.markSlot('a', 'running');
    await folder.markSlot('b', 'stopped');
    const { slots } = await readManifest(join(folder.path, 'manifest.json'));
    expect(Object.fromEntries(Object.entries(slots).map(([id, s]) => [id, s.state]))).toEqual({
      a: 'running',
      b: 'stopped',
      c: 'pending',
    });
  });

  it('refuses to move the slot of a written result', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    await folder.writeResult(sampleResult({ id: 'a' }));
    await expect(folder.markSlot('a', 'running')).rejects.toMatchObject({ code: 'result-written' });
  });

  it('follows the battle state machine and stamps start and end times', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    await folder.setBattleState('running');
    await folder.setBattleState('stopped');
    expect(folder.battle).toMatchObject({
      state: 'stopped',
      startedAt: at.toISOString(),
      endedAt: at.toISOString(),
    });
    await folder.setBattleState('running');
    expect(folder.battle.endedAt).toBeUndefined();
    await folder.setBattleState('done');
    await expect(folder.setBattleState('running')).rejects.toMatchObject({ code: 'invalid-transition' });
    expect((await readManifest(join(folder.path, 'manifest.json'))).battle.state).toBe('done');
  });
});

describe('openResultsFolder (resume after a crash)', () => {
  it('knows which results are done and sends interrupted running slots back to pending', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    await folder.setBattleState('running');
    await folder.planSlots(['r-0', 'r-1', 'r-2', 'r-3']);
    const [r0, r1] = sampleResults(2);
    await folder.writeResult(r0!);
    await folder.writeResult(r1!);
    await folder.markSlot('r-2', 'running');
    // the process dies here

    const reopened = await openResultsFolder(folder.path, { now });
    expect(reopened.completedIds()).toEqual(['r-0', 'r-1']);
    expect(reopened.interrupted).toEqual(['r-2']);
    expect(reopened.idsInState('pending')).toEqual(['r-2', 'r-3']);
    expect(reopened.battle.state).toBe('running');
    expect((await readManifest(join(folder.path, 'manifest.json'))).slots['r-2']?.state).toBe('pending');
  });

  it('counts a result whose file was written just before a crash that beat the manifest update', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    await folder.markSlot('r-0', 'running');
    // The result file lands, the manifest still says running: what a kill between the two leaves.
    const [r0] = sampleResults(1);
    await writeFile(join(folder.path, 'results', 'r-0.json'), JSON.stringify(r0));
    const reopened = await openResultsFolder(folder.path, { now });
    expect(reopened.completedIds()).toEqual(['r-0']);
    expect(reopened.idsInState('done')).toEqual(['r-0']);
    expect(reopened.interrupted).toEqual([]);
  });

  it('never shows a result cut off between its temp write and its rename, and cleans the temp file', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    await folder.markSlot('r-0', 'running');
    const results = join(folder.path, 'results');
    // writeTemp is the first half of a result write; stopping after it is a crash before rename.
    const full = await writeTemp(join(results, 'r-0.json'), JSON.stringify(sampleResults(1)[0]));
    const cut = await writeTemp(join(results, 'r-1.json'), '{"id":"r-1","battleId":"b-ha');
    await writeTemp(join(folder.path, 'manifest.json'), '{"format":1,');
    expect(full).not.toBe(cut);

    const reopened = await openResultsFolder(folder.path, { now });
    expect(reopened.completedIds()).toEqual([]);
    expect(reopened.interrupted).toEqual(['r-0']);
    expect(await readdir(results)).toEqual([]);
    expect((await readdir(folder.path)).sort()).toEqual(['manifest.json', 'results']);
    expect(await reopened.writeResult(sampleResults(1)[0]!)).toBe('written');
  });

  it('reads back every written result', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    for (const r of sampleResults(3)) await folder.writeResult(r);
    const reopened = await openResultsFolder(folder.path, { now });
    expect((await reopened.readResults()).map((r) => r.output.text.trim())).toEqual([
      'answer 0 ~~~~~~~~~~~',
      'answer 1 ~~~~~~~~~~~',
      'answer 2 ~~~~~~~~~~~',
    ]);
  });

  it('keeps ids with a colon apart from the file name alphabet and reads them back', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    await folder.writeResult(sampleResult({ id: 'b-haiku:c1:t1:0' }));
    expect(await readdir(join(folder.path, 'results'))).toEqual(['b-haiku%3Ac1%3At1%3A0.json']);
    expect((await openResultsFolder(folder.path, { now })).completedIds()).toEqual(['b-haiku:c1:t1:0']);
  });

  it('refuses a damaged result file, naming it, rather than treating it as done or not done', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    const file = join(folder.path, 'results', 'r-0.json');
    await writeFile(file, '{"id":"r-0","battleId":');
    const err = await openResultsFolder(folder.path, { now }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ code: 'invalid-result', file });
    expect((err as Error).message).toContain(file);
  });

  it('refuses a result file holding another id than its name says', async () => {
    const folder = await createResultsFolder(root, sampleBattle(), { now });
    await writeFile(join(folder.path, 'results', 'r-9.json'), JSON.stringify(sampleResults(1)[0]));
    await expect(openResultsFolder(folder.path, { now })).rejects.toThrow(/holds result 'r-0', not 'r-9'/);
  });

  it('says a folder without a manifest is not a results folder', async () => {
    await mkdir(join(root, 'empty'));
    await expect(openResultsFolder(join(root, 'empty'))).rejects.toMatchObject({
      code: 'not-a-results-folder',
    });
  });
});
