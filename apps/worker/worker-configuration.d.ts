// The worker's bindings (wrangler.toml). Kept by hand in the shape `wrangler types` produces.
interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  BATTLE_ROOM: DurableObjectNamespace<import('./src/live/battle-room.ts').BattleRoom>;
  ENVIRONMENT: string;
  /** secret (wrangler secret put ARENA_SECRET): voter cookies, IP hashes, pair tokens */
  ARENA_SECRET?: string;
}
declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    ASSETS: Fetcher;
    BATTLE_ROOM: DurableObjectNamespace<import('./src/live/battle-room.ts').BattleRoom>;
    ENVIRONMENT: string;
    ARENA_SECRET?: string;
  }
}
