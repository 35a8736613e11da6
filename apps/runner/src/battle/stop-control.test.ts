import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRunning, registerRunning, requestStop, watchStop } from './stop-control.ts';

describe('stop control', () => {
  it('aborts the battle a stop request names, and only that one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-state-'));
    const a = new AbortController();
    const b = new AbortController();
    const unwatchA = watchStop(dir, 'battle-a', a);
    const unwatchB = watchStop(dir, 'battle-b', b);
    const aborted = new Promise((resolve) => a.signal.addEventListener('abort', resolve));
    await requestStop(dir, 'battle-a');
    await aborted;
    expect(a.signal.aborted).toBe(true);
    expect(b.signal.aborted).toBe(false);
    unwatchA();
    unwatchB();
  });

  it('lists running battles until they unregister', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-state-'));
    const unregister = await registerRunning(dir, 'b1', '/tmp/Arena/x');
    expect(await listRunning(dir)).toEqual([{ battleId: 'b1', pid: process.pid, folder: '/tmp/Arena/x' }]);
    await unregister();
    expect(await listRunning(dir)).toEqual([]);
  });
});
