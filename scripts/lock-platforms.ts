/**
 * `npm run lock:platforms`: completes package-lock.json with the other platforms' optional
 * binaries (biome, workerd) that this workplace's npm mirror does not serve. `npm install` here
 * skips them silently, but `npm ci` then refuses the lock ("Missing: … from lock file"). Each
 * added entry carries the os/cpu/libc its name implies, so npm never fetches it on a machine it
 * does not fit; on the real registry (a Mac, Windows) npm ci fetches it by name and version.
 * Run it after `npm install` changes the lock.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const file = path.resolve(import.meta.dirname, '../package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8')) as {
  packages: Record<
    string,
    { version?: string; optionalDependencies?: Record<string, string>; dev?: boolean; optional?: boolean }
  >;
};

const OS: [RegExp, string][] = [
  [/darwin|(^|[-/])mac-|macos/, 'darwin'],
  [/win32|windows|(^|[-/])win-/, 'win32'],
  [/android/, 'android'],
  [/freebsd/, 'freebsd'],
  [/linux/, 'linux'],
];
const CPU: [RegExp, string][] = [
  [/arm64|aarch64/, 'arm64'],
  [/x64|-64\b|x86_64|amd64/, 'x64'],
  [/ia32|x86\b/, 'ia32'],
  [/armv7|-arm\b|armv7l/, 'arm'],
  [/riscv64/, 'riscv64'],
];

function platformOf(name: string) {
  const os = OS.find(([re]) => re.test(name))?.[1];
  const cpu = CPU.find(([re]) => re.test(name))?.[1];
  return { os, cpu, musl: /musl/.test(name) };
}

// Entries this script added earlier (no integrity: never resolved here) are placed again from scratch.
for (const [at, pkg] of Object.entries(lock.packages)) {
  const p = pkg as { integrity?: string; optional?: boolean; os?: string[] };
  if (at !== '' && p.optional && p.os && !p.integrity) delete lock.packages[at];
}

/** Where npm resolves `dep` from the package at `at`: the nearest node_modules going up. */
function resolve(at: string, dep: string) {
  let dir = at;
  while (true) {
    const entry = lock.packages[`${dir ? `${dir}/` : ''}node_modules/${dep}`];
    if (entry) return entry;
    if (!dir) return undefined;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i === -1 ? '' : dir.slice(0, i);
  }
}

const added: string[] = [];
for (const [at, pkg] of Object.entries(lock.packages)) {
  for (const [dep, range] of Object.entries(pkg.optionalDependencies ?? {})) {
    const version = range.replace(/^[\^~=]/, '');
    const found = resolve(at, dep);
    if (found && found.version === version) continue;
    const { os, cpu, musl } = platformOf(dep);
    if (!os || !cpu) {
      console.warn(`left alone (platform not recognisable from the name): ${dep}`);
      continue;
    }
    // Nested under its parent when the hoisted copy (if any) is another version.
    const where = found || at === '' ? `${at ? `${at}/` : ''}node_modules/${dep}` : `node_modules/${dep}`;
    if (lock.packages[where]) continue;
    lock.packages[where] = {
      version,
      ...(pkg.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
      cpu: [cpu],
      ...(musl ? { libc: ['musl'] } : {}),
    } as never;
    added.push(`${where}@${version} (${os}/${cpu}${musl ? '/musl' : ''})`);
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  added.length
    ? `added ${added.length} platform entries:\n  ${added.join('\n  ')}`
    : 'the lock already lists every platform binary',
);
