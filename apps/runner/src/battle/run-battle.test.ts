import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BattleEvent, BattleInput, Result } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../providers/registry.ts';
import type { Provider, StreamPart } from '../providers/types.ts';
import { createResultsFolder, openResultsFolder } from '../store/index.ts';
import { runBattle } from './run-battle.ts';
import { planSlots } from './slot-plan.ts';

interface Span {
  contestant: string;
  lane: string;
  start: number;
  end: number;
}

/** Providers that stream a few tokens with real delays and record when each request ran. */
function fakeProviders(spans: Span[], opts: { tokens?: number; gapMs?: number; onToken?: () => void } = {}) {
  const make = (id: string, lane: 'local' | 'cloud'): Provider => ({
    id,
    lane,
    async *doStream(req) {
      const span = { contestant: req.model, lane, start: performance.now(), end: 0 };
      spans.push(span);
      try {
        for (let i = 0; i < (opts.tokens ?? 4); i++) {
          if (req.signal?.aborted) throw Object.assign(new Error('stopped'), { name: 'AbortError' });
          await new Promise((r) => setTimeout(r, opts.gapMs ?? 5));
          opts.onToken?.();
          yield {
            type: 'text-delta',
            text: `${req.model}-${i} `,
            at: performance.now(),
          } satisfies StreamPart;
        }
        yield { type: 'finish', reason: 'length' };
      } finally {
        span.end = performance.now();
      }
    },
  });
  return createRegistry({
    servers: [
      { id: 'box', kind: 'llama-server', baseUrl: 'http://127.0.0.1:1' },
      { id: 'cloud', kind: 'anthropic', baseUrl: 'https://example.invalid' },
    ],
    factories: { 'llama-server': (s) => make(s.id, 'local'), anthropic: (s) => make(s.id, 'cloud') },
  });
}

function battleInput(id: string): BattleInput {
  return {
    id,
    type: 'qa',
    origin: 'runner',
    title: 'lanes test',
    state: 'queued',
    tasks: [
      { id: 't1', category: 'other', prompt: 'one', assertions: [] },
      { id: 't2', category: 'other', prompt: 'two', assertions: [] },
    ],
    contestants: [
      { id: 'c1', provider: 'box', model: 'l1', lane: 'local', sampling: {} },
      { id: 'c2', provider: 'cloud', model: 'k1', lane: 'cloud', sampling: {} },
      { id: 'c3', provider: 'box', model: 'l2', lane: 'local', sampling: {} },
      { id: 'c4', provider: 'cloud', model: 'k2', lane: 'cloud', sampling: {} },
    ],
  };
}

const timeouts = { connectMs: 5000, firstTokenMs: 5000, totalMs: 10_000 };
const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

describe('runBattle', () => {
  it('runs local contestants one at a time and cloud ones in parallel, storing every result once', async () => {
    const spans: Span[] = [];
    const registry = fakeProviders(spans, { gapMs: 8 });
    const folder = await createResultsFolder(
      mkdtempSync(path.join(tmpdir(), 'arena-')),
      battleInput('b-lanes'),
    );
    const sunk: Result[] = [];
    const events: BattleEvent[] = [];
    const out = await runBattle({
      folder,
      registry,
      timeouts,
      cloudConcurrency: 4,
      slots: planSlots(folder.battle, 1),
      sink: { battle: async () => {}, result: async (_b, r) => void sunk.push(r), state: async () => {} },
      onEvent: (e) => events.push(e),
    });
    expect(out.state).toBe('done');
    expect(out.ran).toBe(8);
    const local = spans.filter((s) => s.lane === 'local');
    const cloud = spans.filter((s) => s.lane === 'cloud');
    for (const a of local) for (const b of local) if (a !== b) expect(overlaps(a, b)).toBe(false);
    expect(cloud.some((a) => cloud.some((b) => a !== b && overlaps(a, b)))).toBe(true);
    expect(local.some((l) => cloud.some((c) => overlaps(l, c)))).toBe(true);
    expect(new Set(sunk.map((r) => r.id)).size).toBe(8);
    expect((await readdir(path.join(folder.path, 'results'))).length).toBe(8);
    expect(events[0]?.type).toBe('battle-start');
    expect(events.at(-1)).toMatchObject({ type: 'battle-end', state: 'done' });
    expect(folder.manifest.battle.state).toBe('done');
  });

  it('stops cleanly, records the running slot as stopped, and a resume runs only what is missing', async () => {
    const spans: Span[] = [];
    const ac = new AbortController();
    let tokens = 0;
    const registry = fakeProviders(spans, { gapMs: 2, onToken: () => ++tokens === 10 && ac.abort() });
    const b = {
      ...battleInput('b-stop'),
      contestants: battleInput('x').contestants.filter((c) => c.lane === 'local'),
    };
    const root = mkdtempSync(path.join(tmpdir(), 'arena-'));
    const folder = await createResultsFolder(root, b);
    const slots = planSlots(folder.battle, 2);
    const first = await runBattle({
      folder,
      registry,
      timeouts,
      cloudConcurrency: 1,
      slots,
      signal: ac.signal,
    });
    expect(first.state).toBe('stopped');
    expect(first.results.at(-1)?.status).toBe('stopped');
    expect(first.ran).toBeLessThan(slots.length);

    const reopened = await openResultsFolder(folder.path);
    const done = new Set(reopened.completedIds());
    const second = await runBattle({ folder: reopened, registry, timeouts, cloudConcurrency: 1, slots });
    expect(second.state).toBe('done');
    expect(second.skipped).toBe(done.size);
    for (const r of second.results) expect(done.has(r.id)).toBe(false);
    const all = await reopened.readResults();
    expect(all.map((r) => r.id).sort()).toEqual(slots.map((s) => s.resultId).sort());
  });
});
