import path from 'node:path';
import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = import.meta.dirname;

/**
 * A Content-Security-Policy for the built page: scripts only from the site itself, so even
 * markup that slipped past the sanitiser could not run inline script or handlers. Connections
 * go to the site and, for a Pages deployment, to the API's origin (`VITE_API_BASE`).
 */
function contentSecurityPolicy(apiBase: string | undefined): Plugin {
  const api = apiBase ? new URL(apiBase).origin : '';
  const connect = ["'self'", api, api.replace(/^http/, 'ws')].filter(Boolean).join(' ');
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  return {
    name: 'ringside-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="utf-8" />',
        `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
      ),
  };
}

/** The dashboard builds to static files (`dist/`) that the worker serves with an SPA fallback. */
export default defineConfig({
  root: here,
  plugins: [
    // Must come before the React plugin: it rewrites route files for code splitting.
    tanstackRouter({
      target: 'react',
      autoCodeSplitting: true,
      routesDirectory: path.join(here, 'src/routes'),
      generatedRouteTree: path.join(here, 'src/routeTree.gen.ts'),
      quoteStyle: 'single',
      semicolons: true,
    }),
    react(),
    contentSecurityPolicy(process.env.VITE_API_BASE),
  ],
  build: { outDir: path.join(here, 'dist'), emptyOutDir: true, sourcemap: true },
  server: {
    // `vite dev` talks to a local worker for the API and the live socket.
    proxy: { '/api': { target: process.env.RINGSIDE_API ?? 'http://127.0.0.1:8787', ws: true } },
  },
});
