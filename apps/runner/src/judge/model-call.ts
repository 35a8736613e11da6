/**
 * One chat call to any provider of the runner (the judge, a digest, a cross-examination), made
 * through `runSlot` so it gets the same timeouts, retries and metrics as a contestant. Never throws
 * for a model failure: the error comes back as text.
 */
import type { Sampling, Task } from '@ringside/shared';
import { runSlot } from '../battle/run-slot.ts';
import type { ChatMessage, Provider, Timeouts } from '../providers/types.ts';

/** A model that judges or examines: any provider of the runner and one of its models. */
export interface ModelRef {
  provider: Provider;
  model: string;
  sampling?: Sampling;
  timeouts?: Timeouts;
}

export interface ModelReply {
  text: string;
  error: string | null;
  e2eMs: number | null;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 30_000, firstTokenMs: 120_000, totalMs: 300_000 };

/**
 * Calls the model with a system prompt and a conversation. runSlot builds the messages from a
 * task (system + prompt), so earlier turns of a retry are folded into the prompt as a transcript.
 */
export async function callModel(
  ref: ModelRef,
  system: string,
  turns: ChatMessage[],
  opts: { battleId: string; purpose: string; signal?: AbortSignal; defaults?: Sampling },
): Promise<ModelReply> {
  const last = turns.at(-1);
  const earlier = turns.slice(0, -1);
  const prompt =
    earlier.length === 0
      ? (last?.content ?? '')
      : [...earlier.map((t) => `[${t.role}]\n${t.content}`), `[user]\n${last?.content ?? ''}`].join('\n\n');
  const task: Task = {
    id: opts.purpose,
    category: 'other',
    prompt: prompt.slice(0, 200_000),
    system: system.slice(0, 32_000),
    assertions: [],
  };
  const result = await runSlot(
    {
      resultId: `${opts.purpose}-${Date.now()}`,
      battleId: opts.battleId,
      contestant: {
        id: opts.purpose,
        provider: ref.provider.id,
        model: ref.model,
        lane: ref.provider.lane,
        sampling: { ...opts.defaults, ...ref.sampling },
      },
      task,
      repeat: 0,
    },
    {
      provider: ref.provider,
      model: ref.model,
      timeouts: ref.timeouts ?? DEFAULT_TIMEOUTS,
      ...(opts.signal ? { signal: opts.signal } : {}),
    },
  );
  return {
    text: result.output.text,
    error: result.error ? `${result.error.kind}: ${result.error.message}` : null,
    e2eMs: result.metrics.e2eMs,
  };
}
