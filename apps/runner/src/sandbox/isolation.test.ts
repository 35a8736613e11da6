import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type IsolationPlan, JOB_DIR, type LaunchSpec, launchArgv } from './isolation.ts';
import { mountLayout, type UnsharePlan } from './launch-spec.ts';
import { DEFAULT_LIMITS, NODE_ADDRESS_SPACE_EXTRA } from './limits.ts';
import { JAIL_SCRIPT } from './unshare-backend.ts';

const plan = (mode: 'root' | 'user'): IsolationPlan => ({
  backend: 'bwrap',
  mode,
  bwrap: '/usr/bin/bwrap',
  prlimit: '/usr/bin/prlimit',
  setpriv: mode === 'root' ? '/usr/bin/setpriv' : null,
  hidden: ['/root', '/home/me'],
});
const unsharePlan = (mode: 'root' | 'user'): UnsharePlan => ({
  backend: 'unshare',
  mode,
  unshare: '/usr/bin/unshare',
  prlimit: '/usr/bin/prlimit',
  setpriv: '/usr/bin/setpriv',
  env: '/usr/bin/env',
  sh: '/bin/sh',
  newRoot: '/tmp/s/.jail-root',
  cgroup: true,
  self: { uid: 1000, gid: 1000 },
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
/** the part of an unshare argv the jail script reads as its layout */
const jailOps = (argv: string[]) =>
  argv.slice(argv.indexOf(JAIL_SCRIPT) + 2, argv.indexOf('--', argv.indexOf(JAIL_SCRIPT)));

describe('mountLayout', () => {
  it('mounts / read-only, hides home folders, and binds back interpreters and the job folder after them', () => {
    const layout = mountLayout(['/root', '/home/me'], {
      ...spec,
      readOnly: [...spec.readOnly, '/tmp/checkout/node_modules/node'],
    });
    expect(layout).toEqual([
      { op: 'ro-bind', src: '/', dst: '/' },
      { op: 'dev', dst: '/dev' },
      { op: 'proc', dst: '/proc' },
      { op: 'tmpfs', dst: '/root' },
      { op: 'tmpfs', dst: '/home/me' },
      { op: 'ro-bind', src: '/home/me/.pyenv/versions/3.11', dst: '/home/me/.pyenv/versions/3.11' },
      { op: 'tmpfs', dst: '/tmp', mode: '1777', bytes: DEFAULT_LIMITS.tmpBytes },
      { op: 'ro-bind', src: '/tmp/checkout/node_modules/node', dst: '/tmp/checkout/node_modules/node' },
      { op: 'bind', src: '/tmp/s/job-1', dst: JOB_DIR },
    ]);
  });
});

describe('launchArgv with bubblewrap', () => {
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

describe('launchArgv with unshare', () => {
  it('sets the same resource limits through prlimit first', () => {
    expect(launchArgv(unsharePlan('root'), spec).slice(0, 8)).toEqual(
      launchArgv(plan('root'), spec).slice(0, 8),
    );
  });

  it('dies with the runner and unshares mounts, pids, network, ipc, uts and cgroups', () => {
    const argv = launchArgv(unsharePlan('root'), spec);
    expect(argv.slice(8, 11)).toEqual(['/usr/bin/setpriv', '--pdeathsig=KILL', '--']);
    const flags = argv.slice(11, argv.indexOf('--', 11));
    expect(flags).toEqual([
      '/usr/bin/unshare',
      '--mount',
      '--pid',
      '--net',
      '--ipc',
      '--uts',
      '--cgroup',
      '--fork',
      '--kill-child',
    ]);
  });

  it('gives the committed jail script the layout as arguments, the job folder path verbatim', () => {
    const dir = "/tmp/s/job $(touch x) 'quoted'";
    const argv = launchArgv(unsharePlan('root'), { ...spec, dir });
    expect(existsSync(JAIL_SCRIPT)).toBe(true);
    expect(argv.slice(argv.indexOf(JAIL_SCRIPT) - 1, argv.indexOf(JAIL_SCRIPT) + 2)).toEqual([
      '/bin/sh',
      JAIL_SCRIPT,
      '/tmp/s/.jail-root',
    ]);
    // biome-ignore format: one mount operation a line
    expect(jailOps(argv)).toEqual([
      'ro-bind', '/', '/', 'dev', '/dev', 'proc', '/proc',
      'tmpfs', '0755', '1048576', '/root', 'tmpfs', '0755', '1048576', '/home/me',
      'ro-bind', '/home/me/.pyenv/versions/3.11', '/home/me/.pyenv/versions/3.11',
      'tmpfs', '1777', String(DEFAULT_LIMITS.tmpBytes), '/tmp',
      'bind', dir, JOB_DIR, 'chdir', JOB_DIR,
    ]);
  });

  it('as root, drops to the slot uid with setpriv, then clears the environment', () => {
    const argv = launchArgv(unsharePlan('root'), spec);
    const tail = argv.slice(argv.indexOf('--', argv.indexOf(JAIL_SCRIPT)) + 1);
    expect(tail.slice(0, 2)).toEqual(['/usr/bin/setpriv', '--reuid=64001']);
    expect(tail).toContain('--no-new-privs');
    expect(tail.slice(-6)).toEqual(['/usr/bin/env', '-i', 'PATH=/usr/bin', ...spec.command]);
  });

  it("as a user, maps root only to build the jail, then runs the code as the user's own uid", () => {
    const argv = launchArgv(unsharePlan('user'), spec);
    expect(argv.slice(11, 14)).toEqual(['/usr/bin/unshare', '--user', '--map-root-user']);
    const tail = argv.slice(argv.indexOf('--', argv.indexOf(JAIL_SCRIPT)) + 1);
    expect(tail.slice(0, 5)).toEqual([
      '/usr/bin/unshare',
      '--user',
      '--map-user=1000',
      '--map-group=1000',
      '--',
    ]);
    expect(tail.some((a) => a.startsWith('--reuid'))).toBe(false);
    expect(argv).toContain(`--nproc=${DEFAULT_LIMITS.processes + 300}`);
  });
});
