import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../db/client.ts';
import type { ApiException } from '../lib/errors.ts';
import { battle, createToken, ingest, result, uid } from '../test/helpers.ts';
import { refreshArenaPool } from './arena-pool.ts';
import { discardVotes, recordVote } from './arena-votes.ts';

const db = getDb(env);
const b = battle({ id: uid('votes'), state: 'done' });
let pairKey = '';

beforeAll(async () => {
  const { token } = await createToken('runner');
  await ingest(token, {
    battle: b,
    results: [
      result(b.id, {
        id: `${b.id}-1`,
        contestantId: 'c1',
        output: { text: 'Foam on grey stones' },
        chunks: null,
      }),
      result(b.id, {
        id: `${b.id}-2`,
        contestantId: 'c2',
        output: { text: 'The gull keeps time' },
        chunks: null,
      }),
    ],
  });
  expect((await refreshArenaPool(db, Date.now())).pairsAdded).toBe(1);
  pairKey = `${b.id}-1|${b.id}-2`;
});

const offer = (voter: string) => ({ k: pairKey, f: false, v: voter, e: Date.now() + 60_000 });
const vote = (voterId: string, ipHash: string, winner: 'a' | 'b' = 'a') =>
  recordVote(db, {
    offer: offer(voterId),
    voter: { voterId, ipHash },
    winner,
    dimensions: {},
    now: Date.now(),
  });
const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (err: ApiException) => err.status,
  );

describe('recordVote', () => {
  it('takes one vote per pair per IP hash: a second cookie from the same address gets 409', async () => {
    expect((await vote('voter-aaaaaaaaaaaaaaaa', 'ip-1')).status).toBe(201);
    expect(await statusOf(vote('voter-bbbbbbbbbbbbbbbb', 'ip-1'))).toBe(409);
    expect((await vote('voter-cccccccccccccccc', 'ip-2', 'b')).status).toBe(201);
  });

  it('keeps the pool count equal to the live votes through votes and discards', async () => {
    const votes = async () =>
      (
        await env.DB.prepare('SELECT votes FROM arena_pairs WHERE key = ?')
          .bind(pairKey)
          .first<{ votes: number }>()
      )?.votes;
    expect(await votes()).toBe(2);
    expect(await discardVotes(db, { ipHash: 'ip-2' }, Date.now())).toBe(1);
    expect(await votes()).toBe(1);
    // A discarded voter still cannot vote again on that pair: the row keeps the dedup.
    expect(await statusOf(vote('voter-cccccccccccccccc', 'ip-3', 'a'))).toBe(409);
    expect(await votes()).toBe(1);
  });
});
