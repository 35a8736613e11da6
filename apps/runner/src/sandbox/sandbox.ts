/**
 * The sandbox (PRODUCT F9): runs files in a fresh folder in a jail (bubblewrap, or util-linux's
 * unshare where bubblewrap is missing) with resource limits, at most `concurrency` at a time.
 * When no isolation works here it refuses: `execute` answers `unavailable` and nothing runs —
 * model code is never run unsandboxed.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findNode, findPython, type Interpreter } from './interpreters.ts';
import {
  type Backend,
  countProcessesOf,
  type IsolationPlan,
  JOB_DIR,
  launchArgv,
  probeIsolation,
} from './isolation.ts';
import { type SandboxLimits, withDefaults } from './limits.ts';
import { spawnCapped } from './spawn-capped.ts';

export type Runtime = 'python' | 'node';

export interface SandboxJob {
  runtime: Runtime;
  /** files written into the job folder (relative names) */
  files: Record<string, string>;
  /** arguments after the interpreter, e.g. `['harness.py']` */
  args: string[];
  limits?: Partial<SandboxLimits>;
}

/** A parsed line of the harness's report channel (fd 3), checked by the caller. */
export type HarnessEvent = Record<string, unknown>;

export interface ProcessRun {
  status: 'ran';
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** lines of fd 3 that carried this run's nonce, parsed */
  events: HarnessEvent[];
  timedOut: boolean;
  outputLimited: boolean;
  durationMs: number;
  limits: SandboxLimits;
}

export interface Unavailable {
  status: 'unavailable';
  reason: string;
}

export interface Sandbox {
  readonly available: boolean;
  /** why not, when unavailable */
  readonly unavailableReason: string | null;
  /** the jail in use, null when unavailable */
  readonly backend: Backend | null;
  /** one line on the isolation in use (its backend first), for logs and evaluation details */
  readonly description: string;
  /** root mode: the uids the code runs as (one per concurrent run); empty otherwise */
  readonly uids: readonly number[];
  execute(job: SandboxJob): Promise<ProcessRun | Unavailable>;
  /** removes the sandbox's temporary folder */
  close(): Promise<void>;
}

export interface SandboxOptions {
  limits?: Partial<SandboxLimits>;
  /** runs at once (default: logical CPUs) */
  concurrency?: number;
  /**
   * root mode: first uid of the pool the code runs as, one uid per concurrent run. The default is
   * a random block of unused high uids, so two sandboxes (two runners, two test files) never share
   * a uid and so never share a process limit.
   */
  uidBase?: number;
  python?: string;
  nodePath?: string;
  /** where job folders are made (default: the OS temp folder) */
  tmpRoot?: string;
  /** only this jail (tests of each backend); default: bubblewrap when it works here, else unshare */
  backend?: Backend;
}

const ENV_PATH = '/usr/local/bin:/usr/bin:/bin';
// far above any uid a distribution hands out (those stay under 2^31 and usually under 60000)
const UID_POOL_START = 3_000_000_000;
const UID_BLOCK = 256;
const UID_POOL_BLOCKS = 1_000_000;

export async function createSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const root = await mkdtemp(join(opts.tmpRoot ?? tmpdir(), 'ringside-sandbox-'));
  await chmod(root, 0o755);
  // High uids first; a container that maps only 0–65535 (rootless podman) gets a block below that.
  const candidates = opts.uidBase
    ? [opts.uidBase]
    : [UID_POOL_START + randomInt(UID_POOL_BLOCKS) * UID_BLOCK, 57_000 + randomInt(32) * UID_BLOCK];
  let uidBase = candidates[0]!;
  const backend = opts.backend;
  let probe = probeIsolation({ uid: uidBase, dir: root, backend });
  for (const candidate of candidates.slice(1)) {
    if (probe.ok) break;
    uidBase = candidate;
    probe = probeIsolation({ uid: uidBase, dir: root, backend });
  }
  if (!probe.ok) {
    await rm(root, { recursive: true, force: true });
    return unavailableSandbox(probe.reason);
  }
  const python = findPython(opts.python);
  const node = findNode(opts.nodePath);
  return new JailSandbox(probe.plan, root, {
    python,
    node,
    limits: withDefaults(opts.limits),
    concurrency: Math.min(UID_BLOCK, Math.max(1, opts.concurrency ?? availableParallelism())),
    uidBase,
  });
}

export function unavailableSandbox(reason: string): Sandbox {
  return {
    available: false,
    unavailableReason: reason,
    backend: null,
    description: `unavailable: ${reason}`,
    uids: [],
    execute: async () => ({ status: 'unavailable', reason }),
    close: async () => {},
  };
}

interface Settings {
  python: Interpreter | null;
  node: Interpreter;
  limits: SandboxLimits;
  concurrency: number;
  uidBase: number;
}

class JailSandbox implements Sandbox {
  readonly available = true;
  readonly unavailableReason = null;
  readonly backend: Backend;
  readonly description: string;
  readonly uids: readonly number[];
  private readonly freeSlots: number[];
  private readonly waiting: ((slot: number) => void)[] = [];

  private readonly plan: IsolationPlan;
  private readonly root: string;
  private readonly settings: Settings;

  constructor(plan: IsolationPlan, root: string, settings: Settings) {
    this.plan = plan;
    this.root = root;
    this.settings = settings;
    this.freeSlots = Array.from({ length: settings.concurrency }, (_, i) => i);
    this.uids = plan.mode === 'root' ? this.freeSlots.map((slot) => settings.uidBase + slot) : [];
    this.backend = plan.backend;
    this.description =
      plan.mode === 'root'
        ? `${plan.backend} (no network, read-only root, private /tmp) + prlimit, code as uid ${settings.uidBase}+slot (setpriv)`
        : `${plan.backend} in a user namespace (no network, read-only root, private /tmp) + prlimit`;
  }

  async execute(job: SandboxJob): Promise<ProcessRun | Unavailable> {
    const interpreter = job.runtime === 'python' ? this.settings.python : this.settings.node;
    if (!interpreter) return { status: 'unavailable', reason: `no ${job.runtime} interpreter found` };
    const slot = await this.acquire();
    try {
      return await this.run(job, interpreter, slot);
    } finally {
      this.release(slot);
    }
  }

  private async run(job: SandboxJob, interpreter: Interpreter, slot: number): Promise<ProcessRun> {
    const limits = { ...this.settings.limits, ...job.limits };
    const dir = await mkdtemp(join(this.root, 'job-'));
    const uid = this.settings.uidBase + slot;
    try {
      for (const [name, text] of Object.entries(job.files)) {
        const path = join(dir, name);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, text);
      }
      await chmod(dir, 0o755);
      if (this.plan.mode === 'root') await chownTree(dir, Object.keys(job.files), uid);
      const nonce = randomBytes(12).toString('hex');
      const command =
        job.runtime === 'python'
          ? [interpreter.path, '-I', '-B', ...job.args]
          : [
              interpreter.path,
              `--max-old-space-size=${Math.max(16, Math.floor(limits.memoryBytes / 1024 / 1024))}`,
              ...job.args,
            ];
      const argv = launchArgv(this.plan, {
        dir,
        command,
        readOnly: [interpreter.prefix],
        limits,
        runtime: job.runtime,
        env: {
          PATH: ENV_PATH,
          HOME: JOB_DIR,
          TMPDIR: '/tmp',
          LANG: 'C.UTF-8',
          PYTHONHASHSEED: '0',
          PYTHONIOENCODING: 'utf-8',
          RINGSIDE_NONCE: nonce,
        },
        uid,
        existingProcesses: this.plan.mode === 'user' ? countProcessesOf(process.getuid?.() ?? -1) : undefined,
      });
      const outcome = await spawnCapped(argv, {
        wallMs: limits.wallMs,
        outputBytes: limits.outputBytes,
        env: { PATH: ENV_PATH },
      });
      return {
        status: 'ran',
        exitCode: outcome.exitCode,
        signal: outcome.signal,
        stdout: outcome.stdout,
        stderr: outcome.spawnError ? `${outcome.stderr}\n${outcome.spawnError}` : outcome.stderr,
        stdoutTruncated: outcome.stdoutBytes > outcome.stdout.length,
        stderrTruncated: outcome.stderrBytes > outcome.stderr.length,
        events: parseEvents(outcome.channel, nonce),
        timedOut: outcome.timedOut,
        outputLimited: outcome.outputLimited,
        durationMs: outcome.durationMs,
        limits,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }

  private acquire(): Promise<number> {
    const slot = this.freeSlots.pop();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: number): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.freeSlots.push(slot);
  }
}

async function chownTree(dir: string, files: string[], uid: number): Promise<void> {
  await chown(dir, uid, uid);
  const folders = new Set<string>();
  for (const name of files) {
    await chown(join(dir, name), uid, uid);
    for (let d = dirname(name); d !== '.' && d !== '/'; d = dirname(d)) folders.add(d);
  }
  for (const folder of folders) await chown(join(dir, folder), uid, uid);
}

/** Lines `<nonce> <json>` of the report channel; anything else (the code writing to fd 3) is ignored. */
export function parseEvents(channel: string, nonce: string): HarnessEvent[] {
  const events: HarnessEvent[] = [];
  for (const line of channel.split('\n')) {
    if (!line.startsWith(`${nonce} `)) continue;
    try {
      const value: unknown = JSON.parse(line.slice(nonce.length + 1));
      if (value && typeof value === 'object' && !Array.isArray(value)) events.push(value as HarnessEvent);
    } catch {
      // a torn last line (killed mid-write) carries nothing usable
    }
  }
  return events;
}
