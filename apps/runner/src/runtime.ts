import path from 'node:path';
import type { RunnerSettings } from './config/load-config.ts';
import { ensureTinyModel } from './gguf/ensure-tiny-model.ts';
import { createEmbeddedProvider } from './providers/embedded.ts';
import { createRegistry, type Registry } from './providers/registry.ts';
import { type GpuInfo, readGpuInfo } from './system/gpu-info.ts';

/** What every command needs, built once from the settings: the provider registry and the box's GPUs. */
export interface Runtime {
  settings: RunnerSettings;
  registry: Registry;
  gpus: GpuInfo[];
  close(): Promise<void>;
}

/**
 * The embedded provider always knows `tiny`, the generated test model (written on first use into
 * the state dir), so a fresh machine can run a battle with no download.
 */
export async function createRuntime(settings: RunnerSettings): Promise<Runtime> {
  const tiny = await ensureTinyModel(path.join(settings.stateDir, 'models'));
  const models = { tiny, ...settings.embedded.models };
  const registry = createRegistry({
    servers: settings.servers,
    factories: {
      embedded: () =>
        createEmbeddedProvider({
          models,
          gpu: settings.embedded.gpu,
          ...(settings.embedded.threads ? { threads: settings.embedded.threads } : {}),
          ...(settings.embedded.contextSize ? { contextSize: settings.embedded.contextSize } : {}),
        }),
    },
  });
  const gpus = await readGpuInfo();
  return { settings, registry, gpus, close: () => registry.close() };
}
