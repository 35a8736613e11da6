import type { ModelSummary } from '@ringside/shared';
import { ModelSummarySchema } from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, battle, createToken, ingest, result, reveal, uid } from '../test/helpers.ts';

const seen = uid('seen-model');
const waiting = uid('waiting-model');
const first = battle({
  contestants: [
    { id: 'c1', provider: 'ollama', model: seen, lane: 'local', sampling: {} },
    { id: 'c2', provider: 'ollama', model: waiting, lane: 'local', sampling: {} },
  ],
});
const second = battle({
  contestants: [
    { id: 'c1', provider: 'ollama', model: seen, lane: 'local', sampling: {} },
    // The same model name under another provider is another model.
    { id: 'c2', provider: 'llama-swap', model: seen, lane: 'local', sampling: {} },
  ],
});

beforeAll(async () => {
  const { token } = await createToken('runner');
  await ingest(token, {
    battle: first,
    results: [result(first.id), result(first.id, { taskId: 't1', id: uid('r') })],
  });
  await ingest(token, { battle: second, results: [result(second.id)] });
  // Past their blind window (blind battles do not count here until then: blind-votes.test.ts).
  await reveal(first.id, second.id);
});

describe('GET /api/models', () => {
  it('lists each provider + model with its results, battles and when it was last seen', async () => {
    const res = await api('/api/models');
    expect(res.status).toBe(200);
    const { items } = await res.json<{ items: ModelSummary[] }>();
    for (const m of items) ModelSummarySchema.parse(m);
    const mine = items.filter((m) => m.model === seen || m.model === waiting);
    expect(mine.map((m) => [m.provider, m.model, m.results, m.battles])).toEqual([
      ['llama-swap', seen, 0, 1],
      ['ollama', seen, 3, 2],
      ['ollama', waiting, 0, 1],
    ]);
    expect(Date.parse(mine[1]!.lastSeenAt!)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
    expect(mine[0]?.lastSeenAt).toBeNull();
  });

  it('lists every model once, ordered by provider then model', async () => {
    const { items } = await (await api('/api/models')).json<{ items: ModelSummary[] }>();
    const keys = items.map((m) => `${m.provider}\u0000${m.model}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([...keys].sort());
  });
});
