/** `similar`: lexical similarity to the task's reference (or to the value) ≥ 0.5 or the threshold. */
import { cosineSimilarity } from './similarity.ts';
import { CheckConfigError, defineCheck, verdict } from './types.ts';

export const DEFAULT_SIMILARITY = 0.5;

export const similarCheck = defineCheck<string>({
  kind: 'pure',
  description: 'term-frequency cosine similarity to the reference ≥ threshold (default 0.5)',
  prepare: (value, task) => {
    const text = value ?? task.reference;
    if (typeof text !== 'string' || text.trim() === '')
      throw new CheckConfigError('needs a reference: give the task a reference or the check a value');
    return text;
  },
  run: (output, { value }) => {
    const score = cosineSimilarity(output, value);
    return verdict(score >= DEFAULT_SIMILARITY, `similarity ${score.toFixed(3)}`, score);
  },
});
