import { useCallback, useEffect, useState } from 'react';

/**
 * The owner's API token (runner or admin scope), kept in this browser's localStorage only: with it
 * the battle page shows the owner's judgement controls (PRODUCT F12) and sends it as a bearer
 * token to the judgement routes, and reads the battle with it (an owner sees a blind battle in
 * full, PRODUCT F13). Never sent anywhere else.
 */
export const OWNER_TOKEN_KEY = 'ringside.token';

export function readOwnerToken(): string | null {
  try {
    return globalThis.localStorage?.getItem(OWNER_TOKEN_KEY) || null;
  } catch {
    return null;
  }
}

export function useOwnerToken(): [string | null, (token: string | null) => void] {
  const [token, setToken] = useState<string | null>(readOwnerToken);
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === OWNER_TOKEN_KEY) setToken(readOwnerToken());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  const save = useCallback((next: string | null) => {
    const value = next?.trim() || null;
    if (value) localStorage.setItem(OWNER_TOKEN_KEY, value);
    else localStorage.removeItem(OWNER_TOKEN_KEY);
    setToken(value);
  }, []);
  return [token, save];
}
