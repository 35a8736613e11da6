import type { Contestant, StoredResult, WinnerOverride } from '@ringside/shared';
import { useState } from 'react';
import { putJudgement, putWinner } from '../../lib/owner-api.ts';
import { useOwnerToken } from '../../lib/owner-token.ts';
import { contestantLabel } from './columns.ts';

/**
 * The owner's judgement on a battle page (PRODUCT F12): with a token saved in this browser, thumbs,
 * 1–5 stars and a note per result, and a winner override per task shown beside the automatic
 * (judge) winner, which is never replaced.
 */

type Thumbs = 'up' | 'down' | null;

/** The owner's earlier judgement of a result, read from its `owner` evaluation. */
function ownerOf(r: StoredResult): { thumbs: Thumbs; stars: number | null; note: string } {
  const d = r.evaluations.find((e) => e.source === 'owner')?.details as
    | { thumbs?: Thumbs; stars?: number | null; note?: string | null }
    | undefined;
  return { thumbs: d?.thumbs ?? null, stars: d?.stars ?? null, note: d?.note ?? '' };
}

/** The judge's winner of a task, from its results' judge evaluations (null: none or no verdict). */
function judgeWinner(results: readonly StoredResult[]): string | null | 'tie' {
  for (const r of results) {
    const d = r.evaluations.find((e) => e.source === 'judge')?.details as
      | { status?: string; winner?: string | null; tie?: boolean }
      | undefined;
    if (d?.status === 'ok') return d.tie ? 'tie' : (d.winner ?? null);
  }
  return null;
}

export function OwnerTokenSetting() {
  const [token, setToken] = useOwnerToken();
  const [draft, setDraft] = useState('');
  return (
    <details className="owner-token" data-testid="owner-token">
      <summary>{token ? 'Owner token saved' : 'Owner? Add your token'}</summary>
      {token ? (
        <button type="button" onClick={() => setToken(null)}>
          Forget the token
        </button>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setToken(draft);
            setDraft('');
          }}
        >
          <label>
            API token (runner or admin scope; kept in this browser only){' '}
            <input
              type="password"
              autoComplete="off"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              data-testid="owner-token-input"
            />
          </label>{' '}
          <button type="submit">Save</button>
        </form>
      )}
    </details>
  );
}

function ResultJudgement({ result, label, token }: { result: StoredResult; label: string; token: string }) {
  const initial = ownerOf(result);
  const [thumbs, setThumbs] = useState<Thumbs>(initial.thumbs);
  const [stars, setStars] = useState<number | null>(initial.stars);
  const [note, setNote] = useState(initial.note);
  const [status, setStatus] = useState<string>('');
  const save = async () => {
    setStatus('saving…');
    try {
      await putJudgement(result.id, { thumbs, stars, note: note.trim() || null }, token);
      setStatus('saved');
    } catch (err) {
      setStatus(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <tr data-testid={`judgement-${result.id}`}>
      <td>{label}</td>
      <td>
        <button
          type="button"
          aria-pressed={thumbs === 'up'}
          className={thumbs === 'up' ? 'primary' : ''}
          onClick={() => setThumbs(thumbs === 'up' ? null : 'up')}
          title="thumbs up"
        >
          👍
        </button>{' '}
        <button
          type="button"
          aria-pressed={thumbs === 'down'}
          className={thumbs === 'down' ? 'primary' : ''}
          onClick={() => setThumbs(thumbs === 'down' ? null : 'down')}
          title="thumbs down"
        >
          👎
        </button>
      </td>
      <td>
        <select
          aria-label="stars"
          value={stars ?? ''}
          onChange={(e) => setStars(e.target.value ? Number(e.target.value) : null)}
        >
          <option value="">—</option>
          {[1, 2, 3, 4, 5].map((n) => (
            <option key={n} value={n}>
              {'★'.repeat(n)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input aria-label="note" value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
      </td>
      <td>
        <button
          type="button"
          onClick={() => void save()}
          disabled={thumbs === null && stars === null && note.trim() === ''}
        >
          Save
        </button>{' '}
        <span className="small muted" role="status">
          {status}
        </span>
      </td>
    </tr>
  );
}

function WinnerControl({
  battleId,
  taskId,
  contestants,
  override,
  automatic,
  token,
}: {
  battleId: string;
  taskId: string;
  contestants: readonly Contestant[];
  override: WinnerOverride | undefined;
  automatic: string | null;
  token: string;
}) {
  const [choice, setChoice] = useState(override ? (override.tie ? 'tie' : (override.winner ?? '')) : '');
  const [status, setStatus] = useState('');
  const labelOf = (id: string) => {
    const c = contestants.find((x) => x.id === id);
    return c ? contestantLabel(c) : id;
  };
  const save = async () => {
    setStatus('saving…');
    try {
      await putWinner(
        battleId,
        taskId,
        choice === 'tie' ? { winner: null, tie: true } : { winner: choice, tie: false },
        token,
      );
      setStatus('saved');
    } catch (err) {
      setStatus(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <p data-testid="winner-override">
      Automatic winner:{' '}
      <strong>{automatic === null ? 'no verdict' : automatic === 'tie' ? 'tie' : labelOf(automatic)}</strong>{' '}
      · Your winner{' '}
      <select aria-label="winner override" value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">—</option>
        {contestants.map((c) => (
          <option key={c.id} value={c.id}>
            {contestantLabel(c)}
          </option>
        ))}
        <option value="tie">tie</option>
      </select>{' '}
      <button type="button" onClick={() => void save()} disabled={choice === ''}>
        Set winner
      </button>{' '}
      <span className="small muted" role="status">
        {status}
      </span>
    </p>
  );
}

/** The owner's controls for one task (and repeat) of a battle; nothing without a token. */
export function OwnerJudgement({
  battleId,
  taskId,
  contestants,
  results,
  overrides,
}: {
  battleId: string;
  taskId: string;
  contestants: readonly Contestant[];
  /** this task's results shown now (one repeat) */
  results: readonly StoredResult[];
  overrides: readonly WinnerOverride[];
}) {
  const [token] = useOwnerToken();
  if (!token) return null;
  const labelOf = (id: string) => {
    const c = contestants.find((x) => x.id === id);
    return c ? contestantLabel(c) : id;
  };
  return (
    <section className="owner-judgement" data-testid="owner-judgement">
      <h2>Your judgement</h2>
      <WinnerControl
        key={`${battleId}:${taskId}`}
        battleId={battleId}
        taskId={taskId}
        contestants={contestants}
        override={overrides.find((o) => o.taskId === taskId)}
        automatic={judgeWinner(results)}
        token={token}
      />
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>Contestant</th>
              <th>Thumbs</th>
              <th>Stars</th>
              <th>Note</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <ResultJudgement key={r.id} result={r} label={labelOf(r.contestantId)} token={token} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
