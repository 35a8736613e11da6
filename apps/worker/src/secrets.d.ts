// Secrets are not in wrangler.toml, so `wrangler types` cannot see them; they join its `Env` here.
interface Env {
  /** `wrangler secret put ARENA_SECRET`: voter cookies, IP hashes, pair tokens (32+ characters) */
  ARENA_SECRET?: string;
}
