import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintFromLlamaProps, fingerprintFromOllamaTag } from './server-fingerprint.ts';

const fixture = (p: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, '__fixtures__', p), 'utf8'));

describe('server fingerprints', () => {
  it('reads file, context and build from a recorded llama-server /props', () => {
    expect(fingerprintFromLlamaProps(fixture('llama-server/props.json').body_json)).toEqual({
      file: 'tiny-llama.gguf',
      contextSize: 512,
      engine: { name: 'llama.cpp (llama-server)', version: 'b0-unknown' },
    });
  });

  it('takes the quantisation from a GGUF file name', () => {
    expect(fingerprintFromLlamaProps({ model_path: '/m/qwen2.5-7b-instruct-q4_k_m.gguf' }).quantization).toBe(
      'Q4_K_M',
    );
  });

  it('reads size, digest, quantisation and parameters from a recorded Ollama /api/tags entry', () => {
    const tag = fixture('providers/ollama-api-tags.json').models[0];
    expect(fingerprintFromOllamaTag(tag)).toEqual({
      file: 'gcse-tutor-gemma4-moe:latest',
      sizeBytes: 16796002381,
      sha256: 'befeadbaebba59bcf933deffeaf5b7fef8190006090ee65307de10c5c2e9812f',
      quantization: 'Q4_K_M',
      parameters: 25_200_000_000,
      engine: { name: 'ollama' },
    });
  });

  it('gives an empty fingerprint for a reply of the wrong shape', () => {
    expect(fingerprintFromLlamaProps('nope')).toEqual({});
    expect(fingerprintFromOllamaTag({ size: 1 })).toEqual({});
  });
});
