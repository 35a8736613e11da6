import { z } from 'zod';

/**
 * Sends a battle's frames to its viewers without letting one slow viewer grow memory or hold up
 * the others. Each frame is serialised once and handed to every socket; nothing is queued per
 * viewer in the room. A viewer in batch mode (`?batch=1`) gets one message per published batch,
 * a JSON array of the frames; the others one message per frame.
 *
 * Backpressure: `send()` never blocks, it queues in the runtime. Before sending, the room looks
 * at the socket's `bufferedAmount`; above `highWaterBytes` the viewer is paused: it gets no more
 * live frames, so what the runtime holds for it stays below high water + one batch. Once its
 * queue has drained under `lowWaterBytes` it gets a fresh `battle-snapshot` (the whole state,
 * which replaces what it had: the deltas it missed are coalesced into it) and live frames again.
 * A viewer paused longer than `maxPausedMs` is closed with 4001: reconnect, and resync from the
 * snapshot. A socket whose `send` throws is closed.
 *
 * Limits: `bufferedAmount` counts only what this Durable Object's runtime still holds. On
 * Cloudflare the bytes then cross the edge to the viewer's connection, and under `wrangler dev`
 * they drain at once into workerd's own proxy (measured: 60 MB to a paused client left
 * `bufferedAmount` at 0), so a viewer slowed further along is not seen here.
 */
export interface ViewerSocket {
  send(message: string): void;
  close(code?: number, reason?: string): void;
  serializeAttachment(value: unknown): void;
  deserializeAttachment(): unknown;
  readonly bufferedAmount?: number;
}

const ViewerAttachmentSchema = z.object({
  joinedAt: z.number(),
  /** epoch ms since when the viewer gets no live frames; null while it keeps up */
  pausedAt: z.number().nullable(),
  resyncs: z.number().int().min(0),
  /** one message per batch (an array of frames) instead of one per frame */
  batch: z.boolean().default(false),
});
export type ViewerAttachment = z.infer<typeof ViewerAttachmentSchema>;

export const CLOSE_CODES = {
  /** the battle is over (its last frame was sent) */
  ended: 1000,
  /** the viewer sent something other than `ping` */
  readOnly: 1008,
  /** the viewer fell too far behind: reconnect to resync from the snapshot */
  lagging: 4001,
} as const;

export interface FanoutLimits {
  highWaterBytes: number;
  lowWaterBytes: number;
  maxPausedMs: number;
}

export const DEFAULT_LIMITS: FanoutLimits = {
  highWaterBytes: 1024 * 1024,
  lowWaterBytes: 64 * 1024,
  maxPausedMs: 30_000,
};

export interface BroadcastStats {
  viewers: number;
  /** messages sent */
  sent: number;
  paused: number;
  resynced: number;
  closed: number;
}

export class Fanout {
  // Attachments cached while the object is awake: deserialising one per socket per frame costs.
  private readonly attachments = new WeakMap<ViewerSocket, ViewerAttachment>();
  private readonly limits: FanoutLimits;
  private readonly now: () => number;

  constructor(limits: FanoutLimits = DEFAULT_LIMITS, now: () => number = Date.now) {
    this.limits = limits;
    this.now = now;
  }

  /** Records a new viewer's state on its socket (it survives hibernation there). */
  join(ws: ViewerSocket, opts: { batch: boolean }): void {
    this.write(ws, { joinedAt: this.now(), pausedAt: null, resyncs: 0, batch: opts.batch });
  }

  /** Sends one frame (already JSON) in the viewer's mode: `snapshot` on connect. */
  sendOne(ws: ViewerSocket, frame: string): boolean {
    return this.trySend(ws, [this.attachment(ws).batch ? `[${frame}]` : frame]);
  }

  attachment(ws: ViewerSocket): ViewerAttachment {
    const cached = this.attachments.get(ws);
    if (cached) return cached;
    const parsed = ViewerAttachmentSchema.safeParse(ws.deserializeAttachment());
    const value = parsed.success
      ? parsed.data
      : { joinedAt: this.now(), pausedAt: null, resyncs: 0, batch: false };
    this.attachments.set(ws, value);
    return value;
  }

  /**
   * Sends `frames` (already JSON) to every socket, applying the policy above. `snapshot` is
   * called at most once, only if a paused viewer is resumed.
   */
  broadcast(sockets: Iterable<ViewerSocket>, frames: readonly string[], snapshot: () => string) {
    const stats: BroadcastStats = { viewers: 0, sent: 0, paused: 0, resynced: 0, closed: 0 };
    let snap: string | undefined;
    const batched = [`[${frames.join(',')}]`];
    const now = this.now();
    for (const ws of sockets) {
      stats.viewers++;
      const att = this.attachment(ws);
      const buffered = ws.bufferedAmount ?? 0;
      if (att.pausedAt !== null) {
        if (buffered <= this.limits.lowWaterBytes) {
          snap ??= snapshot();
          if (!this.sendOne(ws, snap)) {
            stats.closed++;
            continue;
          }
          this.write(ws, { ...att, pausedAt: null, resyncs: att.resyncs + 1 });
          stats.resynced++;
        } else if (now - att.pausedAt > this.limits.maxPausedMs) {
          safeClose(ws, CLOSE_CODES.lagging, 'too far behind: reconnect to resync');
          stats.closed++;
        } else stats.paused++;
        continue;
      }
      if (buffered > this.limits.highWaterBytes) {
        this.write(ws, { ...att, pausedAt: now });
        stats.paused++;
        continue;
      }
      const messages = att.batch ? batched : frames;
      if (this.trySend(ws, messages)) stats.sent += messages.length;
      else stats.closed++;
    }
    return stats;
  }

  private trySend(ws: ViewerSocket, frames: readonly string[]): boolean {
    try {
      for (const f of frames) ws.send(f);
      return true;
    } catch {
      safeClose(ws, 1011, 'send failed');
      return false;
    }
  }

  private write(ws: ViewerSocket, value: ViewerAttachment) {
    this.attachments.set(ws, value);
    ws.serializeAttachment(value);
  }
}

/** Closing a socket that is already closing throws; either way it is gone. */
export function safeClose(ws: Pick<ViewerSocket, 'close'>, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // already closed
  }
}
