import { DurableObject } from 'cloudflare:workers';
import { type BattleEvent, type BattleState, isLiveEnded, toSnapshot } from '@ringside/shared';
import { getDb } from '../db/client.ts';
import { battleState, endedPhase } from './battle-state.ts';
import { coalesceFrames } from './coalesce.ts';
import { CLOSE_CODES, Fanout, safeClose } from './fanout.ts';
import { applyBatch, type RoomState } from './room-state.ts';
import { RoomStore } from './room-store.ts';
import { sealFrame, sealLetters, sealSnapshot } from './sealed-frames.ts';

/**
 * One battle's live room (PRODUCT F16): applies the events the runner publishes to the state so
 * far (kept in SQLite storage, so it survives hibernation and eviction) and fans them out to the
 * battle's viewers over hibernatable WebSockets tagged with the battle id. The worker authorises
 * and validates everything before it reaches here; viewers can only receive.
 */

/** Headers the worker sets on a viewer's upgrade request: the battle id, and `1` for batch mode. */
export const ROOM_BATTLE_HEADER = 'X-Ringside-Battle';
export const ROOM_BATCH_HEADER = 'X-Ringside-Batch';
/** `1` when the viewer gets the sealed frames of a blind battle (sealed-frames.ts). */
export const ROOM_SEALED_HEADER = 'X-Ringside-Sealed';
/** The tag of sealed viewers' sockets (besides the battle id, which every viewer has). */
const SEALED_TAG = 'sealed';
/** More viewers than this in one room are refused (503): one object's CPU serves them all. */
export const MAX_VIEWERS = 10_000;
/** An ended battle's room is wiped this long after the end; D1 holds the results. */
export const RETENTION_MS = 24 * 60 * 60 * 1000;
/** A running room that heard nothing for this long asks D1 whether the battle ended meanwhile. */
const RECHECK_MS = 60_000;

export type PublishOutcome =
  | { status: 'ok'; accepted: number; duplicates: number; viewers: number }
  | { status: 'unknown-battle' };

export class BattleRoom extends DurableObject<Env> {
  private store: RoomStore;
  private room: RoomState | null = null;
  /** the serialised snapshot until the next change: a reconnect storm serialises it once */
  private snapshotJson: string | null = null;
  /** the same for sealed viewers */
  private sealedSnapshotJson: string | null = null;
  /** the D1 lookup in flight: viewers arriving together share one query */
  private lookup: Promise<BattleState | null> | null = null;
  private readonly fanout = new Fanout();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RoomStore(ctx.storage.sql);
    // Answered by the runtime, without waking a hibernated room: the viewers' keep-alive.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'));
  }

  /** A batch of events, already validated and checked to belong to `battleId` by the worker. */
  async publish(battleId: string, events: BattleEvent[]): Promise<PublishOutcome> {
    const room = await this.open(battleId);
    if (!room) return { status: 'unknown-battle' };
    const wasEnded = isLiveEnded(room.live);
    const { live, applied, changes } = applyBatch(room.live, events);
    room.live = live;
    if (applied.length > 0) this.dropSnapshots();

    // Fan out before writing: an output gate holds a message until every write made before it is
    // committed, so this way viewers do not wait for the commit. Should the write fail, the
    // object is reset and the publisher's retry applies the batch again; a viewer still connected
    // may then see those frames twice (live is best-effort; the stored result is the truth).
    const sockets = this.ctx.getWebSockets(battleId);
    if (applied.length > 0 && sockets.length > 0) {
      const sealed = new Set(this.ctx.getWebSockets(SEALED_TAG));
      const coalesced = coalesceFrames(applied);
      const open = sockets.filter((ws) => !sealed.has(ws));
      if (open.length > 0) {
        const frames = coalesced.map((f) => JSON.stringify(f));
        this.fanout.broadcast(open, frames, () => this.snapshot(room));
      }
      if (sealed.size > 0) {
        const letterOf = sealLetters(room.live.start);
        const frames = coalesced.flatMap((f) => {
          const out = sealFrame(f, letterOf);
          return out ? [JSON.stringify(out)] : [];
        });
        if (frames.length > 0) this.fanout.broadcast(sealed, frames, () => this.snapshot(room, true));
      }
    }
    this.store.saveBatch(room, changes);
    this.store.setMeta({ publishedAt: Date.now() });
    if (!wasEnded && isLiveEnded(room.live)) await this.end(room);
    else if (wasEnded && !isLiveEnded(room.live)) await this.ctx.storage.deleteAlarm();
    return {
      status: 'ok',
      accepted: applied.length,
      duplicates: events.length - applied.length,
      viewers: sockets.length,
    };
  }

  /** A viewer's WebSocket upgrade, forwarded by the worker's `GET /api/battles/:id/live`. */
  override async fetch(request: Request): Promise<Response> {
    const battleId = request.headers.get(ROOM_BATTLE_HEADER);
    if (!battleId || request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') {
      return new Response(null, { status: 400 });
    }
    const room = await this.open(battleId, { viewer: true });
    if (!room) return new Response(null, { status: 404 });
    if (this.ctx.getWebSockets(battleId).length >= MAX_VIEWERS) return new Response(null, { status: 503 });

    const sealed = request.headers.get(ROOM_SEALED_HEADER) === '1';
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, sealed ? [battleId, SEALED_TAG] : [battleId]);
    this.fanout.join(server, { batch: request.headers.get(ROOM_BATCH_HEADER) === '1' });
    this.fanout.sendOne(server, this.snapshot(room, sealed));
    if (isLiveEnded(room.live)) safeClose(server, CLOSE_CODES.ended, 'battle over');
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Viewers are read-only: `ping` is answered (normally by the runtime), anything else closes. */
  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    if (message === 'ping') {
      ws.send('pong');
      return;
    }
    safeClose(ws, CLOSE_CODES.readOnly, 'viewers are read-only: send only "ping"');
  }

  override webSocketClose(ws: WebSocket): void {
    // Completes the closing handshake: without the reply, local workerd left a viewer's close
    // hanging for 10 s and reported 1006. 1000 is always a valid code to send.
    safeClose(ws, 1000, 'bye');
  }

  override webSocketError(ws: WebSocket): void {
    safeClose(ws, 1011, 'socket error');
  }

  /** Wipes an ended battle's room after `RETENTION_MS`; a later viewer is answered from D1. */
  override async alarm(): Promise<void> {
    const battleId = this.store.meta().battleId;
    const room = battleId ? this.store.load(battleId) : null;
    if (room && !isLiveEnded(room.live)) return;
    await this.ctx.storage.deleteAll();
    this.store = new RoomStore(this.ctx.storage.sql);
    this.room = null;
    this.dropSnapshots();
  }

  private snapshot(room: RoomState, sealed = false): string {
    if (sealed) {
      this.sealedSnapshotJson ??= JSON.stringify(
        sealSnapshot(toSnapshot(room.live, room.battleId), sealLetters(room.live.start)),
      );
      return this.sealedSnapshotJson;
    }
    this.snapshotJson ??= JSON.stringify(toSnapshot(room.live, room.battleId));
    return this.snapshotJson;
  }

  private dropSnapshots() {
    this.snapshotJson = null;
    this.sealedSnapshotJson = null;
  }

  /**
   * The room's state, loaded once per wake-up; null when D1 has no such battle (checked once,
   * then remembered). For a viewer, a running room that has been quiet asks D1 again: a runner
   * that crashed or lost the API never sends its battle-end, and viewers must not wait forever.
   */
  private async open(battleId: string, opts: { viewer?: boolean } = {}): Promise<RoomState | null> {
    const meta = this.store.meta();
    if (meta.battleId === null) this.store.setMeta({ battleId });
    this.room ??= this.store.load(battleId);
    const room = this.room;
    const now = Date.now();
    const quiet = now - meta.publishedAt > RECHECK_MS && now - meta.checkedAt > RECHECK_MS;
    if (meta.known && !(opts.viewer && !isLiveEnded(room.live) && quiet)) return room;

    this.lookup ??= battleState(getDb(this.env), battleId).finally(() => {
      this.lookup = null;
    });
    const state = await this.lookup;
    this.store.setMeta({ known: state !== null, checkedAt: now });
    if (state === null) return null;
    const ended = endedPhase(state);
    if (opts.viewer && ended && !isLiveEnded(room.live)) {
      room.live = { ...room.live, state: ended };
      this.store.saveBatch(room, [{ kind: 'room' }]);
      this.dropSnapshots();
      await this.end(room);
    }
    return room;
  }

  /** After the last frame: close every viewer cleanly, fold the text rows, schedule the wipe. */
  private async end(room: RoomState): Promise<void> {
    for (const ws of this.ctx.getWebSockets(room.battleId)) safeClose(ws, CLOSE_CODES.ended, 'battle over');
    this.store.compact(room);
    await this.ctx.storage.setAlarm(Date.now() + RETENTION_MS);
  }
}
