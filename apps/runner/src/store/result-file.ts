import { join } from 'node:path';
import type { Result } from '@ringside/shared';
import { ResultSchema } from '@ringside/shared';
import { readJsonFile } from './json-file.ts';
import { StoreError } from './store-error.ts';

/** One result per file in `results/`, named after its id. */

export const RESULTS_DIR = 'results';

// Ids may hold ':', which Windows forbids in file names; '%' never occurs in an id, so this is reversible.
export function resultFileName(id: string): string {
  return `${id.replaceAll(':', '%3A')}.json`;
}

/** The id a result file name stands for, or undefined for anything that is not a result file. */
export function idFromFileName(name: string): string | undefined {
  if (!name.endsWith('.json') || name.startsWith('.')) return undefined;
  return name.slice(0, -'.json'.length).replaceAll('%3A', ':');
}

export function resultFilePath(folder: string, id: string): string {
  return join(folder, RESULTS_DIR, resultFileName(id));
}

/** Serialised for people browsing the folder as much as for the runner. */
export function serializeResult(result: Result): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** Reads one result file and checks it holds the result its name says. */
export async function readResultFile(path: string, expectedId: string): Promise<Result> {
  const result = await readJsonFile(path, ResultSchema, { what: 'result', missing: 'invalid-result' });
  if (result.id !== expectedId) {
    throw new StoreError('invalid-result', `${path} holds result '${result.id}', not '${expectedId}'`, {
      file: path,
    });
  }
  return result;
}
