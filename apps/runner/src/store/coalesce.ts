/**
 * Wraps a save function so that when a caller's promise resolves, a save that began after the call
 * has finished — so every change made before the call is on disk — while a burst of calls during one
 * save shares a single follow-up save instead of queueing one each.
 */
export function coalesce(save: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;

  const start = (): Promise<void> => {
    const p: Promise<void> = save().finally(() => {
      if (running === p) running = null;
    });
    running = p;
    return p;
  };

  return () => {
    if (queued) return queued;
    if (!running) return start();
    queued = running
      .catch(() => {})
      .then(() => {
        queued = null;
        return start();
      });
    return queued;
  };
}
