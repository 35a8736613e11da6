import { type ApiErrorDetail, type BattleEvent, BattleEventSchema, IdSchema } from '@ringside/shared';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { setMetric, timing } from 'hono/timing';
import { z } from 'zod';
import { isHiddenFrom, publicViewer } from '../arena/seal.ts';
import { type AuthEnv, requireScope } from '../auth/require-scope.ts';
import { getDb } from '../db/client.ts';
import { ApiException, notFound, zodDetails } from '../lib/errors.ts';
import { validate } from '../lib/validate.ts';
import { loadSeals } from '../queries/views.ts';
import { MAX_VIEWERS, ROOM_BATCH_HEADER, ROOM_BATTLE_HEADER, ROOM_SEALED_HEADER } from './battle-room.ts';

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
export const MAX_EVENTS_PER_BATCH = 1000;

export const PublishResponseSchema = z.object({
  /** events applied and fanned out */
  accepted: z.number().int(),
  /** events the room already had (a retried batch) */
  duplicates: z.number().int(),
  /** viewers connected when the batch was fanned out */
  viewers: z.number().int(),
});

const IdParam = z.object({ id: IdSchema });
/** `batch=1`: every message is an array of frames (ViewerBatchSchema), one per published batch. */
export const LiveQuerySchema = z.object({ batch: z.enum(['0', '1']).default('0') });
const Frames = z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH);

/** Marks the start, so Server-Timing can tell token check and validation from the room's work. */
const started = createMiddleware<AuthEnv>(async (c, next) => {
  c.set('requestStart', performance.now());
  await next();
});

const roomFor = (env: Env, battleId: string) => env.BATTLE_ROOM.get(env.BATTLE_ROOM.idFromName(battleId));

/** Every frame through `BattleEventSchema`; details name the frame's index and the field. */
export function parseEvents(battleId: string, frames: readonly unknown[]): BattleEvent[] {
  const events: BattleEvent[] = [];
  const details: ApiErrorDetail[] = [];
  frames.forEach((frame, i) => {
    const parsed = BattleEventSchema.safeParse(frame);
    if (!parsed.success) details.push(...zodDetails(parsed.error, String(i)));
    else if (parsed.data.battleId !== battleId) {
      details.push({ path: `${i}.battleId`, message: `expected '${battleId}', the battle in the URL` });
    } else events.push(parsed.data);
  });
  if (details.length > 0) {
    throw new ApiException(
      400,
      'invalid_body',
      'some frames are not valid events of this battle; none was applied',
      details.slice(0, 50),
    );
  }
  return events;
}

export const liveRoute = new Hono<AuthEnv>()
  .post(
    '/:id/events',
    started,
    timing({ total: false }),
    requireScope('runner'),
    validate('param', IdParam),
    validate('json', Frames),
    async (c) => {
      const { id } = c.req.valid('param');
      const events = parseEvents(id, c.req.valid('json'));
      const t = performance.now();
      setMetric(c, 'auth-validate', t - c.get('requestStart'));
      const outcome = await roomFor(c.env, id).publish(id, events);
      setMetric(c, 'room', performance.now() - t);
      if (outcome.status === 'unknown-battle') throw notFound('battle', id);
      const { status: _status, ...body } = outcome;
      return c.json(body satisfies z.infer<typeof PublishResponseSchema>);
    },
  )
  .get('/:id/live', validate('param', IdParam), validate('query', LiveQuerySchema), async (c) => {
    const { id } = c.req.valid('param');
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
          [ROOM_BATCH_HEADER]: c.req.valid('query').batch,
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
  });
