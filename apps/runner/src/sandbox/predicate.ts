/**
 * The `javascript` check's predicate (PRODUCT F8), run in the sandbox, never in the runner: the
 * predicate is a function body (with `return`) or one expression, of `output` and `context`.
 */
import { Script } from 'node:vm';
import { PREDICATE_HARNESS } from './harness-node.ts';
import type { SandboxLimits } from './limits.ts';
import type { Sandbox } from './sandbox.ts';

/** A predicate as a function body: an expression becomes `return (expression);`. */
export function predicateBody(source: string): string {
  return /\breturn\b/.test(source) ? source : `return (${source.trim().replace(/;+\s*$/, '')});`;
}

/**
 * Compiles (never runs) the predicate to catch syntax errors at suite load; returns the error
 * message or null. `vm.Script` only parses here: nothing of the predicate executes in the runner.
 */
export function predicateSyntaxError(source: string): string | null {
  try {
    new Script(`(async function (output, context) {\n${predicateBody(source)}\n})`);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export type PredicateRun =
  | { status: 'value'; value: unknown; durationMs: number }
  | { status: 'error'; message: string; durationMs: number | null };

export async function runPredicate(
  sandbox: Sandbox,
  input: { source: string; output: string; context: unknown; limits?: Partial<SandboxLimits> },
): Promise<PredicateRun> {
  const run = await sandbox.execute({
    runtime: 'node',
    files: {
      'predicate.mjs': PREDICATE_HARNESS,
      'predicate.js': predicateBody(input.source),
      'input.json': JSON.stringify({ output: input.output, context: input.context }),
    },
    args: ['predicate.mjs'],
    limits: { wallMs: 5_000, ...input.limits },
  });
  if (run.status === 'unavailable') {
    return { status: 'error', message: `sandbox-unavailable: ${run.reason}`, durationMs: null };
  }
  const durationMs = Math.round(run.durationMs);
  const event = run.events.find((e) => e.type === 'predicate' || e.type === 'predicate-error');
  if (event?.type === 'predicate') return { status: 'value', value: event.value, durationMs };
  if (event?.type === 'predicate-error') {
    return { status: 'error', message: `the predicate threw: ${String(event.message)}`, durationMs };
  }
  const why = run.timedOut
    ? `timed out after ${run.limits.wallMs} ms`
    : run.outputLimited
      ? 'wrote too much output'
      : `ended without an answer (exit ${run.exitCode ?? run.signal}): ${run.stderr.trim().slice(-300)}`;
  return { status: 'error', message: `the predicate ${why}`, durationMs };
}
