/**
 * What a sandboxed run is, apart from the tool that builds it: the plan the probe found, one
 * run's spec, and the filesystem layout (written once here, turned into argv by each backend, so
 * bubblewrap and the util-linux jail build the same thing).
 */
import type { SandboxLimits } from './limits.ts';

export type Backend = 'bwrap' | 'unshare';

interface PlanBase {
  /** `root`: jail as root, then setpriv to the slot uid; `user`: jail in a user namespace as ourselves */
  mode: 'root' | 'user';
  prlimit: string;
  setpriv: string | null;
  /** folders covered by an empty tmpfs so the code cannot read them (home folders: keys, tokens) */
  hidden: string[];
}

export interface BwrapPlan extends PlanBase {
  backend: 'bwrap';
  bwrap: string;
}

export interface UnsharePlan extends PlanBase {
  backend: 'unshare';
  unshare: string;
  /** always needed here: parent-death signal, privilege drop */
  setpriv: string;
  sh: string;
  env: string;
  /** an empty folder the new root is built on (each run in its own mount namespace) */
  newRoot: string;
  /** the kernel can make cgroup namespaces (bwrap's --unshare-cgroup-try) */
  cgroup: boolean;
  /** user mode: the runner's ids, which the code gets back inside */
  self: { uid: number; gid: number };
}

export type IsolationPlan = BwrapPlan | UnsharePlan;

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

export const inside = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** One step of the layout, in order; `dst` is a path inside the sandbox. */
export type MountOp =
  | { op: 'ro-bind' | 'bind'; src: string; dst: string }
  | { op: 'tmpfs'; dst: string; mode?: string; bytes?: number }
  | { op: 'dev' | 'proc'; dst: string };

export function mountLayout(hidden: readonly string[], spec: LaunchSpec): MountOp[] {
  const ops: MountOp[] = [
    { op: 'ro-bind', src: '/', dst: '/' },
    { op: 'dev', dst: '/dev' },
    { op: 'proc', dst: '/proc' },
  ];
  for (const folder of hidden) ops.push({ op: 'tmpfs', dst: folder });
  for (const folder of spec.readOnly) {
    if (hidden.some((h) => inside(folder, h))) ops.push({ op: 'ro-bind', src: folder, dst: folder });
  }
  ops.push({ op: 'tmpfs', dst: '/tmp', mode: '1777', bytes: spec.limits.tmpBytes });
  // An interpreter installed under /tmp (a checkout there: CI clones, `npm ci` puts Node 22 in its
  // node_modules) would vanish under the private /tmp: bind it back, read-only.
  for (const folder of spec.readOnly) {
    if (inside(folder, '/tmp')) ops.push({ op: 'ro-bind', src: folder, dst: folder });
  }
  ops.push({ op: 'bind', src: spec.dir, dst: JOB_DIR });
  return ops;
}

/** Root mode: become the slot uid with no capabilities and no way back (uid 0 ignores RLIMIT_NPROC). */
export function setprivDrop(setpriv: string, uid: number | undefined): string[] {
  if (uid === undefined) throw new Error('root mode needs the uid the code runs as');
  return [
    setpriv,
    `--reuid=${uid}`,
    `--regid=${uid}`,
    '--clear-groups',
    '--inh-caps=-all',
    '--bounding-set=-all',
    '--no-new-privs',
    '--',
  ];
}
