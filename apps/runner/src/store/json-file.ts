import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { isErrno } from './atomic-file.ts';
import { StoreError, type StoreErrorCode } from './store-error.ts';

/** Reads a JSON file through a zod schema; every way it can fail becomes a StoreError naming the file. */
export async function readJsonFile<T extends z.ZodType>(
  path: string,
  schema: T,
  opts: { what: 'manifest' | 'result'; missing: StoreErrorCode },
): Promise<z.infer<T>> {
  const code: StoreErrorCode = opts.what === 'manifest' ? 'invalid-manifest' : 'invalid-result';
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) throw new StoreError(opts.missing, `${path} does not exist`, { file: path });
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StoreError(
      code,
      `${path} is not valid JSON (${(err as Error).message}); the file is damaged or was cut short`,
      { file: path, cause: err },
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new StoreError(code, `${path} is not a valid ${opts.what}:\n${z.prettifyError(parsed.error)}`, {
      file: path,
      cause: parsed.error,
    });
  }
  return parsed.data;
}
