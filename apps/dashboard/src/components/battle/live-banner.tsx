import { useEffect, useState } from 'react';
import type { LiveConnection } from '../../lib/use-live-battle.ts';

/** The state of the live socket, with a visible message and countdown while it reconnects. */
export function LiveBanner({ connection, ignored = 0 }: { connection: LiveConnection; ignored?: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (connection.status !== 'reconnecting') return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [connection.status]);

  switch (connection.status) {
    case 'off':
      return null;
    case 'connecting':
      return (
        <p className="live live-connecting" data-testid="live-status" data-status="connecting" role="status">
          Connecting to the live stream…
        </p>
      );
    case 'open':
      return (
        <p className="live live-open" data-testid="live-status" data-status="open" role="status">
          <span className="dot" aria-hidden="true" /> Live
          {ignored > 0 ? (
            <small data-testid="live-ignored"> ({ignored} unreadable messages ignored)</small>
          ) : null}
        </p>
      );
    case 'reconnecting': {
      const s = Math.max(0, Math.ceil((connection.retryAt - now) / 1000));
      return (
        <p className="live live-lost" data-testid="live-status" data-status="reconnecting" role="alert">
          Live connection lost ({connection.reason}). Reconnecting {s > 0 ? `in ${s} s` : 'now'} (attempt{' '}
          {connection.attempt})…
        </p>
      );
    }
    case 'ended':
      return (
        <p className="live live-ended" data-testid="live-status" data-status="ended" role="status">
          The battle has ended.
        </p>
      );
  }
}
