import { arch, cpus, platform, release } from 'node:os';
import type { Fingerprint, Sampling } from '@ringside/shared';
import type { ModelFingerprint } from '../providers/types.ts';
import { RUNNER_VERSION } from '../store/runner-version.ts';
import type { GpuInfo } from './gpu-info.ts';

export { RUNNER_VERSION };

/** The reproducibility fingerprint of a result (PRODUCT F29): model, sampler, engine, GPU, runner, OS. */
export function buildFingerprint(
  model: ModelFingerprint | undefined,
  sampling: Sampling,
  gpus: GpuInfo[],
): Fingerprint {
  const { engine, ...file } = model ?? {};
  return {
    model: file,
    sampling,
    engine: engine ?? {},
    gpus,
    runner: { version: RUNNER_VERSION },
    os: { platform: platform(), release: release(), arch: arch() },
    cpu: cpus()[0]?.model?.trim() ?? 'unknown',
  };
}
