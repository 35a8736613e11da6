import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import llamaTokenizer from 'llama-tokenizer-js';
import { getLlama, type Llama, LlamaLogLevel, type LlamaModel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGguf, writeGguf } from './gguf-writer.ts';
import { llamaVocab, TOKEN_TYPE } from './llama-vocab.ts';
import { buildTinyLlama, TINY_LLAMA } from './tiny-llama.ts';

const sha256 = (chunks: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const c of chunks) hash.update(c);
  return hash.digest('hex');
};

describe('buildTinyLlama', () => {
  it('produces the same bytes for the same seed and other bytes for another seed', () => {
    const a = sha256(encodeGguf(buildTinyLlama(1)));
    expect(sha256(encodeGguf(buildTinyLlama(1)))).toBe(a);
    expect(sha256(encodeGguf(buildTinyLlama(2)))).not.toBe(a);
  });

  it('stays around 9 MB', () => {
    const size = encodeGguf(buildTinyLlama()).reduce((n, c) => n + c.length, 0);
    expect(size).toBeGreaterThan(8_000_000);
    expect(size).toBeLessThan(10_000_000);
  });
});

describe('the tiny llama in llama.cpp', () => {
  let dir: string;
  let llama: Llama;
  let model: LlamaModel;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tiny-llama-'));
    const path = join(dir, 'tiny.gguf');
    await writeGguf(path, buildTinyLlama());
    llama = await getLlama({
      gpu: false,
      build: 'never',
      skipDownload: true,
      maxThreads: 1,
      logLevel: LlamaLogLevel.error,
    });
    model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
  });
  afterAll(async () => {
    await llama?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads as a llama model with the shape it was built with', () => {
    expect(model.fileInfo.metadata.general.architecture).toBe('llama');
    expect(model.trainContextSize).toBe(TINY_LLAMA.contextLength);
    expect(model.tokens.bos).toBe(1);
    expect(model.tokens.eos).toBe(2);
  });

  it('tokenizes text exactly like the original LLaMA tokenizer', () => {
    for (const text of [
      'Hello world, how are you?',
      ' two  spaces, tabs\tand\nnewlines',
      'ünïcödé 日本語 🙂 x=1;',
    ]) {
      expect(model.tokenize(text)).toEqual(llamaTokenizer.encode(text, false));
    }
  });

  it('never samples a byte, control or unknown token, even at temperature 2', async () => {
    const types = llamaVocab().tokenTypes;
    const context = await model.createContext({ contextSize: TINY_LLAMA.contextLength, threads: 1 });
    try {
      const sequence = context.getSequence();
      const generated: number[] = [];
      const prompt = model.tokenize('Once upon a time', true);
      for await (const token of sequence.evaluate(prompt, { temperature: 2, seed: 9 })) {
        generated.push(token);
        if (generated.length === 400) break;
      }
      expect(generated).toHaveLength(400); // it never stopped early on an end-of-sequence token
      expect(generated.filter((t) => types[t] !== TOKEN_TYPE.normal)).toEqual([]);
      expect(new Set(generated).size).toBeGreaterThan(100); // varied, not one token repeated
    } finally {
      await context.dispose();
    }
  });
});
