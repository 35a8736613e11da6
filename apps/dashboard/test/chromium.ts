/**
 * Which Chromium the browser tests launch, and with which flags: `CHROMIUM_PATH` when set, else
 * Debian's `/usr/bin/chromium` when installed, else the build inside the npm package
 * `@sparticuz/chromium`, so that `npm ci && npm test` needs nothing from apt.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export interface ResolvedChromium {
  path: string;
  /** where it came from, for the one line the test run prints */
  source: string;
}

/**
 * Not `@sparticuz/chromium`'s own `args`: those are tuned for AWS Lambda, and some would change what
 * the tests check (`--disable-web-security` lifts the same-origin policy, `--single-process` puts
 * every test file's context in one crash-prone process). The build starts with these alone.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export async function resolveChromium(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedChromium> {
  const chosen = env.CHROMIUM_PATH;
  if (chosen) {
    // an explicit choice that is wrong fails, rather than quietly testing another browser
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH=${chosen} does not exist`);
    return { path: chosen, source: 'CHROMIUM_PATH' };
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: 'system' };
  return packagedChromium();
}

/**
 * Unpacks the packaged build once per version into `node_modules/.cache` (about 4 s, 210 MB).
 * The package unpacks into `os.tmpdir()` and reuses whatever `/tmp/chromium` it finds, even half
 * written by a concurrent run or left by another version; so it runs in a child whose TMPDIR is a
 * fresh folder, renamed into place only when complete.
 */
async function packagedChromium(): Promise<ResolvedChromium> {
  // (Vite's module runner, which loads global setups, has no import.meta.resolve)
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const pkgDir = join(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const cache = join(pkgDir, '..', '..', '.cache');
  const dir = join(cache, `sparticuz-chromium-${version}`);
  const source = `@sparticuz/chromium ${version}`;
  if (existsSync(join(dir, 'chromium'))) return { path: join(dir, 'chromium'), source };
  await mkdir(cache, { recursive: true });
  const staging = await mkdtemp(join(cache, 'sparticuz-chromium-unpacking-'));
  try {
    const script = `const c = (await import(${JSON.stringify(pathToFileURL(entry).href)})).default; process.stdout.write(await c.executablePath());`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TMPDIR: staging },
    });
    if (stdout !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${stdout}`);
    await rename(staging, dir);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    // another run finished first: its copy is as good
    if (!existsSync(join(dir, 'chromium'))) throw err;
  }
  return { path: join(dir, 'chromium'), source };
}
