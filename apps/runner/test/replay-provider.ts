/**
 * Test double for a cloud judge: replays canned replies as StreamParts, in order, and keeps the
 * requests it was sent. A reply that is a ProviderError is thrown before any part.
 */
import type { Provider, StreamPart, StreamRequest } from '../src/providers/types.ts';
import { ProviderError } from '../src/providers/types.ts';

export interface ReplayProvider extends Provider {
  requests: StreamRequest[];
}

export function replayProvider(replies: (string | ProviderError)[]): ReplayProvider {
  const queue = [...replies];
  const requests: StreamRequest[] = [];
  return {
    id: 'replay',
    lane: 'cloud',
    requests,
    doStream(request: StreamRequest): AsyncIterable<StreamPart> {
      requests.push(request);
      const reply = queue.shift();
      return (async function* () {
        if (reply === undefined) throw new ProviderError('provider-error', 'replay: no reply left');
        if (reply instanceof ProviderError) throw reply;
        // a few chunks, like a real stream
        for (let i = 0; i < reply.length; i += 16) {
          yield { type: 'text-delta', text: reply.slice(i, i + 16), at: performance.now() } as const;
        }
        yield { type: 'usage', outputTokens: Math.ceil(reply.length / 4) } as const;
        yield { type: 'finish', reason: 'stop' } as const;
      })();
    },
  };
}
