/** Writes the tiny test model once into a cache folder and hands out its path. */
import { randomUUID } from 'node:crypto';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGguf } from './gguf-writer.ts';
import { buildTinyLlama } from './tiny-llama.ts';

/** `<repo>/.ringside/models` (gitignored) */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../../../.ringside/models/', import.meta.url));
export const TINY_MODEL_FILE = 'tiny-llama.gguf';

export interface EnsureTinyModelOptions {
  /** write it again even when the file exists (after a generator change) */
  force?: boolean;
}

/**
 * Returns the path of the tiny model in `dir`, generating it first when it is missing. The file is
 * written under a temporary name and renamed, so a reader never sees half a model, and two
 * processes racing to create it both end up with the same complete file.
 */
export async function ensureTinyModel(
  dir: string = DEFAULT_MODEL_DIR,
  options: EnsureTinyModelOptions = {},
): Promise<string> {
  const path = join(dir, TINY_MODEL_FILE);
  if (!options.force && (await exists(path))) return path;
  await mkdir(dir, { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeGguf(temporary, buildTinyLlama());
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
  return path;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
