import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleBattle } from '../../test/arena-fixtures.ts';
import { readManifest } from './manifest.ts';
import { createResultsFolder, openResultsFolder } from './results-folder.ts';
import { StoreError } from './store-error.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ringside-manifest-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function folderWithManifest(text: string) {
  const folder = await createResultsFolder(root, sampleBattle());
  const file = join(folder.path, 'manifest.json');
  await writeFile(file, text);
  return { path: folder.path, file };
}

describe('manifest validation', () => {
  it('names the file and the bad fields when the manifest fails validation', async () => {
    const folder = await createResultsFolder(root, sampleBattle());
    const manifest = folder.manifest;
    const { path, file } = await folderWithManifest(
      JSON.stringify({
        ...manifest,
        slots: { 'r-1': { state: 'finished' } },
        battle: { ...manifest.battle, contestants: [] },
      }),
    );
    const err = await openResultsFolder(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ code: 'invalid-manifest', file });
    const message = (err as Error).message;
    expect(message).toContain(file);
    expect(message).toContain('slots["r-1"].state');
    expect(message).toContain('battle.contestants');
  });

  it('calls a cut-off manifest damaged and names it', async () => {
    const { path, file } = await folderWithManifest('{"format":1,"runnerVersion":"0.1.0","createdAt":"20');
    await expect(openResultsFolder(path)).rejects.toThrow(`${file} is not valid JSON`);
  });

  it('refuses a manifest of an unknown format version', async () => {
    const folder = await createResultsFolder(root, sampleBattle());
    const { file } = await folderWithManifest(JSON.stringify({ ...folder.manifest, format: 2 }));
    await expect(readManifest(file)).rejects.toMatchObject({ code: 'invalid-manifest' });
  });
});
