import { useEffect, useReducer, useState } from 'react';
import { liveUrl } from './api.ts';
import { EMPTY_LIVE, parseFrame, reconnectDelayMs, reduceLive } from './live-state.ts';

export type LiveConnection =
  | { status: 'off' }
  | { status: 'connecting'; attempt: number }
  | { status: 'open' }
  | { status: 'reconnecting'; attempt: number; retryAt: number; reason: string }
  | { status: 'ended' };

/**
 * The viewer socket of a battle while `enabled`: folds its frames into a LiveState, reconnects
 * with backoff when the socket drops (the snapshot sent on every connect resyncs the texts), and
 * stops once the battle has ended. The state survives disabling, so the last texts stay on screen
 * until the stored battle replaces them. Mount it once per battle (key the view by battle id).
 */
export function useLiveBattle(battleId: string, enabled: boolean) {
  const [live, dispatch] = useReducer(reduceLive, EMPTY_LIVE);
  const [connection, setConnection] = useState<LiveConnection>({ status: 'off' });

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
        const frame = parseFrame(ev.data);
        if (!frame) return; // not a frame we know: ignored, never cast
        if (
          frame.type === 'battle-end' ||
          frame.type === 'battle-stop' ||
          (frame.type === 'battle-snapshot' && frame.state !== 'running')
        ) {
          ended = true;
        }
        dispatch(frame);
      };
      socket.onclose = (ev: CloseEvent) => {
        if (disposed || ws !== socket) return;
        if (ended) {
          setConnection({ status: 'ended' });
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

  return { live, connection };
}
