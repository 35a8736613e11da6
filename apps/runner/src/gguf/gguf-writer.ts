/**
 * A small GGUF v3 writer (the llama.cpp file format): header, typed metadata, tensor infos, then
 * tensor data, each tensor aligned. Only the value and tensor types our generated models need.
 * Layout: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
 */
import { writeFile } from 'node:fs/promises';
import { toFloat16Bytes } from './float16.ts';

export type GgufValue =
  | { type: 'uint32'; value: number }
  | { type: 'int32'; value: number }
  | { type: 'float32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: readonly string[] }
  | { type: 'float32[]'; value: ArrayLike<number> }
  | { type: 'int32[]'; value: ArrayLike<number> };

export interface GgufTensor {
  name: string;
  /** ggml order: the innermost (contiguous) dimension first, e.g. `[n_embd, n_vocab]` */
  dims: readonly number[];
  type: 'f32' | 'f16';
  data: Float32Array;
}

export interface GgufFile {
  metadata: ReadonlyArray<readonly [key: string, value: GgufValue]>;
  tensors: readonly GgufTensor[];
  /** data alignment in bytes; written as `general.alignment` when it is not the default 32 */
  alignment?: number;
}

const MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const VERSION = 3;
const DEFAULT_ALIGNMENT = 32;
const VALUE_TYPE = { uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9 } as const;
const GGML_TYPE = { f32: 0, f16: 1 } as const;

/** A growable little-endian byte buffer. */
class ByteWriter {
  #buf = Buffer.alloc(1 << 16);
  #len = 0;

  get length(): number {
    return this.#len;
  }

  #reserve(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const next = Buffer.alloc(Math.max(this.#buf.length * 2, this.#len + n));
    this.#buf.copy(next, 0, 0, this.#len);
    this.#buf = next;
  }

  u8(v: number): void {
    this.#reserve(1);
    this.#len = this.#buf.writeUInt8(v, this.#len);
  }
  u32(v: number): void {
    this.#reserve(4);
    this.#len = this.#buf.writeUInt32LE(v, this.#len);
  }
  i32(v: number): void {
    this.#reserve(4);
    this.#len = this.#buf.writeInt32LE(v, this.#len);
  }
  u64(v: number): void {
    this.#reserve(8);
    this.#len = this.#buf.writeBigUInt64LE(BigInt(v), this.#len);
  }
  f32(v: number): void {
    this.#reserve(4);
    this.#len = this.#buf.writeFloatLE(v, this.#len);
  }
  string(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.#reserve(bytes.length);
    this.#len += bytes.copy(this.#buf, this.#len);
  }
  padTo(alignment: number): void {
    while (this.#len % alignment !== 0) this.u8(0);
  }
  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }
}

function writeValue(w: ByteWriter, value: GgufValue): void {
  switch (value.type) {
    case 'uint32':
      w.u32(VALUE_TYPE.uint32);
      w.u32(value.value);
      return;
    case 'int32':
      w.u32(VALUE_TYPE.int32);
      w.i32(value.value);
      return;
    case 'float32':
      w.u32(VALUE_TYPE.float32);
      w.f32(value.value);
      return;
    case 'bool':
      w.u32(VALUE_TYPE.bool);
      w.u8(value.value ? 1 : 0);
      return;
    case 'string':
      w.u32(VALUE_TYPE.string);
      w.string(value.value);
      return;
    case 'string[]':
      w.u32(VALUE_TYPE.array);
      w.u32(VALUE_TYPE.string);
      w.u64(value.value.length);
      for (const s of value.value) w.string(s);
      return;
    case 'float32[]':
      w.u32(VALUE_TYPE.array);
      w.u32(VALUE_TYPE.float32);
      w.u64(value.value.length);
      for (let i = 0; i < value.value.length; i++) w.f32(value.value[i] ?? 0);
      return;
    case 'int32[]':
      w.u32(VALUE_TYPE.array);
      w.u32(VALUE_TYPE.int32);
      w.u64(value.value.length);
      for (let i = 0; i < value.value.length; i++) w.i32(value.value[i] ?? 0);
      return;
  }
}

function tensorBytes(t: GgufTensor): Uint8Array {
  const elements = t.dims.reduce((a, b) => a * b, 1);
  if (t.data.length !== elements) {
    throw new Error(`tensor ${t.name}: ${t.data.length} values for dims [${t.dims.join(', ')}]`);
  }
  return t.type === 'f16'
    ? toFloat16Bytes(t.data)
    : new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

/** Encodes a GGUF file as a list of chunks (header, then each tensor's bytes and padding). */
export function encodeGguf(file: GgufFile): Uint8Array[] {
  const alignment = file.alignment ?? DEFAULT_ALIGNMENT;
  const metadata: Array<readonly [string, GgufValue]> = [...file.metadata];
  if (alignment !== DEFAULT_ALIGNMENT)
    metadata.push(['general.alignment', { type: 'uint32', value: alignment }]);

  const data = file.tensors.map(tensorBytes);
  const w = new ByteWriter();
  w.u32(MAGIC);
  w.u32(VERSION);
  w.u64(file.tensors.length);
  w.u64(metadata.length);
  for (const [key, value] of metadata) {
    w.string(key);
    writeValue(w, value);
  }
  let offset = 0;
  file.tensors.forEach((t, i) => {
    w.string(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(GGML_TYPE[t.type]);
    w.u64(offset);
    offset = alignUp(offset + (data[i]?.length ?? 0), alignment);
  });
  w.padTo(alignment);

  const chunks: Uint8Array[] = [w.bytes()];
  for (const bytes of data) {
    chunks.push(bytes);
    const pad = alignUp(bytes.length, alignment) - bytes.length;
    if (pad > 0) chunks.push(new Uint8Array(pad));
  }
  return chunks;
}

export async function writeGguf(path: string, file: GgufFile): Promise<void> {
  await writeFile(path, encodeGguf(file));
}

function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}
