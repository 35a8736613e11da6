import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DIST = path.resolve(import.meta.dirname, '../../apps/dashboard/dist');

/** The worker serves the dashboard build as static assets; before the first build, a placeholder. */
export function ensureDashboardDist(): void {
  if (existsSync(path.join(DIST, 'index.html'))) return;
  mkdirSync(DIST, { recursive: true });
  writeFileSync(
    path.join(DIST, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>Ringside</title><p>The dashboard has not been built yet. The API is at <a href="/api/health">/api/health</a>.</p>\n',
  );
}
