import { inject } from 'vitest';

/** What the global setup provides to every browser test file. */
declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    runnerToken: string;
    adminToken: string;
    browserWsEndpoint: string;
  }
}

export const stack = () => ({
  baseUrl: inject('baseUrl'),
  runnerToken: inject('runnerToken'),
  adminToken: inject('adminToken'),
  browserWsEndpoint: inject('browserWsEndpoint'),
});

/**
 * Makes a battle public now (an admin's `POST /api/battles/:id/reveal`): a battle of two models
 * is blind until its reveal (PRODUCT F13), and most tests are about the page of a public one.
 */
export const revealBattle = (id: string) =>
  apiWrite('POST', `/api/battles/${encodeURIComponent(id)}/reveal`, {}, stack().adminToken);

/** A write to the local API with the runner token; fails the test on a non-2xx answer. */
export async function apiWrite(
  method: 'PUT' | 'POST' | 'PATCH',
  path: string,
  body: unknown,
  token?: string,
) {
  const { baseUrl, runnerToken } = stack();
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token ?? runnerToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as unknown) : null;
}
