import { JudgeOutcomeSchema } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { results, task } from '../../test/judge-fixtures.ts';
import { replayProvider } from '../../test/replay-provider.ts';
import { ProviderError } from '../providers/types.ts';
import { anonymise, seedFrom } from './anonymise.ts';
import { judgeTask } from './judge-task.ts';

const seed = 11;
const shown = anonymise(results, seed);
const labelOf = (contestantId: string) => shown.find((s) => s.item.contestantId === contestantId)!.label;
const good = (winner: string) =>
  JSON.stringify({
    winner,
    reasons: 'Canberra is the capital; Sydney is not.',
    scores: {
      [labelOf('qwen-7b')]: { correctness: 95, efficiency: 90, clarity: 85 },
      [labelOf('llama-3b')]: { correctness: 5, efficiency: 80, clarity: 70 },
    },
  });
const userText = (p: ReturnType<typeof replayProvider>, i: number) =>
  p.requests[i]!.messages.find((m) => m.role === 'user')!.content;

describe('judgeTask with recorded replies', () => {
  it('digests each answer, then names the winner by contestant with rubric scores as judge evaluations', async () => {
    const provider = replayProvider([
      'digest one',
      'digest two',
      `\`\`\`json\n${good(labelOf('qwen-7b'))}\n\`\`\``,
    ]);
    const { verdict, evaluations } = await judgeTask({
      battleId: 'b1',
      task,
      results,
      judge: { provider, model: 'gpt-judge' },
      seed,
    });
    expect(provider.requests).toHaveLength(3);
    expect(verdict).toMatchObject({
      status: 'ok',
      winner: 'qwen-7b',
      tie: false,
      seed,
      attempts: 1,
      judge: { provider: 'replay', model: 'gpt-judge' },
      digests: [
        { label: 'A', text: 'digest one' },
        { label: 'B', text: 'digest two' },
      ],
      error: null,
    });
    expect(verdict.order.map((o) => o.label)).toEqual(['A', 'B']);
    const qwen = evaluations.find((e) => e.contestantId === 'qwen-7b')!.evaluation;
    expect(qwen).toMatchObject({
      source: 'judge',
      evaluator: 'judge:replay:gpt-judge',
      raw: 90,
      maxScore: 100,
      details: { status: 'ok', winner: 'qwen-7b', tie: false, isWinner: true, correctness: 95 },
    });
    expect(qwen.score).toBeCloseTo(0.9);
    // every evaluation carries the verdict the worker's ratings read (winner id, tie, order)
    for (const { evaluation } of evaluations) {
      expect(JudgeOutcomeSchema.parse(evaluation.details)).toMatchObject({
        winner: 'qwen-7b',
        order: verdict.order,
      });
    }
  });

  it('shows the judge anonymous labels in the recorded order, with the reference and the digests', async () => {
    const provider = replayProvider(['first digest', 'second digest', good('tie')]);
    const { verdict } = await judgeTask({
      battleId: 'b1',
      task,
      results,
      judge: { provider, model: 'j' },
      seed,
    });
    const prompt = userText(provider, 2);
    expect(prompt).toContain('Reference answer:\nCanberra.');
    expect(prompt).toContain('### Answer A\nDigest: first digest');
    expect(prompt).not.toMatch(/qwen|llama/);
    // the digest of A was made from the answer of the contestant recorded as A
    const a = verdict.order.find((o) => o.label === 'A')!;
    const answerA = results.find((r) => r.contestantId === a.contestantId)!.output.text;
    expect(userText(provider, 0)).toContain(answerA);
    expect(verdict).toMatchObject({ status: 'ok', winner: null, tie: true });
  });

  it('derives the order seed from battle and task when none is given, and records it', async () => {
    const provider = replayProvider(['d', 'd', good('tie')]);
    const { verdict } = await judgeTask({ battleId: 'b1', task, results, judge: { provider, model: 'j' } });
    expect(verdict.seed).toBe(seedFrom('b1:capital'));
  });

  it('retries a malformed reply once, telling the judge what was wrong', async () => {
    const provider = replayProvider(['d1', 'd2', 'I think A wins.', good(labelOf('llama-3b'))]);
    const { verdict } = await judgeTask({
      battleId: 'b1',
      task,
      results,
      judge: { provider, model: 'j' },
      seed,
    });
    expect(verdict).toMatchObject({ status: 'ok', attempts: 2, winner: 'llama-3b' });
    expect(userText(provider, 3)).toContain('I think A wins.');
    expect(userText(provider, 3)).toContain('Your reply could not be used (no JSON object in the reply)');
  });

  it('records a judge error after a second malformed reply: no winner, null scores, no crash', async () => {
    const bad = JSON.stringify({
      winner: 'A',
      reasons: 'r',
      scores: { A: { correctness: 1, efficiency: 1, clarity: 1 } },
    });
    const provider = replayProvider(['d1', 'd2', 'not json', bad]);
    const { verdict, evaluations } = await judgeTask({
      battleId: 'b1',
      task,
      results,
      judge: { provider, model: 'j' },
      seed,
    });
    expect(provider.requests).toHaveLength(4);
    expect(verdict).toMatchObject({ status: 'error', winner: null, attempts: 2, scores: [] });
    expect(verdict.error?.message).toMatch(/scores missing for B/);
    expect(verdict.error?.reply).toBe(bad);
    expect(evaluations.map((e) => e.evaluation)).toMatchObject([
      { source: 'judge', score: null, details: { status: 'error', winner: null, error: 'judge-error' } },
      { source: 'judge', score: null, details: { status: 'error', winner: null, error: 'judge-error' } },
    ]);
  });

  it('falls back to the answer itself when a digest call fails, and skips failed contestants', async () => {
    const failed = {
      ...results[1]!,
      status: 'error' as const,
      output: { text: '' },
      error: { kind: 'http-error' as const, message: '500', retryable: false },
    };
    const provider = replayProvider([new ProviderError('http-error', 'HTTP 400 bad request'), good('tie')]);
    const { verdict } = await judgeTask({
      battleId: 'b1',
      task,
      results: [results[0]!, failed],
      judge: { provider, model: 'j' },
      seed,
    });
    const qwenLabel = verdict.order.find((o) => o.contestantId === 'qwen-7b')!.label;
    const failedLabel = verdict.order.find((o) => o.contestantId === 'llama-3b')!.label;
    expect(verdict.digests.find((d) => d.label === qwenLabel)).toMatchObject({
      text: results[0]!.output.text,
      error: expect.stringMatching(/http-error/),
    });
    expect(verdict.digests.find((d) => d.label === failedLabel)).toEqual({
      label: failedLabel,
      text: '(no answer)',
    });
    expect(userText(provider, 1)).toContain('Automatic checks: the model call failed (http-error)');
  });
});
