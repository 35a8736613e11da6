import { ContestantSchema } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { results, task } from '../../test/judge-fixtures.ts';
import { replayProvider } from '../../test/replay-provider.ts';
import { ProviderError } from '../providers/types.ts';
import { crossExamine, crossExaminePrompt } from './cross-examine.ts';

const contestants = [
  ContestantSchema.parse({ id: 'qwen-7b', provider: 'llama-swap', model: 'qwen2.5-7b', lane: 'local' }),
  ContestantSchema.parse({
    id: 'llama-3b',
    provider: 'ollama',
    model: 'llama3.2',
    lane: 'local',
    label: 'Llama small',
  }),
];

describe('crossExaminePrompt', () => {
  it('shows each task, each answer under its contestant name with its figures, then the question', () => {
    const prompt = crossExaminePrompt({
      battleId: 'b1',
      tasks: [task],
      results,
      contestants,
      question: 'Who was wrong?',
    });
    expect(prompt).toContain('### Task capital\nWhat is the capital of Australia?');
    expect(prompt).toContain(
      '#### llama-swap:qwen2.5-7b — TTFT 90 ms, E2E 800 ms, 12 tokens\nThe capital of Australia is Canberra.',
    );
    expect(prompt).toContain('#### Llama small');
    expect(prompt.endsWith('Question: Who was wrong?')).toBe(true);
  });

  it('hides names when asked to anonymise', () => {
    const prompt = crossExaminePrompt({
      battleId: 'b1',
      tasks: [task],
      results,
      contestants,
      question: 'q',
      anonymise: true,
    });
    expect(prompt).toContain('#### Contestant A');
    expect(prompt).not.toMatch(/qwen|Llama small/);
  });
});

describe('crossExamine', () => {
  it('returns the exchange (prompt and answer) for the battle record', async () => {
    const provider = replayProvider(['llama3.2 said Sydney, which is wrong.']);
    const exchange = await crossExamine({
      battleId: 'b1',
      tasks: [task],
      results,
      contestants,
      examiner: { provider, model: 'examiner' },
      question: 'Who was wrong?',
    });
    expect(exchange).toMatchObject({
      battleId: 'b1',
      examiner: { provider: 'replay', model: 'examiner' },
      question: 'Who was wrong?',
      answer: 'llama3.2 said Sydney, which is wrong.',
      status: 'ok',
      error: null,
    });
    expect(exchange.prompt[1]?.content).toContain('Question: Who was wrong?');
    expect(provider.requests[0]?.messages.at(-1)?.content).toBe(exchange.prompt[1]?.content);
  });

  it('records a failed examiner call as an error exchange instead of throwing', async () => {
    const provider = replayProvider([new ProviderError('http-error', 'HTTP 401')]);
    const exchange = await crossExamine({
      battleId: 'b1',
      tasks: [task],
      results,
      examiner: { provider, model: 'x' },
      question: 'q',
    });
    expect(exchange).toMatchObject({ status: 'error', answer: '' });
    expect(exchange.error).toContain('HTTP 401');
  });
});
