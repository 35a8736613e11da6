import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGguf, type GgufFile, writeGguf } from './gguf-writer.ts';

const sample: GgufFile = {
  metadata: [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: 'writer test ✓' }],
    ['test.count', { type: 'uint32', value: 7 }],
    ['test.offset', { type: 'int32', value: -3 }],
    ['test.eps', { type: 'float32', value: 0.25 }],
    ['test.flag', { type: 'bool', value: true }],
    ['test.words', { type: 'string[]', value: ['a', 'bé', ''] }],
    ['test.scores', { type: 'float32[]', value: [0, -1.5] }],
    ['test.kinds', { type: 'int32[]', value: [1, -6] }],
  ],
  tensors: [
    { name: 'a.weight', dims: [3], type: 'f32', data: new Float32Array([1, 2, 3]) },
    { name: 'b.weight', dims: [2, 3], type: 'f16', data: new Float32Array([1, -2, 0.5, 0, 4, 8]) },
  ],
};

describe('encodeGguf', () => {
  let dir: string;
  let path: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gguf-writer-'));
    path = join(dir, 'sample.gguf');
    await writeGguf(path, sample);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('starts with the GGUF magic, version 3 and the tensor and metadata counts', async () => {
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('GGUF');
    expect(bytes.readUInt32LE(4)).toBe(3);
    expect(bytes.readBigUInt64LE(8)).toBe(2n);
    expect(bytes.readBigUInt64LE(16)).toBe(9n);
  });

  it('is read back by node-llama-cpp with every metadata value intact', async () => {
    const info = await readGgufFileInfo(path, { readTensorInfo: true, logWarnings: false });
    const meta = info.metadata as unknown as Record<string, Record<string, unknown>>;
    expect(info.version).toBe(3);
    expect(meta.general?.name).toBe('writer test ✓');
    expect(meta.test).toEqual({
      count: 7,
      offset: -3,
      eps: 0.25,
      flag: true,
      words: ['a', 'bé', ''],
      scores: [0, -1.5],
      kinds: [1, -6],
    });
  });

  it('records tensor shapes, types and 32-byte aligned offsets', async () => {
    const info = await readGgufFileInfo(path, { readTensorInfo: true, logWarnings: false });
    const tensors = info.fullTensorInfo ?? [];
    expect(tensors.map((t) => [t.name, t.dimensions.map(Number), t.ggmlType])).toEqual([
      ['a.weight', [3], 0],
      ['b.weight', [2, 3], 1],
    ]);
    expect(tensors.map((t) => Number(t.offset))).toEqual([0, 32]);
  });

  it('stores f16 tensor data at its offset from the aligned data start', async () => {
    const chunks = encodeGguf(sample);
    const header = chunks[0];
    expect((header?.length ?? 0) % 32).toBe(0);
    const bytes = await readFile(path);
    const f16 = bytes.subarray((header?.length ?? 0) + 32, (header?.length ?? 0) + 32 + 4);
    expect([...f16]).toEqual([0x00, 0x3c, 0x00, 0xc0]); // 1, -2
  });

  it('rejects a tensor whose data does not match its dimensions', () => {
    const bad: GgufFile = {
      metadata: [],
      tensors: [{ name: 'x', dims: [2, 2], type: 'f32', data: new Float32Array(3) }],
    };
    expect(() => encodeGguf(bad)).toThrow(/x: 3 values for dims \[2, 2\]/);
  });
});
