import { randomBytes } from 'node:crypto';
import { link, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Crash-safe file writes: the data goes to a temp file in the same directory, is fsynced, then
 * renamed (or hard-linked) into place and the directory is fsynced. A reader therefore sees the old
 * file, no file, or the whole new file — never a prefix of it.
 */

/**
 * Temp files start with a dot and end with `.tmp`. Ids start with a letter or digit (IdSchema), so
 * a temp file can never be taken for a result or a spool entry.
 */
export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/** Writes and fsyncs `data` to a fresh temp file beside `path`; returns the temp file's path. */
export async function writeTemp(path: string, data: string | Uint8Array): Promise<string> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await fh.close();
  return tmp;
}

/** Makes a rename or a new link in `dir` durable. Filesystems that cannot fsync a directory are let be. */
export async function syncDir(dir: string): Promise<void> {
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (err) {
    if (!isErrno(err, 'EISDIR', 'EINVAL', 'EPERM', 'EACCES', 'ENOTSUP')) throw err;
  } finally {
    await fh?.close();
  }
}

/** Replaces `path` with the whole of `data`, atomically. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = await writeTemp(path, data);
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await syncDir(dirname(path));
}

export class FileExistsError extends Error {
  readonly path: string;
  constructor(path: string) {
    super(`${path} already exists`);
    this.name = 'FileExistsError';
    this.path = path;
  }
}

/**
 * Puts a temp file in place only if `path` does not exist yet (a hard link fails with EEXIST, a
 * rename would overwrite), so two writers can never both "win". Throws FileExistsError otherwise.
 * On filesystems without hard links it falls back to check-then-rename.
 */
export async function commitTempExclusive(tmp: string, path: string): Promise<void> {
  try {
    await link(tmp, path);
  } catch (err) {
    if (isErrno(err, 'EEXIST')) {
      await unlink(tmp).catch(() => {});
      throw new FileExistsError(path);
    }
    if (!isErrno(err, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS')) throw err;
    if (await exists(path)) {
      await unlink(tmp).catch(() => {});
      throw new FileExistsError(path);
    }
    await rename(tmp, path);
    await syncDir(dirname(path));
    return;
  }
  await syncDir(dirname(path));
  // A crash here leaves a temp file beside the committed one; it is cleaned up as any other.
  await unlink(tmp).catch(() => {});
}

/** Writes `data` to `path` atomically unless `path` exists (FileExistsError). */
export async function writeFileAtomicExclusive(path: string, data: string | Uint8Array): Promise<void> {
  await commitTempExclusive(await writeTemp(path, data), path);
}

/**
 * Deletes temp files left in `dir` by writers that died; with `olderThanMs`, only those not touched
 * for that long (so a live writer in another process keeps its file). Returns the names removed.
 */
export async function removeTempFiles(
  dir: string,
  opts: { olderThanMs?: number; nowMs?: number } = {},
): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    if (!isTempName(name)) continue;
    const path = join(dir, name);
    if (opts.olderThanMs !== undefined) {
      const info = await stat(path).catch(() => undefined);
      if (!info || (opts.nowMs ?? Date.now()) - info.mtimeMs < opts.olderThanMs) continue;
    }
    await unlink(path).catch((err: unknown) => {
      if (!isErrno(err, 'ENOENT')) throw err;
    });
    removed.push(name);
  }
  return removed;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (err: unknown) => {
      if (isErrno(err, 'ENOENT')) return false;
      throw err;
    },
  );
}

export function isErrno(err: unknown, ...codes: string[]): boolean {
  return err instanceof Error && 'code' in err && codes.includes(String(err.code));
}
