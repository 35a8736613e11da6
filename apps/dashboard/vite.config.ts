import path from 'node:path';
import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = import.meta.dirname;

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
  ],
  build: { outDir: path.join(here, 'dist'), emptyOutDir: true, sourcemap: true },
  server: {
    // `vite dev` talks to a local worker for the API and the live socket.
    proxy: { '/api': { target: process.env.RINGSIDE_API ?? 'http://127.0.0.1:8787', ws: true } },
  },
});
