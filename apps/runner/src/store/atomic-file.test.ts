import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FileExistsError,
  isTempName,
  removeTempFiles,
  writeFileAtomic,
  writeFileAtomicExclusive,
  writeTemp,
} from './atomic-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringside-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the file with the whole new content and leaves no temp file', async () => {
    const path = join(dir, 'manifest.json');
    await writeFileAtomic(path, 'old');
    await writeFileAtomic(path, 'new and longer');
    expect(await readFile(path, 'utf8')).toBe('new and longer');
    expect(await readdir(dir)).toEqual(['manifest.json']);
  });

  it('leaves the old file untouched when a crash comes between the temp write and the rename', async () => {
    const path = join(dir, 'manifest.json');
    await writeFileAtomic(path, '{"v":1}');
    // writeTemp is the first half of writeFileAtomic: stopping after it is a crash before rename.
    const tmp = await writeTemp(path, '{"v":2, "half": ');
    expect(await readFile(path, 'utf8')).toBe('{"v":1}');
    expect(await readFile(tmp, 'utf8')).toBe('{"v":2, "half": ');
    expect(isTempName(tmp.slice(dir.length + 1))).toBe(true);
  });
});

describe('writeFileAtomicExclusive', () => {
  it('refuses to replace an existing file and keeps its content', async () => {
    const path = join(dir, 'r-1.json');
    await writeFileAtomicExclusive(path, 'first');
    await expect(writeFileAtomicExclusive(path, 'second')).rejects.toBeInstanceOf(FileExistsError);
    expect(await readFile(path, 'utf8')).toBe('first');
    expect(await readdir(dir)).toEqual(['r-1.json']);
  });

  it('lets exactly one of two simultaneous writers of one path win', async () => {
    const path = join(dir, 'r-1.json');
    const outcomes = await Promise.allSettled([
      writeFileAtomicExclusive(path, 'a'),
      writeFileAtomicExclusive(path, 'b'),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(['a', 'b']).toContain(await readFile(path, 'utf8'));
  });
});

describe('removeTempFiles', () => {
  it('removes only temp files, never results or other files', async () => {
    await writeFile(join(dir, 'r-1.json'), '{}');
    await writeFile(join(dir, 'notes.txt'), 'x');
    await writeTemp(join(dir, 'r-2.json'), '{"partial');
    const removed = await removeTempFiles(dir);
    expect(removed).toHaveLength(1);
    expect((await readdir(dir)).sort()).toEqual(['notes.txt', 'r-1.json']);
  });

  it('keeps a temp file younger than olderThanMs, which a live writer may still own', async () => {
    const young = await writeTemp(join(dir, 'a.json'), 'x');
    const old = await writeTemp(join(dir, 'b.json'), 'x');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(old, hourAgo, hourAgo);
    await removeTempFiles(dir, { olderThanMs: 60_000 });
    expect(await readdir(dir)).toEqual([young.slice(dir.length + 1)]);
  });
});
