/**
 * The util-linux backend, for machines without bubblewrap (a fresh Debian has `unshare`, `setpriv`,
 * `prlimit` and `mount` in its base): `unshare` makes the namespaces and runs the committed
 * `unshare-jail.sh`, which builds the same layout as bwrap and switches into it. Every path and
 * value reaches that script as an argument, never as part of its text.
 */
import { fileURLToPath } from 'node:url';
import { JOB_DIR, type LaunchSpec, type MountOp, setprivDrop, type UnsharePlan } from './launch-spec.ts';

export const JAIL_SCRIPT = fileURLToPath(new URL('./unshare-jail.sh', import.meta.url));

/** bwrap's own defaults for a bare `--tmpfs`, plus a cap: the code may own it in user mode. */
const HIDDEN_TMPFS = { mode: '0755', bytes: 1024 * 1024 };

function layoutArgs(op: MountOp): string[] {
  switch (op.op) {
    case 'ro-bind':
    case 'bind':
      return [op.op, op.src, op.dst];
    case 'dev':
    case 'proc':
      return [op.op, op.dst];
    case 'tmpfs':
      return ['tmpfs', op.mode ?? HIDDEN_TMPFS.mode, String(op.bytes ?? HIDDEN_TMPFS.bytes), op.dst];
  }
}

/** `setpriv … unshare … sh unshare-jail.sh …` up to the interpreter. */
export function unshareArgv(plan: UnsharePlan, spec: LaunchSpec, layout: readonly MountOp[]): string[] {
  // bwrap's --die-with-parent: unshare dies with the runner, and --kill-child takes the
  // namespace's first process (and so every process in it) along
  const argv = [plan.setpriv, '--pdeathsig=KILL', '--', plan.unshare];
  if (plan.mode === 'user') argv.push('--user', '--map-root-user');
  argv.push('--mount', '--pid', '--net', '--ipc', '--uts');
  if (plan.cgroup) argv.push('--cgroup');
  argv.push('--fork', '--kill-child', '--', plan.sh, JAIL_SCRIPT, plan.newRoot);
  argv.push(...layout.flatMap(layoutArgs), 'chdir', JOB_DIR, '--');
  if (plan.mode === 'root') argv.push(...setprivDrop(plan.setpriv, spec.uid));
  else {
    // Back to our own uid in a nested user namespace: the code is not root there, and loses
    // every capability at its first exec (bwrap --unshare-user --cap-drop ALL).
    argv.push(plan.unshare, '--user', `--map-user=${plan.self.uid}`, `--map-group=${plan.self.gid}`, '--');
    argv.push(plan.setpriv, '--no-new-privs', '--');
  }
  // bwrap's --clearenv/--setenv. (Its --new-session is not needed: the runner starts every
  // sandbox detached, in a session of its own with no terminal.)
  argv.push(plan.env, '-i', ...Object.entries(spec.env).map(([key, value]) => `${key}=${value}`));
  return argv;
}
