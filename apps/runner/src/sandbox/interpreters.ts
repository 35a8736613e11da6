/** Finds the Python and Node binaries the sandbox runs, and the install folders they need. */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Interpreter {
  /** real path of the binary (no shims: pyenv's shim is a shell script that needs $HOME) */
  path: string;
  /** install folder, bound read-only when it lies inside a hidden home folder */
  prefix: string;
}

/** The real Python 3 behind `command` (asks it for `sys.executable`; runs no model code). */
export function findPython(command = 'python3'): Interpreter | null {
  const run = spawnSync(
    command,
    ['-I', '-c', 'import sys, json; print(json.dumps([sys.executable, sys.base_prefix]))'],
    { encoding: 'utf8', timeout: 10_000 },
  );
  if (run.status !== 0) return null;
  try {
    const [executable, prefix] = JSON.parse(run.stdout.trim()) as [string, string];
    return { path: realpathSync(executable), prefix: realpathSync(prefix) };
  } catch {
    return null;
  }
}

/** The Node running the runner (Node 22: type stripping for TypeScript). */
export function findNode(execPath: string = process.execPath): Interpreter {
  const path = realpathSync(execPath);
  return { path, prefix: dirname(dirname(path)) };
}
