import { type BattleEvent, endpoints, type PublishResponse } from '@ringside/shared';
import { setMetric, timing } from 'hono/timing';
import { isHiddenFrom, publicViewer } from '../arena/seal.ts';
import { getDb } from '../db/client.ts';
import { ApiException, notFound } from '../lib/errors.ts';
import { started } from '../lib/request-start.ts';
import { resource, route } from '../lib/resource.ts';
import {
  MAX_VIEWERS,
  ROOM_BATCH_HEADER,
  ROOM_BATTLE_HEADER,
  ROOM_SEALED_HEADER,
} from '../live/battle-room.ts';
import { loadSeals } from '../queries/views.ts';

/**
 * Live battles (PRODUCT F16): the runner publishes a battle's events, viewers watch them.
 *
 * Publishing is `POST /api/battles/:id/events` with a JSON array of events, sent every ~100 ms by
 * the runner, rather than one long-lived publisher WebSocket: a runner behind NAT or a proxy needs
 * nothing but outgoing HTTPS; every batch is authorised by the same bearer-token middleware as
 * every other write (a revoked token stops at the next batch); a failed batch is simply posted
 * again, because the room drops what it has already applied (token-deltas by their per-slot
 * `seq`, other events by type, slot and time), so there is no connection or resume state to keep
 * in the runner. The price is up to one flush interval of latency and one request per interval.
 */

const roomFor = (env: Env, battleId: string) => env.BATTLE_ROOM.get(env.BATTLE_ROOM.idFromName(battleId));

/** Every event must be of the battle in the URL; details name the frame's index. */
export function assertBattleOf(battleId: string, events: readonly BattleEvent[]): void {
  const details = events.flatMap((e, i) =>
    e.battleId === battleId
      ? []
      : [{ path: `${i}.battleId`, message: `expected '${battleId}', the battle in the URL` }],
  );
  if (details.length > 0) {
    throw new ApiException(
      400,
      'invalid_body',
      'some frames are not valid events of this battle; none was applied',
      details.slice(0, 50),
    );
  }
}

export const liveRoute = resource('/api/battles', [
  route(
    endpoints.publishEvents,
    async (c, { params, body: events }) => {
      const { id } = params;
      assertBattleOf(id, events);
      const t = performance.now();
      setMetric(c, 'auth-validate', t - c.get('requestStart'));
      const outcome = await roomFor(c.env, id).publish(id, events);
      setMetric(c, 'room', performance.now() - t);
      if (outcome.status === 'unknown-battle') throw notFound('battle', id);
      const { status: _status, ...body } = outcome;
      return c.json(body satisfies PublishResponse);
    },
    started,
    timing({ total: false }),
  ),
  route(endpoints.watchBattle, async (c, { params, query }) => {
    const { id } = params;
    if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') {
      throw new ApiException(
        426,
        'upgrade_required',
        'this endpoint is a WebSocket: send Upgrade: websocket',
        [{ path: 'Upgrade', message: 'expected websocket' }],
      );
    }
    // A blind battle's viewer who is neither its owner nor an admin gets the sealed frames.
    const seal = (await loadSeals(getDb(c.env), [id])).get(id);
    if (!seal) throw notFound('battle', id);
    const sealed = isHiddenFrom(c.get('viewer') ?? publicViewer(Date.now()), seal);
    const res = await roomFor(c.env, id).fetch(
      new Request('https://battle-room/live', {
        headers: {
          Upgrade: 'websocket',
          [ROOM_BATTLE_HEADER]: id,
          [ROOM_BATCH_HEADER]: query.batch,
          [ROOM_SEALED_HEADER]: sealed ? '1' : '0',
        },
      }),
    );
    if (res.status === 404) throw notFound('battle', id);
    if (res.status === 503) {
      throw new ApiException(503, 'room_full', `this battle already has ${MAX_VIEWERS} viewers`, [
        { path: 'id', message: 'try again later' },
      ]);
    }
    if (res.status !== 101 || !res.webSocket) throw new Error(`battle room answered ${res.status}`);
    return new Response(null, { status: 101, webSocket: res.webSocket });
  }),
]);
