import type { ServerTimings } from '@ringside/shared';
import { extractErrorMessage } from './http-error.ts';
import type { OpenAiChunk } from './openai-chunk.ts';
import { ProviderError } from './types.ts';

/**
 * llama-swap's `sendLoadingState`: while it starts a model it writes its own progress into the
 * reasoning stream of the 200 response (`{"choices":[{"delta":{"reasoning_content":"…"}}]}`, no
 * id/object/model), then the upstream's SSE follows. Those chunks are not model output: they must
 * not count for TTFT nor appear in the output. Their text still says how long the load took
 * (`Done! (3.12s)`) and, when the start fails, why.
 */
export interface LoadingStateFilter {
  isInjected(chunk: OpenAiChunk): boolean;
  /** the load time llama-swap reported in its `Done! (N.NNs)` line, if any */
  loadMs(): number | undefined;
  earlyEnd(unterminated: string | null): ProviderError | undefined;
  serverTimings(fromServer: ServerTimings | undefined): ServerTimings | undefined;
}

export function isLoadingStateChunk(chunk: OpenAiChunk): boolean {
  if (chunk.id !== undefined || chunk.object !== undefined || chunk.model !== undefined) return false;
  if (chunk.choices?.length !== 1) return false;
  const choice = chunk.choices[0]!;
  if (choice.finish_reason != null || !choice.delta) return false;
  const keys = Object.keys(choice.delta);
  return (
    keys.length === 1 && keys[0] === 'reasoning_content' && typeof choice.delta.reasoning_content === 'string'
  );
}

export function createLoadingStateFilter(): LoadingStateFilter {
  let upstreamStarted = false;
  let text = '';

  const loadMs = () => {
    const m = /Done! \((\d+(?:\.\d+)?)s\)/.exec(text);
    return m ? Math.round(Number.parseFloat(m[1]!) * 1000) : undefined;
  };

  return {
    isInjected(chunk) {
      // Only before the upstream speaks: a real model's reasoning chunks always carry an id.
      if (upstreamStarted) return false;
      if (isLoadingStateChunk(chunk)) {
        text += chunk.choices![0]!.delta!.reasoning_content;
        return true;
      }
      upstreamStarted = true;
      return false;
    },
    loadMs,
    earlyEnd(unterminated) {
      if (upstreamStarted) return undefined;
      // v218+: the error envelope written raw after the loading messages; ≤v217: an error line in them.
      const reason =
        (unterminated === null ? undefined : extractErrorMessage(unterminated)) ?? loadingFailure(text);
      if (reason === undefined) return undefined;
      return new ProviderError('provider-error', `llama-swap could not start the model: ${reason}`);
    },
    serverTimings(fromServer) {
      const ms = loadMs();
      if (ms === undefined) return fromServer;
      return { ...(fromServer ?? { engine: 'llama-swap' }), loadMs: ms };
    },
  };
}

/** The informative line of a loading stream that ended without the upstream: the error, or the last line. */
function loadingFailure(text: string): string | undefined {
  const lines = text
    .split('\n')
    // progress dots run into the next message on the same line
    .map((l) => l.replace(/^[.\s]+/, '').trim())
    .filter((l) => l !== '' && !/^━*$/.test(l) && !l.startsWith('Done!'));
  return lines.find((l) => /err|unable|fail/i.test(l)) ?? lines.at(-1);
}
