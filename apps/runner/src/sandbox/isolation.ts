/**
 * How a sandboxed process is started on Linux: `prlimit` sets the resource limits, a jail makes
 * the namespaces and the read-only layout — bubblewrap when it is installed and works, else
 * util-linux's `unshare` with a committed jail script — and, when the runner is root, `setpriv`
 * drops to a dedicated unprivileged uid inside it (RLIMIT_NPROC is never enforced for uid 0, so a
 * fork bomb would not be contained otherwise). The argv builders are pure; the probe checks the
 * tools really work here.
 */
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
} from 'node:fs';
import { delimiter, join } from 'node:path';
import { bwrapArgv } from './bwrap-backend.ts';
import { type Backend, type IsolationPlan, inside, type LaunchSpec, mountLayout } from './launch-spec.ts';
import { NODE_ADDRESS_SPACE_EXTRA } from './limits.ts';
import { unshareArgv } from './unshare-backend.ts';

export { type Backend, type IsolationPlan, JOB_DIR, type LaunchSpec } from './launch-spec.ts';

/** Backends in the order they are tried: bubblewrap is the better-trodden jail. */
export const BACKENDS: readonly Backend[] = ['bwrap', 'unshare'];

/** The full argv (prlimit … jail … [setpriv …] interpreter …) of one sandboxed run. */
export function launchArgv(plan: IsolationPlan, spec: LaunchSpec): string[] {
  const { limits } = spec;
  const addressSpace =
    spec.runtime === 'node' ? limits.memoryBytes + NODE_ADDRESS_SPACE_EXTRA : limits.memoryBytes;
  const nproc = limits.processes + (plan.mode === 'user' ? (spec.existingProcesses ?? 0) : 0);
  const cpuSeconds = Math.ceil(limits.wallMs / 1000) + 1;
  const prlimit = [
    plan.prlimit,
    `--as=${addressSpace}`,
    `--nproc=${nproc}`,
    `--fsize=${limits.fileBytes}`,
    `--cpu=${cpuSeconds}`,
    `--nofile=${limits.openFiles}`,
    '--core=0',
    '--',
  ];
  const layout = mountLayout(plan.hidden, spec);
  const jail = plan.backend === 'bwrap' ? bwrapArgv(plan, spec, layout) : unshareArgv(plan, spec, layout);
  return [...prlimit, ...jail, ...spec.command];
}

/** The first executable called `name` on PATH, or null. */
export function which(name: string, path: string = process.env.PATH ?? ''): string | null {
  for (const folder of path.split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}

export type ProbeResult = { ok: true; plan: IsolationPlan } | { ok: false; reason: string };

/**
 * Finds the tools of each backend in turn (or only `backend`) and runs `true` through the very
 * argv a job would use; the first that works is the plan. When none works the sandbox is
 * unavailable (and model code is then never run). Synchronous: done once per sandbox.
 */
export function probeIsolation(opts: { uid: number; dir: string; backend?: Backend }): ProbeResult {
  if (process.platform !== 'linux') return { ok: false, reason: `no sandbox on ${process.platform}` };
  const reasons: string[] = [];
  for (const backend of opts.backend ? [opts.backend] : BACKENDS) {
    const found = planFor(backend, opts.dir);
    const result =
      'missing' in found ? { ok: false as const, reason: `missing ${found.missing}` } : tryPlan(found, opts);
    if (result.ok) return result;
    reasons.push(`${backend}: ${result.reason}`);
  }
  return { ok: false, reason: reasons.join('; ') };
}

function planFor(backend: Backend, dir: string): IsolationPlan | { missing: string } {
  const isRoot = process.getuid?.() === 0;
  // Real paths (a mount over a symlink lands where it points); one that does not exist cannot be
  // mounted over, and a folder under /tmp is hidden by the private /tmp anyway.
  const hidden = [
    ...new Set(
      ['/root', process.env.HOME]
        .map((folder) => (folder ? realPath(folder) : null))
        .filter((folder): folder is string => !!folder && folder !== '/'),
    ),
  ].filter((folder) => !inside(folder, '/tmp') && !inside(dir, folder));
  const tools = {
    prlimit: which('prlimit'),
    setpriv: which('setpriv'),
    jail: which(backend),
    env: which('env'),
    sh: which('sh'),
  };
  const needed: [string | null, string, boolean][] = [
    [tools.jail, backend === 'bwrap' ? 'bwrap (Debian package bubblewrap)' : 'unshare (util-linux)', true],
    [tools.prlimit, 'prlimit (util-linux)', true],
    [tools.setpriv, 'setpriv (util-linux)', isRoot || backend === 'unshare'],
    [tools.env, 'env (coreutils)', backend === 'unshare'],
    [tools.sh, 'sh', backend === 'unshare'],
  ];
  const missing = needed.filter(([path, , required]) => required && !path).map(([, name]) => name);
  if (missing.length > 0) return { missing: missing.join(', ') };
  const base = { mode: isRoot ? ('root' as const) : ('user' as const), prlimit: tools.prlimit!, hidden };
  if (backend === 'bwrap') {
    return { ...base, backend, bwrap: tools.jail!, setpriv: isRoot ? tools.setpriv : null };
  }
  // the mount point the jail builds each run's root on; empty outside the runs' own namespaces
  const newRoot = join(dir, '.jail-root');
  mkdirSync(newRoot, { recursive: true, mode: 0o755 });
  return {
    ...base,
    backend,
    unshare: tools.jail!,
    setpriv: tools.setpriv!,
    env: tools.env!,
    sh: tools.sh!,
    newRoot,
    cgroup: existsSync('/proc/self/ns/cgroup'),
    self: { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 },
  };
}

function realPath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

function tryPlan(plan: IsolationPlan, opts: { uid: number; dir: string }): ProbeResult {
  const isRoot = plan.mode === 'root';
  const trueBin = which('true') ?? '/bin/true';
  const argv = launchArgv(plan, {
    dir: opts.dir,
    command: [trueBin],
    readOnly: [],
    limits: {
      wallMs: 5000,
      memoryBytes: 256 * 1024 * 1024,
      processes: 16,
      fileBytes: 1024 * 1024,
      outputBytes: 4096,
      tmpBytes: 1024 * 1024,
      openFiles: 64,
    },
    runtime: 'python',
    env: { PATH: '/usr/bin:/bin' },
    uid: opts.uid,
    existingProcesses: isRoot ? 0 : countProcessesOf(process.getuid?.() ?? -1),
  });
  // the environment of a real run (spawnCapped's): nothing of the runner's reaches the jail
  const run = spawnSync(argv[0]!, argv.slice(1), {
    encoding: 'utf8',
    timeout: 10_000,
    env: { PATH: '/usr/local/bin:/usr/bin:/bin' },
  });
  if (run.error) return { ok: false, reason: `probe failed: ${run.error.message}` };
  if (run.status !== 0) {
    return { ok: false, reason: `probe exited ${run.status}: ${run.stderr.trim().slice(0, 500)}` };
  }
  return { ok: true, plan };
}

/**
 * Tasks (processes and threads) whose real uid is `uid`, which is what RLIMIT_NPROC counts: in
 * user mode the sandbox shares the runner's uid, so its limit is this count plus the allowance.
 */
export function countProcessesOf(uid: number): number {
  let count = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const realUid = Number(status.match(/^Uid:\s+(\d+)/m)?.[1]);
      if (realUid === uid) count += Number(status.match(/^Threads:\s+(\d+)/m)?.[1] ?? 1);
    } catch {
      // the process ended while we looked
    }
  }
  return count;
}
