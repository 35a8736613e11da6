import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { isErrno, removeTempFiles, syncDir, writeFileAtomic } from '../store/atomic-file.ts';
import { stableStringify } from '../store/stable-json.ts';
import type { ApiClient } from './api-client.ts';
import type { UploadFailure, UploadOutcome } from './api-outcome.ts';
import { type ChunkLimits, chunkResults, DEFAULT_CHUNK_LIMITS } from './chunk-results.ts';
import {
  entryName,
  entryStamp,
  isEntryName,
  type RejectedEntry,
  RejectedEntrySchema,
  type Rejection,
  type SpoolEntry,
  SpoolEntrySchema,
  type SpoolPayload,
  type SpoolPayloadInput,
  SpoolPayloadSchema,
} from './spool-entry.ts';
import { tryLock } from './spool-lock.ts';

/**
 * The on-disk upload queue (PRODUCT F21): every upload is written here first, one file per request,
 * and removed only once the API has accepted it. `drain` sends the files in order, stops at the first
 * failure that may pass later (API down, 429/5xx after retries, or a refused token) keeping the rest,
 * and moves a payload refused for good (409, 400, 403, 404…) to `rejected/` with the reason, so it is
 * never lost and never blocks the queue. A process may die at any point: a payload is either still
 * in the spool (and re-sent: ids make that harmless) or accepted.
 */

export type SpoolClient = Pick<ApiClient, 'putBattle' | 'patchBattle' | 'postResultsBatch'>;

export interface SpoolOptions {
  /** wall clock in ms, for entry names and times */
  now?: () => number;
  /** entries and merged requests stay within these */
  limits?: Partial<ChunkLimits>;
  /** a drain lock not refreshed for this long is taken over; default 5 minutes */
  staleLockMs?: number;
  /** temp files older than this are left by dead writers and removed; default 10 minutes */
  staleTempMs?: number;
}

export interface DrainReport {
  /** drained: nothing left that was there; stopped: a failure that may pass later; busy: another drain runs */
  state: 'drained' | 'stopped' | 'busy';
  /** entries the API accepted */
  sent: number;
  rejected: { entry: string; rejection: Rejection }[];
  /** entries still waiting */
  remaining: number;
  stoppedBy?: Extract<UploadFailure, { kind: 'unavailable' | 'unauthorized' }>;
}

export const REJECTED_DIR = 'rejected';
const LOCK_FILE = '.lock';

type Loaded =
  | { name: string; entry: SpoolEntry; bytes: number }
  | { name: string; unreadable: string; raw: string };

export class Spool {
  readonly dir: string;
  readonly rejectedDir: string;
  #now: () => number;
  #limits: ChunkLimits;
  #staleLockMs: number;
  #staleTempMs: number;
  #lastStamp: number | undefined;
  #sequence = 0;

  /** `dir` is the spool folder itself, e.g. `.ringside/spool` (see spoolDir). */
  constructor(dir: string, opts: SpoolOptions = {}) {
    this.dir = dir;
    this.rejectedDir = join(dir, REJECTED_DIR);
    this.#now = opts.now ?? Date.now;
    this.#limits = { ...DEFAULT_CHUNK_LIMITS, ...opts.limits };
    this.#staleLockMs = opts.staleLockMs ?? 5 * 60_000;
    this.#staleTempMs = opts.staleTempMs ?? 10 * 60_000;
  }

  /**
   * Writes a payload to the spool, atomically; results beyond the limits become several entries
   * (the battle with the first). Resolves with the entry names once they are on disk.
   */
  async enqueue(input: SpoolPayloadInput): Promise<string[]> {
    const payload = SpoolPayloadSchema.parse(input);
    await this.#ready();
    const payloads: SpoolPayload[] =
      payload.kind === 'results'
        ? chunkResults(payload.results, this.#limits).map((results, i) => ({
            kind: 'results',
            ...(i === 0 && payload.battle ? { battle: payload.battle } : {}),
            results,
          }))
        : [payload];
    const names: string[] = [];
    for (const p of payloads) {
      const name = await this.#nextName();
      const entry: SpoolEntry = { format: 1, enqueuedAt: new Date(this.#now()).toISOString(), payload: p };
      await writeFileAtomic(join(this.dir, name), JSON.stringify(entry));
      names.push(name);
    }
    return names;
  }

  /** Entry names waiting to be sent, in sending order. */
  async pending(): Promise<string[]> {
    await this.#ready();
    return (await readdir(this.dir)).filter(isEntryName).sort();
  }

  /** What was set aside, with the reasons. */
  async rejected(): Promise<(RejectedEntry & { file: string })[]> {
    await this.#ready();
    const out: (RejectedEntry & { file: string })[] = [];
    for (const file of (await readdir(this.rejectedDir)).filter((n) => n.endsWith('.json')).sort()) {
      const parsed = RejectedEntrySchema.safeParse(
        parseJson(await readFile(join(this.rejectedDir, file), 'utf8')),
      );
      if (parsed.success) out.push({ ...parsed.data, file });
    }
    return out;
  }

  /** Sends what the spool holds, in order; see the file comment for what stops it. */
  async drain(client: SpoolClient): Promise<DrainReport> {
    await this.#ready();
    const lock = await tryLock(join(this.dir, LOCK_FILE), { staleMs: this.#staleLockMs });
    if (!lock) return { state: 'busy', sent: 0, rejected: [], remaining: (await this.pending()).length };
    const report: DrainReport = { state: 'drained', sent: 0, rejected: [], remaining: 0 };
    try {
      await removeTempFiles(this.dir, { olderThanMs: this.#staleTempMs });
      await removeTempFiles(this.rejectedDir, { olderThanMs: this.#staleTempMs });
      // Entries enqueued while draining are picked up by listing again until nothing is left.
      for (let names = await this.pending(); names.length > 0; names = await this.pending()) {
        const stop = await this.#drainNames(client, names, report);
        if (stop) {
          report.state = 'stopped';
          report.stoppedBy = stop;
          break;
        }
        await lock.refresh();
      }
      report.remaining = (await this.pending()).length;
      return report;
    } finally {
      await lock.release();
    }
  }

  async #drainNames(client: SpoolClient, names: string[], report: DrainReport) {
    // After a merged request was refused, its entries go one by one so only the bad one is set aside.
    let singlesUntil = 0;
    for (let i = 0; i < names.length; ) {
      const group = await this.#loadGroup(names, i, i < singlesUntil);
      const first = group[0];
      if (!first) {
        i += 1; // sent and removed by an overlapping drain
        continue;
      }
      if ('unreadable' in first) {
        const rejection = unreadable(first.unreadable, this.#now());
        await this.#setAside(first.name, null, rejection, first.raw);
        await this.#remove([first.name]);
        report.rejected.push({ entry: first.name, rejection });
        i += 1;
        continue;
      }
      if (group.length > 1) {
        const entries = group as Extract<Loaded, { entry: SpoolEntry }>[];
        const results = entries.flatMap((g) =>
          g.entry.payload.kind === 'results' ? g.entry.payload.results : [],
        );
        const head = first.entry.payload;
        const battle = head.kind === 'results' ? head.battle : undefined;
        const out = await client.postResultsBatch({ battle, results });
        if (out.ok) {
          await this.#remove(entries.map((g) => g.name));
          report.sent += entries.length;
          i += entries.length;
          continue;
        }
        if (stopsDrain(out)) return out;
        singlesUntil = i + entries.length;
        continue;
      }
      const out = await send(client, first.entry.payload);
      if (out.ok) {
        await this.#remove([first.name]);
        report.sent += 1;
        i += 1;
        continue;
      }
      if (stopsDrain(out)) return out;
      const split = await this.#splitConflict(first.name, first.entry, out, report);
      if (split) continue; // the rest of the entry is sent again at the same place
      const rejection = toRejection(out, this.#now());
      await this.#setAside(first.name, first.entry, rejection);
      await this.#remove([first.name]);
      report.rejected.push({ entry: first.name, rejection });
      i += 1;
    }
    return undefined;
  }

  /**
   * A results entry refused because some of its results conflict: those are set aside, the entry is
   * rewritten with the others (order kept), and true is returned. False when the whole entry is at fault.
   */
  async #splitConflict(name: string, entry: SpoolEntry, out: UploadFailure, report: DrainReport) {
    const payload = entry.payload;
    if (out.kind !== 'conflict' || payload.kind !== 'results') return false;
    const ids = new Set(out.ids);
    const bad = payload.results.filter((r) => ids.has(r.id));
    const good = payload.results.filter((r) => !ids.has(r.id));
    if (bad.length === 0 || good.length === 0) return false;
    const rejection = toRejection({ ...out, ids: bad.map((r) => r.id) }, this.#now());
    const part = `${name.slice(0, -'.json'.length)}-conflict-${shortHash(rejection.ids)}.json`;
    // Set aside first, then shrink: a crash in between re-sends the whole entry and does this again.
    await this.#setAside(part, { ...entry, payload: { ...payload, results: bad } }, rejection);
    await writeFileAtomic(
      join(this.dir, name),
      JSON.stringify({ ...entry, payload: { ...payload, results: good } }),
    );
    report.rejected.push({ entry: part, rejection });
    return true;
  }

  /** The entry at `i`, followed — when it holds results — by the results entries that fit in one request. */
  async #loadGroup(names: string[], i: number, single: boolean): Promise<Loaded[]> {
    const first = await this.#load(names[i]!);
    if (!first) return [];
    if (single || 'unreadable' in first || first.entry.payload.kind !== 'results') return [first];
    const group: Loaded[] = [first];
    let count = first.entry.payload.results.length;
    let bytes = first.bytes;
    for (let j = i + 1; j < names.length; j++) {
      const next = await this.#load(names[j]!);
      if (!next || 'unreadable' in next) break;
      const p = next.entry.payload;
      if (p.kind !== 'results' || p.battle) break;
      if (count + p.results.length > this.#limits.maxResults || bytes + next.bytes > this.#limits.maxBytes)
        break;
      group.push(next);
      count += p.results.length;
      bytes += next.bytes;
    }
    return group;
  }

  async #load(name: string): Promise<Loaded | undefined> {
    let raw: string;
    try {
      raw = await readFile(join(this.dir, name), 'utf8');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return undefined;
      throw err;
    }
    const parsed = SpoolEntrySchema.safeParse(parseJson(raw));
    if (!parsed.success) return { name, unreadable: z.prettifyError(parsed.error), raw };
    return { name, entry: parsed.data, bytes: Buffer.byteLength(raw) };
  }

  async #setAside(file: string, entry: SpoolEntry | null, rejection: Rejection, raw?: string) {
    const body: RejectedEntry = { format: 1, rejection, entry, ...(raw === undefined ? {} : { raw }) };
    await writeFileAtomic(join(this.rejectedDir, file), `${JSON.stringify(body, null, 2)}\n`);
  }

  async #remove(names: string[]) {
    for (const name of names) {
      await unlink(join(this.dir, name)).catch((err: unknown) => {
        if (!isErrno(err, 'ENOENT')) throw err;
      });
    }
    await syncDir(this.dir);
  }

  async #nextName(): Promise<string> {
    if (this.#lastStamp === undefined) {
      const names = (await readdir(this.dir)).filter(isEntryName).sort();
      // Strictly after what is there: another instance's sequence numbers mean nothing to ours.
      this.#lastStamp = names.length > 0 ? entryStamp(names[names.length - 1]!) + 1 : 0;
    }
    this.#lastStamp = Math.max(this.#now(), this.#lastStamp);
    this.#sequence += 1;
    return entryName(this.#lastStamp, this.#sequence);
  }

  async #ready() {
    await mkdir(this.rejectedDir, { recursive: true });
  }
}

/** `<stateDir>/spool`, the spool's place in the runner's state folder (e.g. `.ringside`). */
export function spoolDir(stateDir: string): string {
  return join(stateDir, 'spool');
}

function send(client: SpoolClient, payload: SpoolPayload): Promise<UploadOutcome<unknown>> {
  switch (payload.kind) {
    case 'battle-put':
      return client.putBattle(payload.battle);
    case 'battle-patch':
      return client.patchBattle(payload.battleId, payload.patch);
    case 'results':
      return client.postResultsBatch({ battle: payload.battle, results: payload.results });
  }
}

/** The API being unreachable or the token being refused holds for every payload: keep them all. */
function stopsDrain(
  out: UploadFailure,
): out is Extract<UploadFailure, { kind: 'unavailable' | 'unauthorized' }> {
  return out.kind === 'unavailable' || out.kind === 'unauthorized';
}

function toRejection(out: UploadFailure, nowMs: number): Rejection {
  return {
    at: new Date(nowMs).toISOString(),
    kind: out.kind,
    status: out.status,
    code: 'code' in out ? out.code : out.kind,
    message: out.message,
    ids: out.kind === 'conflict' ? out.ids : [],
  };
}

function unreadable(why: string, nowMs: number): Rejection {
  return {
    at: new Date(nowMs).toISOString(),
    kind: 'unreadable',
    status: null,
    code: 'unreadable',
    message: `not a valid spool entry:\n${why}`,
    ids: [],
  };
}

function shortHash(ids: string[]): string {
  return createHash('sha256')
    .update(stableStringify([...ids].sort()))
    .digest('hex')
    .slice(0, 8);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
