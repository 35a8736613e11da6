import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tryLock } from './spool-lock.ts';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringside-lock-'));
  path = join(dir, '.lock');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const alive = () => true;
const age = (ms: number) => {
  const t = new Date(Date.now() - ms);
  return utimes(path, t, t);
};

describe('tryLock', () => {
  it('lets one holder in at a time and frees the lock on release', async () => {
    const first = await tryLock(path, { staleMs: 60_000, isAlive: alive });
    expect(first).toBeDefined();
    expect(await tryLock(path, { staleMs: 60_000, isAlive: alive })).toBeUndefined();
    await first?.release();
    expect(await readdir(dir)).toEqual([]);
    expect(await tryLock(path, { staleMs: 60_000, isAlive: alive })).toBeDefined();
  });

  it('records who holds it', async () => {
    await tryLock(path, { staleMs: 60_000 });
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
  });

  it('takes over the lock of a holder whose process is gone', async () => {
    await tryLock(path, { staleMs: 60_000 });
    expect(await tryLock(path, { staleMs: 60_000, isAlive: () => false })).toBeDefined();
  });

  it('takes over a lock not refreshed for staleMs even if its pid is alive (pid reuse)', async () => {
    await tryLock(path, { staleMs: 60_000 });
    await age(120_000);
    expect(await tryLock(path, { staleMs: 60_000, isAlive: alive })).toBeDefined();
  });

  it('is not taken from a long drain that keeps refreshing it', async () => {
    const held = await tryLock(path, { staleMs: 60_000 });
    await age(120_000);
    await held?.refresh();
    expect(await tryLock(path, { staleMs: 60_000, isAlive: alive })).toBeUndefined();
  });

  it('treats an unreadable lock file as held until it is old', async () => {
    await writeFile(path, '{"pid":12');
    expect(await tryLock(path, { staleMs: 60_000, isAlive: () => false })).toBeUndefined();
    await age(120_000);
    expect(await tryLock(path, { staleMs: 60_000, isAlive: () => false })).toBeDefined();
  });

  it('does not remove, on release, a lock that another holder has taken over', async () => {
    const first = await tryLock(path, { staleMs: 60_000 });
    const second = await tryLock(path, { staleMs: 60_000, isAlive: () => false });
    await first?.release();
    expect(await tryLock(path, { staleMs: 60_000, isAlive: alive })).toBeUndefined();
    await second?.release();
    expect(await readdir(dir)).toEqual([]);
  });
});
