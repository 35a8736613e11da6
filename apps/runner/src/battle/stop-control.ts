import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * `ringside stop <battle-id>` from another terminal: the running battle registers itself in
 * `<state>/running/`, and polls `<state>/stop/` for a request naming it. Files, not signals, so it
 * works the same for a daemon, a CLI run and across users of the same state dir.
 */
const POLL_MS = 200;

export async function registerRunning(stateDir: string, battleId: string, folder: string) {
  const dir = path.join(stateDir, 'running');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${battleId}.json`);
  await writeFile(file, JSON.stringify({ battleId, pid: process.pid, folder }));
  return () => rm(file, { force: true });
}

export async function listRunning(
  stateDir: string,
): Promise<{ battleId: string; pid: number; folder: string }[]> {
  const dir = path.join(stateDir, 'running');
  const names = await readdir(dir).catch(() => [] as string[]);
  const out = [];
  for (const n of names.filter((x) => x.endsWith('.json'))) {
    try {
      out.push(JSON.parse(await readFile(path.join(dir, n), 'utf8')));
    } catch {
      // a file being written right now; the next listing sees it
    }
  }
  return out;
}

export async function requestStop(stateDir: string, battleId: string): Promise<void> {
  const dir = path.join(stateDir, 'stop');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, battleId), new Date().toISOString());
}

/** Aborts `controller` when a stop for `battleId` is requested; returns a function that stops watching. */
export function watchStop(stateDir: string, battleId: string, controller: AbortController): () => void {
  const file = path.join(stateDir, 'stop', battleId);
  const timer = setInterval(async () => {
    if (controller.signal.aborted) return;
    if (
      await stat(file).then(
        () => true,
        () => false,
      )
    ) {
      await rm(file, { force: true });
      controller.abort(new Error('stopped by ringside stop'));
    }
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
