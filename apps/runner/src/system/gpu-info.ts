import { execFile } from 'node:child_process';

/** GPU names and driver versions from `nvidia-smi`, or none where there is no NVIDIA GPU or tool. */
export interface GpuInfo {
  name: string;
  driver?: string;
}

export function parseNvidiaSmiCsv(csv: string): GpuInfo[] {
  return csv
    .split('\n')
    .map((line) => line.split(',').map((f) => f.trim()))
    .filter(([name]) => Boolean(name))
    .map(([name, driver]) => ({ name: name!, ...(driver ? { driver } : {}) }));
}

export function readGpuInfo(opts: { command?: string; timeoutMs?: number } = {}): Promise<GpuInfo[]> {
  return new Promise((resolve) => {
    execFile(
      opts.command ?? 'nvidia-smi',
      ['--query-gpu=name,driver_version', '--format=csv,noheader'],
      { timeout: opts.timeoutMs ?? 3000 },
      (err, stdout) => resolve(err ? [] : parseNvidiaSmiCsv(stdout)),
    );
  });
}
