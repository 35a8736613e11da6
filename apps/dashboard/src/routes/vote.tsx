import type { ArenaPair, ArenaVoteResponse, VoteChoice, VoteDimensions } from '@ringside/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { MarkdownView } from '../components/markdown-view.tsx';
import { Empty, ErrorView, Loading } from '../components/status.tsx';
import { ApiRequestError, arenaPairQuery, postVote } from '../lib/api.ts';
import { fmtMs } from '../lib/format.ts';

/**
 * Blind voting (PRODUCT F13): two answers to one task as A and B, nothing that names their
 * models; the vote reveals who was who. No loader: every pair fetch deals a new pair and counts
 * against the rate limit, so it happens only when the page is actually shown.
 */
export const Route = createFileRoute('/vote')({
  component: VotePage,
});

function VotePage() {
  const [round, setRound] = useState(0);
  const pair = useQuery(arenaPairQuery(round));
  const next = () => setRound((r) => r + 1);
  return (
    <div data-testid="vote-page">
      <h1>Vote</h1>
      <p className="muted">
        Two answers to the same task, from two models you cannot see. Pick the better one; only then do we
        show who wrote which. Your votes feed the human ratings on the{' '}
        <Link to="/leaderboard">leaderboard</Link>.
      </p>
      {pair.isPending ? (
        <Loading what="Dealing a pair" />
      ) : pair.isError ? (
        <PairError error={pair.error} onRetry={next} />
      ) : (
        <Ballot key={round} pair={pair.data} onNext={next} />
      )}
    </div>
  );
}

function RateLimited({ error, onRetry }: { error: ApiRequestError; onRetry: () => void }) {
  const at = error.retryAfterS === null ? null : new Date(Date.now() + error.retryAfterS * 1000);
  return (
    <div className="state state-error" role="alert" data-testid="rate-limited">
      <strong>Slow down: too many requests from your address.</strong>
      <p>
        {error.retryAfterS === null
          ? 'Try again in a little while.'
          : `Try again in ${error.retryAfterS} s (at ${at?.toLocaleTimeString('en-GB')}).`}
      </p>
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

function PairError({ error, onRetry }: { error: Error; onRetry: () => void }) {
  if (error instanceof ApiRequestError && error.status === 429)
    return <RateLimited error={error} onRetry={onRetry} />;
  if (error instanceof ApiRequestError && error.code === 'no_pairs') {
    return (
      <Empty>
        <div data-testid="no-pairs">
          <strong>No pairs left for you to vote on.</strong>
          <p>
            You have voted on every pair we have, or no battle has finished with two answers yet. Come back
            when more battles have finished, or look at the <Link to="/leaderboard">leaderboard</Link>.
          </p>
          <button type="button" onClick={onRetry}>
            Check again
          </button>
        </div>
      </Empty>
    );
  }
  return <ErrorView error={error} reset={onRetry} />;
}

const CHOICES: { value: VoteChoice; label: string }[] = [
  { value: 'a', label: 'A is better' },
  { value: 'b', label: 'B is better' },
  { value: 'tie', label: 'Tie' },
  { value: 'bothbad', label: 'Both bad' },
];
const DIMENSIONS = ['correctness', 'helpfulness', 'style', 'speed'] as const;
type Dimension = (typeof DIMENSIONS)[number];

function Ballot({ pair, onNext }: { pair: ArenaPair; onNext: () => void }) {
  const [winner, setWinner] = useState<VoteChoice | null>(null);
  const [dims, setDims] = useState<VoteDimensions>({});
  const vote = useMutation({ mutationFn: postVote, retry: false });
  const done = vote.isSuccess;
  const revealed = vote.data?.reveal;

  return (
    <div data-testid="ballot">
      <details className="prompt" open>
        <summary>
          Task{' '}
          <span className="muted small">
            ({pair.task.category}, {pair.battleType})
          </span>
        </summary>
        {pair.task.system ? <pre className="text muted">{pair.task.system}</pre> : null}
        <pre className="text" data-testid="task-prompt">
          {pair.task.prompt}
        </pre>
      </details>
      <div className="contestants">
        {(['a', 'b'] as const).map((side) => {
          const answer = pair[side];
          const who = revealed?.[side];
          return (
            <section className="contestant" key={side} data-testid={`answer-${side}`}>
              <header>
                <strong>{side.toUpperCase()}</strong>{' '}
                {who ? (
                  <span data-testid={`revealed-${side}`}>
                    is {who.label ? `${who.label} (${who.key})` : who.key}
                    {who.persona ? ` as ${who.persona}` : ''}
                  </span>
                ) : (
                  <span className="muted small">hidden until you vote</span>
                )}
              </header>
              <p className="muted small">
                first token {fmtMs(answer.ttftMs)} · whole answer {fmtMs(answer.e2eMs)}
                {answer.outputTokens !== null ? ` · ${answer.outputTokens} tokens` : ''}
              </p>
              <div className="output">
                <MarkdownView text={answer.text} />
              </div>
            </section>
          );
        })}
      </div>
      {done && vote.data ? (
        <Reveal result={vote.data} onNext={onNext} />
      ) : (
        <form
          className="vote-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (winner) vote.mutate({ token: pair.token, winner, dimensions: dims });
          }}
        >
          <fieldset className="vote-choices" aria-label="which answer is better">
            {CHOICES.map((c) => (
              <button
                key={c.value}
                type="button"
                className={winner === c.value ? 'primary' : undefined}
                aria-pressed={winner === c.value}
                onClick={() => setWinner(c.value)}
              >
                {c.label}
              </button>
            ))}
          </fieldset>
          <details className="dimensions">
            <summary>Optional: which was better on…</summary>
            {DIMENSIONS.map((d) => (
              <DimensionChoice
                key={d}
                name={d}
                value={dims[d]}
                onChange={(v) => setDims((old) => ({ ...old, [d]: v }))}
              />
            ))}
          </details>
          <p>
            <button type="submit" className="primary" disabled={!winner || vote.isPending}>
              {vote.isPending ? 'Sending…' : 'Submit vote'}
            </button>
          </p>
          {vote.isError ? <VoteError error={vote.error} onNext={onNext} /> : null}
        </form>
      )}
    </div>
  );
}

function DimensionChoice({
  name,
  value,
  onChange,
}: {
  name: Dimension;
  value: 'a' | 'b' | 'tie' | undefined;
  onChange: (v: 'a' | 'b' | 'tie' | undefined) => void;
}) {
  return (
    <fieldset className="dimension">
      <legend>{name}</legend>
      {(['a', 'b', 'tie'] as const).map((v) => (
        <label key={v}>
          <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} />{' '}
          {v === 'tie' ? 'same' : v.toUpperCase()}
        </label>
      ))}
      <label>
        <input
          type="radio"
          name={name}
          value=""
          checked={value === undefined}
          onChange={() => onChange(undefined)}
        />{' '}
        no opinion
      </label>
    </fieldset>
  );
}

function VoteError({ error, onNext }: { error: Error; onNext: () => void }) {
  if (error instanceof ApiRequestError && error.status === 429)
    return <RateLimited error={error} onRetry={onNext} />;
  if (error instanceof ApiRequestError && error.code === 'already_voted') {
    return (
      <div className="state state-error" role="alert" data-testid="already-voted">
        <strong>Already voted: this pair got a vote from you (or your address) before.</strong>
        <p>{error.message}. A vote cannot be changed.</p>
        <button type="button" onClick={onNext}>
          Next pair
        </button>
      </div>
    );
  }
  // An expired or foreign token, or a pair gone from the pool: a fresh pair is the way on.
  return (
    <div className="state state-error" role="alert">
      <strong>The vote was not recorded.</strong>
      <p>{error.message}</p>
      <button type="button" onClick={onNext}>
        Next pair
      </button>
    </div>
  );
}

function Reveal({ result, onNext }: { result: ArenaVoteResponse; onNext: () => void }) {
  const { vote, reveal, duplicate } = result;
  const choice = CHOICES.find((c) => c.value === vote.winner)?.label ?? vote.winner;
  return (
    <div className="card reveal" data-testid="reveal" role="status">
      <p>
        <strong>{duplicate ? 'Your vote was already counted' : 'Thanks, vote recorded'}:</strong> {choice}.
      </p>
      <p>
        A was <strong>{reveal.a.key}</strong>, B was <strong>{reveal.b.key}</strong>.{' '}
        <Link to="/battles/$battleId" params={{ battleId: reveal.battleId }} search={{ task: reveal.taskId }}>
          See the battle
        </Link>
        .
      </p>
      <button type="button" className="primary" onClick={onNext}>
        Next pair
      </button>
    </div>
  );
}
