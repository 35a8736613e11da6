import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { results, task } from '../../test/judge-fixtures.ts';
import { ensureTinyModel } from '../gguf/ensure-tiny-model.ts';
import { createEmbeddedProvider } from '../providers/embedded.ts';
import type { Provider } from '../providers/types.ts';
import { judgeTask } from './judge-task.ts';

// The tiny model has random weights: its text is meaningless, so its verdict cannot be valid JSON.
// This proves the real pipeline (digests and two judge calls through llama.cpp) ends in a clean
// judge error rather than a crash.
describe('judgeTask with the embedded tiny model', () => {
  let provider: Provider;
  beforeAll(async () => {
    provider = createEmbeddedProvider({ models: { tiny: await ensureTinyModel() }, gpu: false, threads: 1 });
  });
  afterAll(() => provider?.close?.());

  it('ends as a judge error after one retry, with real digests and null scores', async () => {
    const { verdict, evaluations } = await judgeTask({
      battleId: 'b1',
      task,
      results,
      judge: { provider, model: 'tiny', sampling: { maxTokens: 48, seed: 1 } },
    });
    expect(verdict.status).toBe('error');
    expect(verdict.attempts).toBe(2);
    expect(verdict.winner).toBeNull();
    expect(verdict.error?.message).toMatch(/no JSON object|verdict schema/);
    expect(verdict.digests).toHaveLength(2);
    for (const digest of verdict.digests) {
      expect(digest.error).toBeUndefined();
      expect(digest.text.length).toBeGreaterThan(0);
    }
    expect(evaluations.every((e) => e.evaluation.source === 'judge' && e.evaluation.score === null)).toBe(
      true,
    );
  });
});
