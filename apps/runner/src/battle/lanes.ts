import type { Lane } from '@ringside/shared';

/**
 * The two lanes of PRODUCT §3: local jobs strictly one at a time (one model on the box's GPU,
 * never two requests in flight to a local server), cloud jobs in parallel up to a cap; the two
 * lanes run at the same time. Jobs not started when `signal` aborts are skipped (undefined).
 */
export interface LaneJob<T> {
  lane: Lane;
  run: () => Promise<T>;
}

export async function runLanes<T>(
  jobs: readonly LaneJob<T>[],
  opts: { cloudConcurrency: number; signal?: AbortSignal },
): Promise<(T | undefined)[]> {
  const out: (T | undefined)[] = new Array(jobs.length).fill(undefined);
  const queue = (lane: Lane) => jobs.map((job, index) => ({ job, index })).filter((j) => j.job.lane === lane);

  const worker = async (items: { job: LaneJob<T>; index: number }[]) => {
    while (items.length > 0) {
      if (opts.signal?.aborted) return;
      const next = items.shift()!;
      out[next.index] = await next.job.run();
    }
  };
  const local = queue('local');
  const cloud = queue('cloud');
  const cloudWorkers = Math.max(1, Math.min(opts.cloudConcurrency, cloud.length));
  await Promise.all([worker(local), ...Array.from({ length: cloudWorkers }, () => worker(cloud))]);
  return out;
}
