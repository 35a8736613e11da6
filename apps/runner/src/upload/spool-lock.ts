import { randomBytes } from 'node:crypto';
import { link, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { z } from 'zod';
import { FileExistsError, isErrno, writeFileAtomicExclusive } from '../store/atomic-file.ts';

/**
 * A lock file so that one drain at a time works on a spool. It is stale — and taken over — when its
 * holder's process is gone (same host) or it has not been refreshed for `staleMs`. Correctness does
 * not rest on it: every send is idempotent, so two drains that overlap in a rare race send some
 * payloads twice and lose nothing. It saves the duplicate work and requests.
 */
export interface LockOptions {
  staleMs: number;
  now?: () => number;
  /** whether a process of this host is alive; process.kill(pid, 0) unless a test injects one */
  isAlive?: (pid: number) => boolean;
}

export interface LockHandle {
  /** marks the lock as still in use, so a long drain is not taken for a dead one */
  refresh(): Promise<void>;
  release(): Promise<void>;
}

const HolderSchema = z.object({ pid: z.number().int(), host: z.string(), token: z.string(), at: z.number() });
type Holder = z.infer<typeof HolderSchema>;

/** Takes the lock at `path`, or returns undefined while a live holder has it. */
export async function tryLock(path: string, opts: LockOptions): Promise<LockHandle | undefined> {
  const now = opts.now ?? Date.now;
  const isAlive = opts.isAlive ?? processIsAlive;
  const me: Holder = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex'), at: now() };

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFileAtomicExclusive(path, JSON.stringify(me));
      return handle(path, me.token, now);
    } catch (err) {
      if (!(err instanceof FileExistsError)) throw err;
    }
    const seen = await readHolder(path);
    if (seen === 'gone') continue;
    const stale =
      now() - seen.mtimeMs > opts.staleMs ||
      (seen.holder !== undefined && seen.holder.host === me.host && !isAlive(seen.holder.pid));
    if (!stale) return undefined;
    if (!(await breakStale(path, seen.holder?.token, me.token))) return undefined;
  }
  return undefined;
}

/**
 * Moves the stale lock aside (a rename: of two breakers only one gets it) and checks it was the one
 * judged stale; if a fresh lock was moved instead, it is put back and the caller backs off.
 */
async function breakStale(path: string, staleToken: string | undefined, myToken: string): Promise<boolean> {
  const aside = `${path}.stale-${myToken}`;
  try {
    await rename(path, aside);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return true;
    throw err;
  }
  const moved = await readHolder(aside);
  const movedToken = moved === 'gone' ? undefined : moved.holder?.token;
  if (movedToken !== undefined && movedToken !== staleToken) {
    await link(aside, path).catch(() => {});
    await unlink(aside).catch(() => {});
    return false;
  }
  await unlink(aside).catch(() => {});
  return true;
}

function handle(path: string, token: string, now: () => number): LockHandle {
  return {
    async refresh() {
      const t = new Date(now());
      await utimes(path, t, t).catch(() => {});
    },
    async release() {
      const seen = await readHolder(path);
      if (seen !== 'gone' && seen.holder?.token === token) await unlink(path).catch(() => {});
    },
  };
}

async function readHolder(path: string): Promise<{ holder: Holder | undefined; mtimeMs: number } | 'gone'> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { holder: parseHolder(text), mtimeMs: info.mtimeMs };
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return 'gone';
    throw err;
  }
}

/** A lock file cut short or written by something else has no holder; only its age can make it stale. */
function parseHolder(text: string): Holder | undefined {
  try {
    return HolderSchema.safeParse(JSON.parse(text)).data;
  } catch {
    return undefined;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return !isErrno(err, 'ESRCH');
  }
}
