import type { Lane } from '@ringside/shared';
import type { ServerKind } from './server-config.ts';

/**
 * The default lane of a server (PRODUCT §3): local servers share the box's GPU and run one
 * contestant at a time; cloud APIs run in parallel. An explicit `lane` in the config wins.
 */
const ALWAYS_LOCAL: ReadonlySet<ServerKind> = new Set(['llama-swap', 'llama-server', 'ollama', 'embedded']);

export function defaultLane(kind: ServerKind, baseUrl: string | undefined): Lane {
  if (ALWAYS_LOCAL.has(kind)) return 'local';
  if (kind === 'openai-compatible' && baseUrl !== undefined && isLoopbackUrl(baseUrl)) return 'local';
  return 'cloud';
}

/** localhost, *.localhost, 127.0.0.0/8, ::1 and 0.0.0.0. A LAN address is not assumed local: say so in the config. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '::1' ||
    host === '0.0.0.0'
  );
}
