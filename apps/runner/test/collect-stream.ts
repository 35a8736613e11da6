import type { ServerTimings, TokenCountSource } from '@ringside/shared';
import { ProviderError, type StreamPart } from '../src/providers/types.ts';

/**
 * Consumes a provider stream the way the runner does (parts as they come) and keeps everything a
 * test asserts on. A ProviderError is caught and kept next to the partial output.
 */
export interface Collected {
  parts: StreamPart[];
  text: string;
  reasoning: string;
  textDeltas: { text: string; at: number }[];
  reasoningDeltas: { text: string; at: number }[];
  usage: Extract<StreamPart, { type: 'usage' }> | undefined;
  timings: ServerTimings | undefined;
  finish: string | undefined;
  error: ProviderError | undefined;
  /** output tokens and where the count came from (PRODUCT §5: usage, else the server, else chunks) */
  outputTokens: number;
  outputTokensSource: TokenCountSource;
}

export async function collect(stream: AsyncIterable<StreamPart>): Promise<Collected> {
  const c: Collected = {
    parts: [],
    text: '',
    reasoning: '',
    textDeltas: [],
    reasoningDeltas: [],
    usage: undefined,
    timings: undefined,
    finish: undefined,
    error: undefined,
    outputTokens: 0,
    outputTokensSource: 'chunks',
  };
  try {
    for await (const part of stream) {
      c.parts.push(part);
      if (part.type === 'text-delta') {
        c.text += part.text;
        c.textDeltas.push({ text: part.text, at: part.at });
      } else if (part.type === 'reasoning-delta') {
        c.reasoning += part.text;
        c.reasoningDeltas.push({ text: part.text, at: part.at });
      } else if (part.type === 'usage') c.usage = part;
      else if (part.type === 'server-timings') c.timings = part.timings;
      else c.finish = part.reason;
    }
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    c.error = err;
  }
  if (c.usage?.outputTokens !== undefined) {
    c.outputTokens = c.usage.outputTokens;
    c.outputTokensSource = 'usage';
  } else if (c.timings?.predictedTokens !== undefined) {
    c.outputTokens = c.timings.predictedTokens;
    c.outputTokensSource = 'server';
  } else c.outputTokens = c.textDeltas.length + c.reasoningDeltas.length;
  return c;
}

export const relaxedTimeouts = { connectMs: 5_000, firstTokenMs: 5_000, totalMs: 10_000 };
