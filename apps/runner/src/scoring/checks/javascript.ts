/**
 * `javascript`: a predicate of `output` and `context` run in the sandbox, never in the runner.
 * It may return a boolean, a score in [0, 1] (passes at ≥ 0.5 unless a threshold says), or
 * `{ pass, score?, reason? }`.
 */
import { predicateSyntaxError, runPredicate } from '../../sandbox/predicate.ts';
import { CheckConfigError, type CheckOutcome, clamp01, defineCheck, verdict } from './types.ts';

export function interpretPredicate(value: unknown): CheckOutcome {
  if (typeof value === 'boolean') return verdict(value, `predicate returned ${value}`);
  if (typeof value === 'number' && Number.isFinite(value)) {
    return verdict(value >= 0.5, `predicate scored ${value}`, clamp01(value));
  }
  if (value && typeof value === 'object' && typeof (value as { pass?: unknown }).pass === 'boolean') {
    const v = value as { pass: boolean; score?: unknown; reason?: unknown };
    const score = typeof v.score === 'number' ? clamp01(v.score) : v.pass ? 1 : 0;
    return verdict(
      v.pass,
      typeof v.reason === 'string' ? v.reason.slice(0, 500) : `predicate: pass ${v.pass}`,
      score,
    );
  }
  return verdict(
    false,
    `predicate returned ${JSON.stringify(value)?.slice(0, 80)}, not a boolean, score or { pass }`,
  );
}

export const javascriptCheck = defineCheck<string>({
  kind: 'sandboxed',
  description: 'a JavaScript predicate of output and context, run in the sandbox',
  prepare: (value) => {
    if (typeof value !== 'string' || value.trim() === '')
      throw new CheckConfigError('value must be the predicate source');
    const error = predicateSyntaxError(value);
    if (error) throw new CheckConfigError(`the predicate does not compile: ${error}`);
    return value;
  },
  run: async (output, ctx, sandbox) => {
    const context = {
      reference: ctx.reference ?? null,
      metrics: ctx.metrics,
      taskId: ctx.task.id,
      vars: ctx.task.vars ?? {},
    };
    const run = await runPredicate(sandbox, { source: ctx.value, output, context });
    if (run.status === 'value') return interpretPredicate(run.value);
    if (run.message.startsWith('sandbox-unavailable')) return { skipped: true, reason: run.message };
    return verdict(false, run.message);
  },
});
