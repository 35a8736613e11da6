import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from '@ringside/shared';
import { ResultSchema } from '@ringside/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleBattle, sampleResults } from '../../test/arena-fixtures.ts';
import { createResultsFolder, openResultsFolder } from './results-folder.ts';

const CHILD = fileURLToPath(new URL('../../test/results-writer-child.ts', import.meta.url));
const TOTAL = 80;
// Large enough that a kill often lands inside a write rather than between two.
const TEXT_BYTES = 256 * 1024;

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ringside-kill-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs the writer child until it has reported `writes` more results, then kills it with SIGKILL. */
function runAndKill(folder: string, writes: number): Promise<{ signal: string | null; reported: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, folder, String(TOTAL), String(TEXT_BYTES)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reported: string[] = [];
    let stderr = '';
    let buffered = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) reported.push(line.replace(/^wrote /, ''));
      if (reported.length >= writes) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited on its own (${_code}): ${stderr}`));
      else resolve({ signal, reported });
    });
  });
}

/** Every file in results/ parses as a Result, and no id occurs twice. */
async function readAllFiles(folder: string): Promise<Result[]> {
  const dir = join(folder, 'results');
  const names = await readdir(dir);
  const results = await Promise.all(
    names.map(async (name) => ResultSchema.parse(JSON.parse(await readFile(join(dir, name), 'utf8')))),
  );
  return results;
}

describe('results folder under kill -9', () => {
  it('keeps every result whole and written once across repeated SIGKILLs mid-run', async () => {
    const created = await createResultsFolder(root, sampleBattle());
    const expected = new Map(sampleResults(TOTAL, 'b-haiku', TEXT_BYTES).map((r) => [r.id, r]));
    let done = 0;

    for (let round = 0; round < 3; round++) {
      const { reported } = await runAndKill(created.path, 5);
      const folder = await openResultsFolder(created.path);
      const onDisk = await readAllFiles(created.path);
      const ids = onDisk.map((r) => r.id);

      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(folder.completedIds());
      // Every result the child said it wrote is there, whole and equal to what it was given.
      for (const id of reported) expect(folder.isCompleted(id)).toBe(true);
      for (const r of onDisk) expect(r.output.text).toBe(expected.get(r.id)?.output.text);
      // The child writes in order, so what is done is a prefix, and it grew this round.
      expect(folder.completedIds().length).toBeGreaterThanOrEqual(done + reported.length);
      done = folder.completedIds().length;
      const prefix = [...expected.keys()].slice(0, done).sort();
      expect(folder.completedIds()).toEqual(prefix);
      expect(folder.idsInState('running')).toEqual([]);
      expect((await readdir(join(created.path, 'results'))).filter((n) => n.startsWith('.'))).toEqual([]);
    }

    // Resume: finishing the battle rewrites nothing that is done and writes the rest once.
    const folder = await openResultsFolder(created.path);
    const outcomes = [];
    for (const r of expected.values()) outcomes.push(await folder.writeResult(r));
    expect(outcomes.filter((o) => o === 'unchanged')).toHaveLength(done);
    expect(outcomes.filter((o) => o === 'written')).toHaveLength(TOTAL - done);
    const final = await readAllFiles(created.path);
    expect(new Set(final.map((r) => r.id)).size).toBe(TOTAL);
  });
});
