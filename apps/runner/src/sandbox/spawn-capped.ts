/**
 * Runs one argv with stdout/stderr capped, a third pipe (fd 3) for the harness's reports, and a
 * wall-time limit that kills the whole process group. Never throws for what the child does.
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface CappedOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** bytes written to each stream, kept or not */
  stdoutBytes: number;
  stderrBytes: number;
  /** text of fd 3 (capped at `channelBytes`) */
  channel: string;
  timedOut: boolean;
  /** killed because stdout or stderr passed the cap */
  outputLimited: boolean;
  durationMs: number;
  /** the child could not be started at all */
  spawnError: string | null;
}

export interface CappedOptions {
  cwd?: string;
  wallMs: number;
  outputBytes: number;
  channelBytes?: number;
  env?: NodeJS.ProcessEnv;
}

class Capture {
  private readonly parts: Buffer[] = [];
  kept = 0;
  total = 0;
  private readonly cap: number;
  constructor(cap: number) {
    this.cap = cap;
  }
  push(chunk: Buffer): boolean {
    this.total += chunk.length;
    if (this.kept < this.cap) {
      const part = chunk.subarray(0, this.cap - this.kept);
      this.parts.push(part);
      this.kept += part.length;
    }
    return this.total > this.cap;
  }
  text(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}

export function spawnCapped(argv: readonly string[], opts: CappedOptions): Promise<CappedOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const out = new Capture(opts.outputBytes);
    const err = new Capture(opts.outputBytes);
    const channel = new Capture(opts.channelBytes ?? 1024 * 1024);
    let timedOut = false;
    let outputLimited = false;
    let settled = false;
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: opts.cwd,
      env: opts.env ?? {},
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      // its own process group, so a kill reaches prlimit/bwrap and everything below
      detached: true,
    });
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.wallMs);
    const watch = (stream: Readable | null, capture: Capture, limited: boolean) => {
      stream?.on('data', (chunk: Buffer) => {
        if (capture.push(chunk) && limited && !outputLimited) {
          outputLimited = true;
          kill();
        }
      });
    };
    watch(child.stdout, out, true);
    watch(child.stderr, err, true);
    watch(child.stdio[3] as Readable | null, channel, false);
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        stdout: out.text(),
        stderr: err.text(),
        stdoutBytes: out.total,
        stderrBytes: err.total,
        channel: channel.text(),
        timedOut,
        outputLimited,
        durationMs: performance.now() - started,
        spawnError,
      });
    };
    child.on('error', (e) => {
      clearTimeout(timer);
      finish(null, null, e.message);
    });
    // 'close' waits for every pipe to close: the whole tree is gone, not only the first child
    child.on('close', (code, signal) => finish(code, signal, null));
  });
}
