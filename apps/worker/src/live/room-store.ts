import type { BattleStartEvent, LiveBattleState, LiveSlot } from '@ringside/shared';
import type { Change, RoomState } from './room-state.ts';

/**
 * The room's state in its Durable Object's SQLite storage, so it outlives hibernation and
 * eviction. Text is appended, one row per slot per published batch (no rewriting a growing string
 * on every frame), and folded into one row per slot when the battle ends. The room keeps the folded state in
 * memory while awake and reads it back from here after waking.
 */
export interface RoomMeta {
  battleId: string | null;
  /** the battle exists in D1 (checked once, then remembered) */
  known: boolean;
  /** epoch ms of the last D1 check */
  checkedAt: number;
  /** epoch ms of the last publish */
  publishedAt: number;
}

type SlotData = Omit<LiveSlot, 'text'>;

export class RoomStore {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    sql.exec(`
      CREATE TABLE IF NOT EXISTS room (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        battle_id TEXT,
        start TEXT,
        state TEXT NOT NULL DEFAULT 'running',
        end_at TEXT,
        known INTEGER NOT NULL DEFAULT 0,
        checked_at INTEGER NOT NULL DEFAULT 0,
        published_at INTEGER NOT NULL DEFAULT 0
      );
      INSERT OR IGNORE INTO room (id) VALUES (1);
      -- rowid keeps the order of first appearance (an upsert keeps it)
      CREATE TABLE IF NOT EXISTS slots (key TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS texts (
        slot TEXT NOT NULL,
        seq INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (slot, seq)
      );
    `);
  }

  meta(): RoomMeta {
    const row = this.sql
      .exec<{ battle_id: string | null; known: number; checked_at: number; published_at: number }>(
        'SELECT battle_id, known, checked_at, published_at FROM room WHERE id = 1',
      )
      .one();
    return {
      battleId: row.battle_id,
      known: row.known === 1,
      checkedAt: row.checked_at,
      publishedAt: row.published_at,
    };
  }

  setMeta(meta: Partial<RoomMeta>): void {
    if (meta.battleId !== undefined)
      this.sql.exec('UPDATE room SET battle_id = ? WHERE id = 1', meta.battleId);
    if (meta.known !== undefined) this.sql.exec('UPDATE room SET known = ? WHERE id = 1', meta.known ? 1 : 0);
    if (meta.checkedAt !== undefined)
      this.sql.exec('UPDATE room SET checked_at = ? WHERE id = 1', meta.checkedAt);
    if (meta.publishedAt !== undefined)
      this.sql.exec('UPDATE room SET published_at = ? WHERE id = 1', meta.publishedAt);
  }

  load(battleId: string): RoomState {
    const row = this.sql
      .exec<{ start: string | null; state: string; end_at: string | null }>(
        'SELECT start, state, end_at FROM room WHERE id = 1',
      )
      .one();
    const texts = new Map<string, string>();
    for (const t of this.sql.exec<{ slot: string; text: string }>(
      'SELECT slot, text FROM texts ORDER BY slot, seq',
    )) {
      texts.set(t.slot, (texts.get(t.slot) ?? '') + t.text);
    }
    const slots: Record<string, LiveSlot> = {};
    for (const s of this.sql.exec<{ key: string; data: string }>(
      'SELECT key, data FROM slots ORDER BY rowid',
    )) {
      // Written only by this class from a LiveSlot: no outside input to validate.
      const data = JSON.parse(s.data) as SlotData;
      slots[s.key] = { ...data, text: texts.get(s.key) ?? '' };
    }
    return {
      battleId,
      live: {
        start: row.start === null ? null : (JSON.parse(row.start) as BattleStartEvent),
        state: row.state as LiveBattleState,
        endAt: row.end_at,
        slots,
      },
    };
  }

  /**
   * Persists the changes `applyBatch` reported for one batch: the room row once, and per slot its
   * row once plus one text row with everything appended since the last reset, so a batch costs
   * about two writes per contestant however many frames it carries.
   */
  saveBatch(room: RoomState, changes: readonly Change[]): void {
    let roomChanged = false;
    const slots = new Map<string, { reset: boolean; seq: number; text: string }>();
    for (const change of changes) {
      if (change.kind === 'room') {
        roomChanged = true;
        continue;
      }
      const slot = slots.get(change.key) ?? { reset: false, seq: -1, text: '' };
      slots.set(change.key, slot);
      if (change.reset) Object.assign(slot, { reset: true, seq: -1, text: '' });
      if (change.append) {
        slot.seq = change.append.seq;
        slot.text += change.append.text;
      }
    }
    const { live } = room;
    if (roomChanged) {
      this.sql.exec(
        'UPDATE room SET start = ?, state = ?, end_at = ? WHERE id = 1',
        live.start === null ? null : JSON.stringify(live.start),
        live.state,
        live.endAt,
      );
    }
    for (const [key, pending] of slots) {
      const slot = live.slots[key];
      if (!slot) continue;
      const { text: _text, ...data } = slot;
      this.sql.exec(
        'INSERT INTO slots (key, data) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET data = excluded.data',
        key,
        JSON.stringify(data),
      );
      if (pending.reset) this.sql.exec('DELETE FROM texts WHERE slot = ?', key);
      if (pending.text !== '') {
        this.sql.exec(
          'INSERT OR IGNORE INTO texts (slot, seq, text) VALUES (?, ?, ?)',
          key,
          pending.seq,
          pending.text,
        );
      }
    }
  }

  /** One text row per slot: an ended battle's snapshot then loads with one row read per slot. */
  compact(room: RoomState): void {
    this.sql.exec('DELETE FROM texts');
    for (const [key, slot] of Object.entries(room.live.slots)) {
      if (slot.text !== '')
        this.sql.exec('INSERT INTO texts (slot, seq, text) VALUES (?, ?, ?)', key, slot.lastSeq, slot.text);
    }
  }
}
