/** The bubblewrap backend: the layout as bwrap options (bwrap builds it and pivots into it itself). */
import { type BwrapPlan, JOB_DIR, type LaunchSpec, type MountOp, setprivDrop } from './launch-spec.ts';

function layoutArgs(op: MountOp): string[] {
  switch (op.op) {
    case 'ro-bind':
    case 'bind':
      return [`--${op.op}`, op.src, op.dst];
    case 'dev':
    case 'proc':
      return [`--${op.op}`, op.dst];
    case 'tmpfs':
      return [
        ...(op.mode ? ['--perms', op.mode] : []),
        ...(op.bytes ? ['--size', String(op.bytes)] : []),
        '--tmpfs',
        op.dst,
      ];
  }
}

/** `bwrap …` up to the interpreter: jail, namespaces, environment, then (root mode) the drop to the slot uid. */
export function bwrapArgv(plan: BwrapPlan, spec: LaunchSpec, layout: readonly MountOp[]): string[] {
  const argv = [plan.bwrap, ...layout.flatMap(layoutArgs), '--chdir', JOB_DIR];
  argv.push('--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try');
  if (plan.mode === 'user') argv.push('--unshare-user');
  argv.push('--die-with-parent', '--new-session', '--clearenv');
  // root mode keeps CAP_SETUID for setpriv, which drops every capability with the uid change
  if (plan.mode === 'user') argv.push('--cap-drop', 'ALL');
  for (const [key, value] of Object.entries(spec.env)) argv.push('--setenv', key, value);
  argv.push('--');
  if (plan.mode === 'root') argv.push(...setprivDrop(plan.setpriv ?? 'setpriv', spec.uid));
  return argv;
}
