import type { StoredCrossExamination } from '@ringside/shared';
import { MarkdownView } from '../markdown-view.tsx';

/** Questions put to a model about the battle's results (PRODUCT F11), answers as safe Markdown. */
export function CrossExaminations({ items }: { items: readonly StoredCrossExamination[] }) {
  if (items.length === 0) return null;
  return (
    <section className="cross-examinations" data-testid="cross-examinations">
      <h2>Cross-examinations</h2>
      {items.map((x) => (
        <details key={x.id} className="cross-examination" data-testid="cross-examination">
          <summary>
            {x.examiner.provider}:{x.examiner.model} —{' '}
            {x.question.length > 120 ? `${x.question.slice(0, 120)}…` : x.question}
          </summary>
          <p>
            <strong>Question</strong>
          </p>
          <pre className="text">{x.question}</pre>
          <p>
            <strong>Answer</strong>
          </p>
          {x.status === 'ok' ? (
            <MarkdownView text={x.answer} />
          ) : (
            <p className="error">The examiner failed: {x.error ?? 'unknown error'}</p>
          )}
        </details>
      ))}
    </section>
  );
}
