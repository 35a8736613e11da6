import type { Contestant, Result } from '@ringside/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSlot } from '../battle/run-slot.ts';
import { ensureTinyModel } from '../gguf/ensure-tiny-model.ts';
import { judgeTask } from '../judge/judge-task.ts';
import { createEmbeddedProvider } from '../providers/embedded.ts';
import type { Provider } from '../providers/types.ts';
import { createSandbox, type Sandbox } from '../sandbox/sandbox.ts';
import { scoreResult } from '../scoring/score-result.ts';
import { withEvaluations, withScore } from '../scoring/with-score.ts';
import { loadSuite } from './load-suite.ts';

// The whole runner-side scoring path on real inference: built-in tasks answered by two embedded
// contestants, scored (hidden tests in the sandbox), then judged by the same tiny model. Its text
// is meaningless, so the honest expectations are: low scores, failed tests, and a judge error.
describe('built-in tasks through the embedded model, the scorer and the judge', () => {
  let provider: Provider;
  let sandbox: Sandbox;
  beforeAll(async () => {
    provider = createEmbeddedProvider({ models: { tiny: await ensureTinyModel() }, gpu: false, threads: 1 });
    sandbox = await createSandbox();
  });
  afterAll(async () => {
    await provider?.close?.();
    await sandbox?.close();
  });

  it('stores check, code and judge evaluations on every result without a crash', async () => {
    const suite = await loadSuite('builtin');
    const tasks = suite.tasks.filter((t) =>
      ['py-fizzbuzz', 'js-flatten', 'summarize-tcp-udp'].includes(t.id),
    );
    const contestants: Contestant[] = [1, 2].map((seed) => ({
      id: `tiny-${seed}`,
      provider: 'embedded',
      model: 'tiny',
      lane: 'local',
      sampling: { maxTokens: 48, seed },
    }));
    for (const task of tasks) {
      const results: Result[] = [];
      for (const contestant of contestants) {
        const raw = await runSlot(
          { resultId: `${task.id}-${contestant.id}`, battleId: 'b-suite', contestant, task, repeat: 0 },
          { provider, model: 'tiny', timeouts: { connectMs: 30_000, firstTokenMs: 30_000, totalMs: 60_000 } },
        );
        expect(raw.status).toBe('ok');
        results.push(withScore(raw, await scoreResult(task, raw, { sandbox })));
      }
      const { verdict, evaluations } = await judgeTask({
        battleId: 'b-suite',
        task,
        results,
        judge: { provider, model: 'tiny', sampling: { maxTokens: 48 } },
      });
      expect(verdict.status).toBe('error');
      const judged = results.map((r) =>
        withEvaluations(
          r,
          evaluations.filter((e) => e.resultId === r.id).map((e) => e.evaluation),
        ),
      );
      for (const r of judged) {
        expect(r.score).not.toBeNull();
        expect(r.passed).toBe(false);
        const sources = new Set(r.evaluations.map((e) => e.source));
        expect(sources.has('check')).toBe(true);
        expect(sources.has('judge')).toBe(true);
        expect(sources.has('code')).toBe(Boolean(task.tests));
        const code = r.evaluations.find((e) => e.source === 'code');
        if (code) expect(code.details?.reason).not.toBe('sandbox-unavailable');
      }
    }
  });
});
