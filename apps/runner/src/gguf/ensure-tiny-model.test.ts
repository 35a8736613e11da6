import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel, TINY_MODEL_FILE } from './ensure-tiny-model.ts';

describe('ensureTinyModel', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tiny-model-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes the model into a missing folder and returns its path, leaving no temporary file', async () => {
    const target = join(dir, 'nested', 'models');
    const path = await ensureTinyModel(target);

    expect(path).toBe(join(target, TINY_MODEL_FILE));
    expect((await stat(path)).size).toBeGreaterThan(8_000_000);
    expect(await readdir(target)).toEqual([TINY_MODEL_FILE]);
  });

  it('reuses the cached file instead of writing it again, unless forced', async () => {
    const path = await ensureTinyModel(dir);
    const first = await stat(path);
    const again = await stat(await ensureTinyModel(dir));
    const forced = await stat(await ensureTinyModel(dir, { force: true }));

    expect(again.ino).toBe(first.ino);
    expect(forced.ino).not.toBe(first.ino); // renamed into place: a new file
    expect(forced.size).toBe(first.size);
  });
});
