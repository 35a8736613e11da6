import { describe, expect, it } from 'vitest';
import { type IsolationPlan, JOB_DIR, type LaunchSpec, launchArgv } from './isolation.ts';
import { DEFAULT_LIMITS, NODE_ADDRESS_SPACE_EXTRA } from './limits.ts';

const plan = (mode: 'root' | 'user'): IsolationPlan => ({
  mode,
  bwrap: '/usr/bin/bwrap',
  prlimit: '/usr/bin/prlimit',
  setpriv: mode === 'root' ? '/usr/bin/setpriv' : null,
  hidden: ['/root', '/home/me'],
});
const spec: LaunchSpec = {
  dir: '/tmp/s/job-1',
  command: ['/home/me/.pyenv/versions/3.11/bin/python3', '-I', 'harness.py'],
  readOnly: ['/home/me/.pyenv/versions/3.11', '/usr'],
  limits: DEFAULT_LIMITS,
  runtime: 'python',
  env: { PATH: '/usr/bin' },
  uid: 64_001,
  existingProcesses: 300,
};
const pairs = (argv: string[], flag: string) =>
  argv.flatMap((a, i) => (a === flag ? [argv.slice(i + 1, i + 3).join(' ')] : []));

describe('launchArgv', () => {
  it('binds an interpreter installed under /tmp back over the private /tmp, read-only', () => {
    const argv = launchArgv(plan('root'), { ...spec, readOnly: ['/tmp/checkout/node_modules/node', '/usr'] });
    const tmpfsAt = argv.indexOf('/tmp', argv.indexOf('--tmpfs'));
    const bind = argv.findIndex(
      (a, i) => a === '--ro-bind' && argv[i + 1] === '/tmp/checkout/node_modules/node',
    );
    expect(bind).toBeGreaterThan(tmpfsAt);
    expect(argv[bind + 2]).toBe('/tmp/checkout/node_modules/node');
    expect(pairs(argv, '--ro-bind')).not.toContain('/usr /usr');
  });

  it('sets every resource limit through prlimit before the jail starts', () => {
    const argv = launchArgv(plan('root'), spec);
    expect(argv.slice(0, 8)).toEqual([
      '/usr/bin/prlimit',
      `--as=${DEFAULT_LIMITS.memoryBytes}`,
      `--nproc=${DEFAULT_LIMITS.processes}`,
      `--fsize=${DEFAULT_LIMITS.fileBytes}`,
      '--cpu=11',
      `--nofile=${DEFAULT_LIMITS.openFiles}`,
      '--core=0',
      '--',
    ]);
  });

  it('gives Node address space above its heap, since V8 reserves far more than it uses', () => {
    const argv = launchArgv(plan('root'), { ...spec, runtime: 'node' });
    expect(argv).toContain(`--as=${DEFAULT_LIMITS.memoryBytes + NODE_ADDRESS_SPACE_EXTRA}`);
  });

  it('unshares the network and pids, mounts / read-only and binds only the job folder writable', () => {
    const argv = launchArgv(plan('root'), spec);
    for (const flag of ['--unshare-net', '--unshare-pid', '--die-with-parent', '--new-session', '--clearenv'])
      expect(argv).toContain(flag);
    expect(pairs(argv, '--ro-bind')[0]).toBe('/ /');
    expect(pairs(argv, '--bind')).toEqual([`/tmp/s/job-1 ${JOB_DIR}`]);
  });

  it('hides home folders and binds back only an interpreter installed inside one', () => {
    const argv = launchArgv(plan('root'), spec);
    expect(argv.filter((_, i) => argv[i - 1] === '--tmpfs')).toEqual(['/root', '/home/me', '/tmp']);
    expect(pairs(argv, '--ro-bind')).toEqual([
      '/ /',
      '/home/me/.pyenv/versions/3.11 /home/me/.pyenv/versions/3.11',
    ]);
  });

  it('as root, drops to the slot uid with setpriv (uid 0 is exempt from RLIMIT_NPROC)', () => {
    const argv = launchArgv(plan('root'), spec);
    const at = argv.indexOf('/usr/bin/setpriv');
    expect(argv.slice(at, at + 8)).toContain('--reuid=64001');
    expect(argv).not.toContain('--unshare-user');
    expect(argv.slice(-3)).toEqual(spec.command);
  });

  it("as a user, runs in a user namespace with no capabilities, counting the user's processes", () => {
    const argv = launchArgv(plan('user'), spec);
    expect(argv).toContain('--unshare-user');
    expect(argv.join(' ')).toContain('--cap-drop ALL');
    expect(argv).toContain(`--nproc=${DEFAULT_LIMITS.processes + 300}`);
    expect(argv.some((a) => a.includes('setpriv'))).toBe(false);
  });
});
