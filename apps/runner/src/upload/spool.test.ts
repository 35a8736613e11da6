import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from '@ringside/shared';
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleBattle, sampleResult, sampleResults } from '../../test/arena-fixtures.ts';
import { type FakeApi, startFakeApi } from '../../test/fake-api.ts';
import { type FakeClock, fakeClock } from '../../test/fake-clock.ts';
import { writeTemp } from '../store/atomic-file.ts';
import { type ApiClientOptions, createApiClient } from './api-client.ts';
import { Spool, spoolDir } from './spool.ts';
import { tryLock } from './spool-lock.ts';

let api: FakeApi;
let agent: Agent;
let clock: FakeClock;
let dir: string;

beforeEach(async () => {
  api = await startFakeApi();
  agent = new Agent();
  clock = fakeClock();
  dir = spoolDir(join(await mkdtemp(join(tmpdir(), 'ringside-spool-')), '.ringside'));
});
afterEach(async () => {
  await api.close();
  await agent.close();
  await rm(join(dir, '..', '..'), { recursive: true, force: true });
});

function client(overrides: Partial<ApiClientOptions> = {}) {
  return createApiClient({
    baseUrl: api.baseUrl,
    token: api.token,
    dispatcher: agent,
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5, ...clock },
    ...overrides,
  });
}

const ids = (results: { id: string }[]) => results.map((r) => r.id);
const results = sampleResults(10) as Result[];

/** A battle's life as the orchestrator spools it: create, results as they finish, then done. */
async function spoolBattle(spool: Spool) {
  await spool.enqueue({ kind: 'battle-put', battle: sampleBattle({ state: 'running' }) });
  await spool.enqueue({ kind: 'results', results: results.slice(0, 4) });
  for (const r of results.slice(4, 7)) await spool.enqueue({ kind: 'results', results: [r] });
  await spool.enqueue({ kind: 'results', results: results.slice(7) });
  await spool.enqueue({ kind: 'battle-patch', battleId: 'b-haiku', patch: { state: 'done' } });
}

describe('Spool.drain', () => {
  it('keeps everything while the API is down, then delivers every result exactly once in order', async () => {
    await api.down();
    const spool = new Spool(dir);
    await spoolBattle(spool);
    const queued = await spool.pending();

    const down = await spool.drain(client());
    expect(down).toMatchObject({
      state: 'stopped',
      sent: 0,
      remaining: 7,
      stoppedBy: { kind: 'unavailable' },
    });
    expect(await spool.pending()).toEqual(queued);

    await api.up();
    const up = await spool.drain(client());
    expect(up).toMatchObject({ state: 'drained', sent: 7, rejected: [], remaining: 0 });
    expect([...api.results.keys()].sort()).toEqual(ids(results).sort());
    expect([...api.arrivals.values()].every((n) => n === 1)).toBe(true);
    // Consecutive results entries travel in one request, after the battle and before the patch.
    expect(api.requests.filter((r) => r.status === 201 || r.status === 200).map((r) => r.method)).toEqual([
      'PUT',
      'POST',
      'PATCH',
    ]);
    expect(api.battles.get('b-haiku')?.state).toBe('done');
    expect(await spool.pending()).toEqual([]);
  });

  it('gets everything through in one drain when the API comes back during its retries', async () => {
    await api.down();
    clock = fakeClock(undefined, (n) => (n === 1 ? api.up() : undefined));
    const spool = new Spool(dir);
    await spoolBattle(spool);
    expect(await spool.drain(client())).toMatchObject({ state: 'drained', sent: 7 });
    expect(api.results.size).toBe(10);
  });

  it('sets a conflicting result aside with the reason and sends the rest of the queue', async () => {
    api.seedResult({ ...results[5]!, output: { text: 'stored by an earlier run' } });
    const spool = new Spool(dir);
    await spoolBattle(spool);

    const report = await spool.drain(client());
    expect(report).toMatchObject({ state: 'drained', remaining: 0 });
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]?.rejection).toMatchObject({
      kind: 'conflict',
      status: 409,
      code: 'result_conflict',
      ids: ['r-5'],
    });
    const rejected = await spool.rejected();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.entry?.payload).toMatchObject({ kind: 'results', results: [{ id: 'r-5' }] });
    expect(JSON.parse(api.results.get('r-5') ?? '{}').output.text).toBe('stored by an earlier run');
    expect([...api.results.keys()].sort()).toEqual(ids(results).sort());
    expect([...api.arrivals.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(api.battles.get('b-haiku')?.state).toBe('done');
  });

  it('keeps the other results of an entry that holds a conflicting one', async () => {
    api.seedResult({ ...results[1]!, output: { text: 'stored by an earlier run' } });
    const spool = new Spool(dir);
    await spool.enqueue({ kind: 'battle-put', battle: sampleBattle() });
    await spool.enqueue({ kind: 'results', results: results.slice(0, 3) });
    const report = await spool.drain(client());
    expect(report.rejected.map((r) => r.rejection.ids)).toEqual([['r-1']]);
    expect(api.arrivals.get('r-0')).toBe(1);
    expect(api.arrivals.get('r-2')).toBe(1);
    expect(await spool.pending()).toEqual([]);
  });

  it('moves 403 and 409 refusals to rejected/ and carries on with the queue', async () => {
    const spool = new Spool(dir);
    await spool.enqueue({ kind: 'battle-put', battle: sampleBattle({ state: 'running' }) });
    await spool.enqueue({ kind: 'battle-patch', battleId: 'b-haiku', patch: { state: 'queued' } });
    await spool.enqueue({ kind: 'results', results: [results[0]!] });
    await spool.enqueue({ kind: 'results', results: [results[1]!] });
    // The merged request and then r-0 alone are refused; r-1 alone goes through.
    api.fail(
      [
        { status: 403, code: 'forbidden' },
        { status: 403, code: 'forbidden' },
      ],
      '/api/results/batch',
    );

    const report = await spool.drain(client());
    expect(report.rejected.map((r) => [r.rejection.status, r.rejection.code])).toEqual([
      [409, 'invalid_transition'],
      [403, 'forbidden'],
    ]);
    expect(report).toMatchObject({ state: 'drained', sent: 2, remaining: 0 });
    expect([...api.results.keys()]).toEqual(['r-1']);
    const files = await readdir(join(dir, 'rejected'));
    expect(files).toHaveLength(2);
    const saved = JSON.parse(await readFile(join(dir, 'rejected', files[1]!), 'utf8'));
    expect(saved.entry.payload.results[0].id).toBe('r-0');
    expect(saved.rejection.message).toContain('HTTP 403');
  });

  it('stops at a refused token and keeps every entry, without the token in the report', async () => {
    const spool = new Spool(dir);
    await spoolBattle(spool);
    const report = await spool.drain(client({ token: 'rs_revoked_token_999' }));
    expect(report).toMatchObject({ state: 'stopped', sent: 0, rejected: [], remaining: 7 });
    expect(report.stoppedBy).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(JSON.stringify(report)).not.toContain('rs_revoked_token_999');
    expect(api.requests).toHaveLength(1);
  });

  it('is drained by a new Spool over the same folder after a restart, order kept even if the clock went back', async () => {
    await api.down();
    const before = new Spool(dir, { now: () => Date.UTC(2026, 10, 22, 12) });
    await before.enqueue({ kind: 'battle-put', battle: sampleBattle({ state: 'running' }) });
    await before.enqueue({ kind: 'results', results: results.slice(0, 5) });
    await before.drain(client());

    const after = new Spool(dir, { now: () => Date.UTC(2026, 10, 22, 11) });
    await after.enqueue({ kind: 'battle-patch', battleId: 'b-haiku', patch: { state: 'done' } });
    await api.up();
    expect(await after.drain(client())).toMatchObject({ state: 'drained', sent: 3 });
    expect(api.requests.filter((r) => r.status !== 'dropped').map((r) => r.method)).toEqual([
      'PUT',
      'POST',
      'PATCH',
    ]);
    expect(api.results.size).toBe(5);
  });

  it('re-sends harmlessly an entry whose upload landed just before the process died', async () => {
    const spool = new Spool(dir);
    await spool.enqueue({ kind: 'battle-put', battle: sampleBattle() });
    await spool.enqueue({ kind: 'results', results: results.slice(0, 3) });
    // The API accepted everything, but the process was killed before removing the entries.
    await client().postResults(sampleBattle(), results.slice(0, 3));

    expect(await spool.drain(client())).toMatchObject({ state: 'drained', sent: 2, rejected: [] });
    expect(api.results.size).toBe(3);
    expect(await spool.pending()).toEqual([]);
  });

  it('sets an unreadable entry aside with its raw text and sends the rest', async () => {
    const spool = new Spool(dir);
    await spool.enqueue({ kind: 'battle-put', battle: sampleBattle() });
    await writeFile(join(dir, '000000000000001-000000001-deadbeef.json'), '{"format":1,"payl');
    const report = await spool.drain(client());
    expect(report).toMatchObject({ state: 'drained', sent: 1 });
    expect(report.rejected[0]?.rejection.kind).toBe('unreadable');
    expect((await spool.rejected())[0]).toMatchObject({ entry: null, raw: '{"format":1,"payl' });
  });

  it('never sends a temp file left by a crash mid-enqueue', async () => {
    const spool = new Spool(dir);
    await spool.enqueue({ kind: 'battle-put', battle: sampleBattle() });
    await writeTemp(
      join(dir, '000000000000002-000000001-cafef00d.json'),
      '{"format":1,"payload":{"kind":"res',
    );
    expect(await spool.pending()).toHaveLength(1);
    expect(await spool.drain(client())).toMatchObject({ state: 'drained', sent: 1, rejected: [] });
    expect(api.requests).toHaveLength(1);
  });

  it('answers busy and sends nothing while another drain holds the lock', async () => {
    const spool = new Spool(dir);
    await spoolBattle(spool);
    const held = await tryLock(join(dir, '.lock'), { staleMs: 60_000 });
    expect(await spool.drain(client())).toMatchObject({ state: 'busy', sent: 0, remaining: 7 });
    expect(api.requests).toHaveLength(0);
    await held?.release();
    expect(await spool.drain(client())).toMatchObject({ state: 'drained', sent: 7 });
  });

  it('sends each entry once when two drains over one folder start together', async () => {
    const a = new Spool(dir);
    const b = new Spool(dir);
    await spoolBattle(a);
    const reports = await Promise.all([a.drain(client()), b.drain(client())]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(7);
    expect(reports.map((r) => r.state)).toContain('drained');
    expect([...api.arrivals.values()].every((n) => n === 1)).toBe(true);
    expect(api.results.size).toBe(10);
  });

  it('takes over the lock of a drain whose process died', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const spool = new Spool(dir);
    await spool.enqueue({ kind: 'battle-put', battle: sampleBattle() });
    await writeFile(
      join(dir, '.lock'),
      JSON.stringify({ pid: dead, host: (await import('node:os')).hostname(), token: 'x', at: 0 }),
    );
    expect(await spool.drain(client())).toMatchObject({ state: 'drained', sent: 1 });
    expect(await readdir(dir)).not.toContain('.lock');
  });
});

describe('Spool.enqueue', () => {
  it('splits results beyond the limits into entries, the battle riding with the first', async () => {
    const spool = new Spool(dir, { limits: { maxResults: 2 } });
    const names = await spool.enqueue({
      kind: 'results',
      battle: sampleBattle(),
      results: results.slice(0, 5),
    });
    expect(names).toHaveLength(3);
    const payloads = await Promise.all(
      names.map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')).payload),
    );
    expect(payloads.map((p) => p.results.length)).toEqual([2, 2, 1]);
    expect(payloads.map((p) => p.battle !== undefined)).toEqual([true, false, false]);
  });

  it('keeps the order of entries enqueued within one millisecond', async () => {
    const spool = new Spool(dir, { now: () => 1_000 });
    const names: string[] = [];
    for (const r of results) names.push(...(await spool.enqueue({ kind: 'results', results: [r] })));
    expect(await spool.pending()).toEqual(names);
  });

  it('refuses a payload the API would refuse anyway, before spooling it', async () => {
    const spool = new Spool(dir);
    await expect(
      spool.enqueue({ kind: 'results', results: [sampleResult({ status: 'error' })] }),
    ).rejects.toThrow(/error/);
    expect(await spool.pending()).toEqual([]);
  });
});
