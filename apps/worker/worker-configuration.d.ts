// The worker's bindings (wrangler.toml). Kept by hand in the shape `wrangler types` produces.
interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  ENVIRONMENT: string;
}
declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    ASSETS: Fetcher;
    ENVIRONMENT: string;
  }
}
