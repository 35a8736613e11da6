import { ApiRequestError } from '../lib/api.ts';

/** Loading, error and empty states, the same on every page. */

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {what}…
    </div>
  );
}

export function ErrorView({ error, reset }: { error: unknown; reset?: () => void }) {
  const notFound = error instanceof ApiRequestError && error.status === 404;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="state state-error" role="alert">
      <strong>{notFound ? 'Not found' : 'Something went wrong'}</strong>
      <p>{message}</p>
      {reset ? (
        <button type="button" onClick={reset}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}
