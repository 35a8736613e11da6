/** Resource limits of one sandboxed run, and their defaults. */
export interface SandboxLimits {
  /** wall-clock time before the whole process tree is killed */
  wallMs: number;
  /** address space (RLIMIT_AS) for Python; for Node it is the V8 heap, with address space above it */
  memoryBytes: number;
  /** processes and threads of the sandbox's user (RLIMIT_NPROC); Node alone needs ~12 threads */
  processes: number;
  /** largest file the code may write (RLIMIT_FSIZE) */
  fileBytes: number;
  /** stdout and stderr kept, each; more than this and the run is killed as `output-limit` */
  outputBytes: number;
  /** size of the private /tmp (a tmpfs gone after the run) */
  tmpBytes: number;
  /** open file descriptors (RLIMIT_NOFILE) */
  openFiles: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: SandboxLimits = {
  wallMs: 10_000,
  memoryBytes: 512 * MiB,
  processes: 64,
  fileBytes: 16 * MiB,
  outputBytes: 64 * 1024,
  tmpBytes: 64 * MiB,
  openFiles: 256,
};

/**
 * V8 reserves address space far beyond its heap (Node 22 does not start under ~1 GiB of
 * RLIMIT_AS), so for Node the memory limit is the heap (`--max-old-space-size`) and the
 * address-space limit sits this much above it as a backstop for off-heap buffers.
 */
export const NODE_ADDRESS_SPACE_EXTRA = 1536 * MiB;

export function withDefaults(limits: Partial<SandboxLimits> = {}): SandboxLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}
