// The worker's bindings (wrangler.toml). Kept by hand in the shape `wrangler types` produces.
interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  BATTLE_ROOM: DurableObjectNamespace<import('./src/live/battle-room.ts').BattleRoom>;
  ENVIRONMENT: string;
  /** blind voting: hours after entering the voting pool until a battle's identities are public */
  ARENA_REVEAL_AFTER_HOURS?: string;
  /** blind voting: votes on a battle's pairs that make its identities public sooner */
  ARENA_REVEAL_AFTER_VOTES?: string;
  /** secret (wrangler secret put ARENA_SECRET): voter cookies, IP hashes, pair tokens */
  ARENA_SECRET?: string;
}
declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    ASSETS: Fetcher;
    BATTLE_ROOM: DurableObjectNamespace<import('./src/live/battle-room.ts').BattleRoom>;
    ENVIRONMENT: string;
    ARENA_REVEAL_AFTER_HOURS?: string;
    ARENA_REVEAL_AFTER_VOTES?: string;
    ARENA_SECRET?: string;
  }
}
