import { MAX_RESULTS_PER_POST } from '@ringside/shared';

/**
 * Splits results into request-sized chunks: at most `maxResults` each (the API takes 1,000 per
 * POST) and, so that long outputs do not hit the body limit (413), about `maxBytes` of JSON. A single
 * result larger than maxBytes goes alone.
 */
export interface ChunkLimits {
  maxResults: number;
  maxBytes: number;
}

export const DEFAULT_CHUNK_LIMITS: ChunkLimits = {
  maxResults: MAX_RESULTS_PER_POST,
  maxBytes: 16 * 1024 * 1024,
};

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

export function chunkResults<T>(
  results: readonly T[],
  limits: ChunkLimits = DEFAULT_CHUNK_LIMITS,
  size: (result: T) => number = jsonBytes,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const result of results) {
    const n = size(result);
    if (current.length > 0 && (current.length >= limits.maxResults || bytes + n > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(result);
    bytes += n;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
