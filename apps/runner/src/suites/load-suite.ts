/** Loads a suite by file path or by the name of a built-in suite (`apps/runner/suites/<name>.yaml`). */
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Suite } from '@ringside/shared';
import { parseSuite } from './parse-suite.ts';
import { SuiteError } from './suite-error.ts';

export const BUILTIN_SUITES_DIR = fileURLToPath(new URL('../../suites/', import.meta.url));

export interface LoadSuiteOptions {
  builtinDir?: string;
}

/** Names of the built-in suites (file names without `.yaml`). */
export async function listBuiltinSuites(opts: LoadSuiteOptions = {}): Promise<string[]> {
  const files = await readdir(opts.builtinDir ?? BUILTIN_SUITES_DIR);
  return files
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => basename(f, extname(f)))
    .sort();
}

const looksLikePath = (s: string) => s.includes('/') || s.includes('\\') || /\.ya?ml$/i.test(s);

/**
 * `loadSuite('builtin')` or `loadSuite('./my-suite.yaml')`: the suite, expanded and checked, or a
 * {@link SuiteError} naming the file, the task and the field of every problem.
 */
export async function loadSuite(fileOrBuiltinName: string, opts: LoadSuiteOptions = {}): Promise<Suite> {
  const file = looksLikePath(fileOrBuiltinName)
    ? fileOrBuiltinName
    : join(opts.builtinDir ?? BUILTIN_SUITES_DIR, `${fileOrBuiltinName}.yaml`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!looksLikePath(fileOrBuiltinName) && code === 'ENOENT') {
      const known = await listBuiltinSuites(opts).catch(() => []);
      throw new SuiteError(fileOrBuiltinName, [
        {
          field: '',
          message: `no such file or built-in suite; built-in suites: ${known.join(', ') || 'none'}`,
        },
      ]);
    }
    throw new SuiteError(file, [{ field: '', message: `cannot read: ${code ?? String(error)}` }]);
  }
  return parseSuite(text, file);
}
