import { EMPTY_LIVE_STATE } from '@ringside/shared';
import { useEffect, useReducer, useState } from 'react';
import { liveUrl } from './api.ts';
import { closeAction, isEndFrame, parseMessage, reconnectDelayMs, reduceLiveBatch } from './live-state.ts';

export type LiveConnection =
  | { status: 'off' }
  | { status: 'connecting'; attempt: number }
  | { status: 'open' }
  | { status: 'reconnecting'; attempt: number; retryAt: number; reason: string }
  | { status: 'ended' };

/**
 * The viewer socket of a battle while `enabled` (batch mode): folds each message's frames into a
 * LiveState, reconnects at once when the room dropped us for falling behind (4001) and with
 * backoff on other drops (the snapshot sent on every connect resyncs the texts), and stops once
 * the battle has ended. Invalid messages are ignored and counted in `ignored`. The state survives
 * disabling, so the last texts stay on screen until the stored battle replaces them. Mount it
 * once per battle (key the view by battle id).
 */
export function useLiveBattle(battleId: string, enabled: boolean) {
  const [live, dispatch] = useReducer(reduceLiveBatch, EMPTY_LIVE_STATE);
  const [connection, setConnection] = useState<LiveConnection>({ status: 'off' });
  const [ignored, setIgnored] = useState(0);

  useEffect(() => {
    if (!enabled) {
      setConnection((c) => (c.status === 'ended' ? c : { status: 'off' }));
      return;
    }
    let ws: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The room answers 'ping' with 'pong' without waking up: it keeps idle proxies from cutting
    // a quiet socket, and a dead one surfaces as a close instead of silence.
    const keepAlive = setInterval(() => {
      if (ws?.readyState === WebSocket.OPEN) ws.send('ping');
    }, 30_000);
    let attempt = 0;
    let ended = false;
    let disposed = false;

    const connect = () => {
      setConnection({ status: 'connecting', attempt });
      const socket = new WebSocket(liveUrl(battleId));
      ws = socket;
      socket.onopen = () => {
        attempt = 0;
        setConnection({ status: 'open' });
      };
      socket.onmessage = (ev: MessageEvent) => {
        const message = parseMessage(ev.data);
        if (message.kind === 'pong') return;
        if (message.kind === 'invalid') {
          setIgnored((n) => n + 1); // not a batch we know: ignored, never cast
          return;
        }
        if (message.frames.some(isEndFrame)) ended = true;
        dispatch(message.frames);
      };
      socket.onclose = (ev: CloseEvent) => {
        if (disposed || ws !== socket) return;
        const action = closeAction(ev.code, ended);
        if (action === 'done') {
          setConnection({ status: 'ended' });
          return;
        }
        if (action === 'resync') {
          connect();
          return;
        }
        const delay = reconnectDelayMs(attempt);
        attempt += 1;
        setConnection({
          status: 'reconnecting',
          attempt,
          retryAt: Date.now() + delay,
          reason:
            ev.code === 1006 ? 'connection lost' : `closed (${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`,
        });
        timer = setTimeout(connect, delay);
      };
    };
    connect();
    return () => {
      disposed = true;
      clearTimeout(timer);
      clearInterval(keepAlive);
      ws?.close(1000, 'viewer left');
    };
  }, [battleId, enabled]);

  return { live, connection, ignored };
}
