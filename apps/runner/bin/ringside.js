#!/usr/bin/env node
// The `ringside` command. The runner is TypeScript run by Node's type stripping (Node >= 22.12);
// on an older system Node, re-run with the Node 22 that `npm ci` installed into the repository.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  const local = join(here, '..', '..', '..', 'node_modules', '.bin', 'node');
  if (!existsSync(local)) {
    console.error(
      `ringside needs Node 22.12 or newer (this is ${process.versions.node}); run npm ci in the repository`,
    );
    process.exit(1);
  }
  const r = spawnSync(local, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
