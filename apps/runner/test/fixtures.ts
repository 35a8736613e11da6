import { readFileSync } from 'node:fs';

/** Loads the copied fixtures in `src/providers/__fixtures__/` (see the README there). */
const root = new URL('../src/providers/__fixtures__/', import.meta.url);

export function providerFixture(name: string): Buffer {
  return readFileSync(new URL(`providers/${name}`, root));
}

export function providerFixtureText(name: string): string {
  return providerFixture(name).toString('utf8');
}

/** One recorded llama-server exchange: every body read with its arrival time since the request. */
export interface LlamaRecording {
  case: string;
  request: { method: string; path: string; body?: unknown };
  status: number;
  headers: Record<string, string>;
  headers_ms: number;
  total_ms: number;
  chunks: { t_ms: number; n_bytes: number; bytes_utf8: string; bytes_b64?: string }[];
  body_json?: unknown;
}

export function llamaRecording(name: string): LlamaRecording {
  return JSON.parse(readFileSync(new URL(`llama-server/${name}.json`, root), 'utf8')) as LlamaRecording;
}

export function chunkBytes(chunk: LlamaRecording['chunks'][number]): Uint8Array {
  return chunk.bytes_b64 ? Buffer.from(chunk.bytes_b64, 'base64') : Buffer.from(chunk.bytes_utf8, 'utf8');
}

/** The SSE `data:` payloads of a recording, each with the arrival time of the read that carried it. */
export function recordedEvents(rec: LlamaRecording): { data: string; t_ms: number }[] {
  const out: { data: string; t_ms: number }[] = [];
  for (const chunk of rec.chunks) {
    for (const block of chunk.bytes_utf8.split('\n\n')) {
      if (block.startsWith('data: ')) out.push({ data: block.slice('data: '.length), t_ms: chunk.t_ms });
    }
  }
  return out;
}
