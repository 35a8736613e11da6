/**
 * Security headers of every Ringside response, in one place for the worker (API responses, and
 * pages it serves itself) and the dashboard build (its `<meta>` policy and the `_headers` file
 * that static assets are served with). No imports: the dashboard's Vite config loads this file.
 */

/** Headers every response carries. */
export const COMMON_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  // The browser default, stated: other sites see only our origin, and same-origin POSTs keep
  // their Origin header (under `no-referrer` a browser sends `Origin: null`).
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  // For browsers without CSP `frame-ancestors`.
  'X-Frame-Options': 'DENY',
};

/** JSON, CSV and other API responses render nothing: no sources, no framing. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The dashboard's policy: scripts only from the site itself, so even markup that slipped past
 * the sanitiser could not run inline script or handlers; connections to the site (HTTP and its
 * WebSocket) and, for a Pages deployment, to the API's origin (`VITE_API_BASE`).
 */
export function dashboardCspDirectives(apiBase?: string): string[] {
  const api = apiBase ? new URL(apiBase).origin : '';
  const connect = ["'self'", api, api.replace(/^http/, 'ws')].filter(Boolean).join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ];
}

/** The dashboard policy as a header: `frame-ancestors` works only there, not in a `<meta>` tag. */
export const dashboardCspHeader = (apiBase?: string): string =>
  [...dashboardCspDirectives(apiBase), "frame-ancestors 'none'"].join('; ');

/** The dashboard policy for its `<meta http-equiv>` tag. */
export const dashboardCspMeta = (apiBase?: string): string => dashboardCspDirectives(apiBase).join('; ');

/**
 * A Cloudflare `_headers` file for the dashboard's static assets: with `run_worker_first` only
 * for `/api/*`, pages are served by the assets layer without the worker, so they get their
 * headers from here.
 */
export function assetHeadersFile(apiBase?: string): string {
  const headers = { ...COMMON_SECURITY_HEADERS, 'Content-Security-Policy': dashboardCspHeader(apiBase) };
  return `/*\n${Object.entries(headers)
    .map(([name, value]) => `  ${name}: ${value}\n`)
    .join('')}`;
}
