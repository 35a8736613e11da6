import path from 'node:path';
import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
// A relative import: the config is bundled by Vite, and this file has no imports of its own.
import { assetHeadersFile, dashboardCspMeta } from '../../packages/shared/src/security-headers.ts';

const here = import.meta.dirname;

/**
 * The built page's security policy, from the one definition the worker uses too: a `<meta>`
 * Content-Security-Policy in index.html, and a `_headers` file with the same policy plus
 * `frame-ancestors 'none'` (honoured only as a header), `nosniff` and a referrer policy, which
 * Cloudflare's static assets (and Pages) send with every file they serve.
 */
function contentSecurityPolicy(apiBase: string | undefined): Plugin {
  return {
    name: 'ringside-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="utf-8" />',
        `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${dashboardCspMeta(apiBase)}" />`,
      ),
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: assetHeadersFile(apiBase) });
    },
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
