import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNvidiaSmiCsv, readGpuInfo } from './gpu-info.ts';

describe('GPU info', () => {
  it('parses nvidia-smi CSV of several GPUs', () => {
    expect(
      parseNvidiaSmiCsv('NVIDIA GeForce RTX 4090, 565.57.01\nNVIDIA A100-SXM4-80GB, 565.57.01\n'),
    ).toEqual([
      { name: 'NVIDIA GeForce RTX 4090', driver: '565.57.01' },
      { name: 'NVIDIA A100-SXM4-80GB', driver: '565.57.01' },
    ]);
  });

  it('reports no GPU when the tool is missing (this machine has none)', async () => {
    expect(await readGpuInfo({ command: '/nonexistent/nvidia-smi' })).toEqual([]);
  });

  it('reads a tool that answers like nvidia-smi', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fake-smi-'));
    const tool = path.join(dir, 'nvidia-smi');
    writeFileSync(tool, '#!/bin/sh\necho "NVIDIA L4, 550.90.07"\n');
    chmodSync(tool, 0o755);
    expect(await readGpuInfo({ command: tool })).toEqual([{ name: 'NVIDIA L4', driver: '550.90.07' }]);
  });

  it('reports no GPU when the tool fails', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fake-smi-'));
    const tool = path.join(dir, 'nvidia-smi');
    writeFileSync(tool, '#!/bin/sh\necho "NVIDIA-SMI has failed" >&2\nexit 9\n');
    chmodSync(tool, 0o755);
    expect(await readGpuInfo({ command: tool })).toEqual([]);
  });
});
