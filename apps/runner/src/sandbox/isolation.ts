/**
 * How a sandboxed process is started on Linux: `prlimit` sets the resource limits, `bwrap`
 * (bubblewrap) builds the jail, and, when the runner is root, `setpriv` drops to a dedicated
 * unprivileged uid inside it (RLIMIT_NPROC is never enforced for uid 0, so a fork bomb would not
 * be contained otherwise). The argv builder is pure; the probe checks the tools really work here.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { NODE_ADDRESS_SPACE_EXTRA, type SandboxLimits } from './limits.ts';

export interface IsolationPlan {
  /** `root`: privileged bwrap, then setpriv to `uid`; `user`: bwrap in a user namespace as ourselves */
  mode: 'root' | 'user';
  bwrap: string;
  prlimit: string;
  setpriv: string | null;
  /** folders covered by an empty tmpfs so the code cannot read them (home folders: keys, tokens) */
  hidden: string[];
}

export interface LaunchSpec {
  /** the fresh job folder, seen inside as {@link JOB_DIR}: the only writable place besides a private, size-capped /tmp */
  dir: string;
  /** argv of the interpreter, run with `dir` as working directory */
  command: string[];
  /** install folders of the interpreters, bound read-only again when they lie in a hidden folder */
  readOnly: string[];
  limits: SandboxLimits;
  /** runtime, for the address-space rule of Node */
  runtime: 'python' | 'node';
  env: Record<string, string>;
  /** root mode: the uid/gid the code runs as */
  uid?: number;
  /** user mode: processes this uid already has, added to the process limit (RLIMIT_NPROC counts them) */
  existingProcesses?: number;
}

/** Where the job folder appears inside the sandbox (the same path every run: stable messages). */
export const JOB_DIR = '/tmp/job';

const inside = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** The full argv (prlimit … bwrap … [setpriv …] interpreter …) of one sandboxed run. */
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
  const bwrap = [plan.bwrap, '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc'];
  for (const folder of plan.hidden) bwrap.push('--tmpfs', folder);
  for (const folder of spec.readOnly) {
    if (plan.hidden.some((h) => inside(folder, h))) bwrap.push('--ro-bind', folder, folder);
  }
  bwrap.push('--perms', '1777', '--size', String(limits.tmpBytes), '--tmpfs', '/tmp');
  // An interpreter installed under /tmp (a checkout there: CI clones, `npm ci` puts Node 22 in its
  // node_modules) would vanish under the private /tmp: bind it back, read-only.
  for (const folder of spec.readOnly) if (inside(folder, '/tmp')) bwrap.push('--ro-bind', folder, folder);
  bwrap.push('--bind', spec.dir, JOB_DIR, '--chdir', JOB_DIR);
  bwrap.push('--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try');
  if (plan.mode === 'user') bwrap.push('--unshare-user');
  bwrap.push('--die-with-parent', '--new-session', '--clearenv');
  // root mode keeps CAP_SETUID for setpriv, which drops every capability with the uid change
  if (plan.mode === 'user') bwrap.push('--cap-drop', 'ALL');
  for (const [key, value] of Object.entries(spec.env)) bwrap.push('--setenv', key, value);
  bwrap.push('--');
  const drop =
    plan.mode === 'root'
      ? [
          plan.setpriv ?? 'setpriv',
          `--reuid=${spec.uid}`,
          `--regid=${spec.uid}`,
          '--clear-groups',
          '--inh-caps=-all',
          '--bounding-set=-all',
          '--no-new-privs',
          '--',
        ]
      : [];
  return [...prlimit, ...bwrap, ...drop, ...spec.command];
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
 * Finds the tools and runs `true` through the very argv a job would use; any failure means the
 * sandbox is unavailable (and model code is then never run). Synchronous: done once per sandbox.
 */
export function probeIsolation(opts: { uid: number; dir: string }): ProbeResult {
  if (process.platform !== 'linux') return { ok: false, reason: `no sandbox on ${process.platform}` };
  const bwrap = which('bwrap');
  const prlimit = which('prlimit');
  const isRoot = process.getuid?.() === 0;
  const setpriv = isRoot ? which('setpriv') : null;
  const missing = [
    !bwrap && 'bwrap (Debian package bubblewrap)',
    !prlimit && 'prlimit (util-linux)',
    isRoot && !setpriv && 'setpriv (util-linux)',
  ].filter(Boolean);
  if (missing.length > 0) return { ok: false, reason: `missing ${missing.join(', ')}` };
  const home = process.env.HOME;
  // a folder under /tmp is hidden by the private /tmp anyway; one that does not exist cannot be mounted over
  const hidden = [...new Set(['/root', ...(home && home !== '/' ? [home] : [])])].filter(
    (folder) => existsSync(folder) && !inside(folder, '/tmp') && !inside(opts.dir, folder),
  );
  const plan: IsolationPlan = {
    mode: isRoot ? 'root' : 'user',
    bwrap: bwrap!,
    prlimit: prlimit!,
    setpriv,
    hidden,
  };
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
  const run = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 10_000 });
  if (run.error) return { ok: false, reason: `bwrap probe failed: ${run.error.message}` };
  if (run.status !== 0) {
    return { ok: false, reason: `bwrap probe exited ${run.status}: ${run.stderr.trim().slice(0, 500)}` };
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
