import { describe, expect, it } from 'vitest';
import { ContestantSpecError, parseContestants } from './contestant-spec.ts';

const ctx = {
  profiles: {
    poet: {
      model: 'embedded:tiny',
      persona: { name: 'poet', systemPrompt: 'Rhyme.' },
      sampling: { temperature: 1.2 },
    },
  },
  laneOf: (p: string) => (p === 'openai' ? ('cloud' as const) : ('local' as const)),
  knownProviders: ['embedded', 'openai', 'llama-swap'],
};

describe('parseContestants', () => {
  it('reads provider:model and profiles, with ids c1..cN and lanes from the provider', () => {
    const cs = parseContestants(['poet', 'openai:gpt-4o-mini', 'llama-swap:qwen2.5:7b'], {
      ...ctx,
      defaults: { temperature: 0.3, maxTokens: 64 },
    });
    expect(cs.map((c) => [c.id, c.provider, c.model, c.lane])).toEqual([
      ['c1', 'embedded', 'tiny', 'local'],
      ['c2', 'openai', 'gpt-4o-mini', 'cloud'],
      ['c3', 'llama-swap', 'qwen2.5:7b', 'local'],
    ]);
    // The profile's own sampling wins over the command line's; the rest comes from the command line.
    expect(cs[0]?.sampling).toEqual({ temperature: 1.2, maxTokens: 64 });
    expect(cs[0]?.persona?.name).toBe('poet');
    expect(cs[1]?.sampling).toEqual({ temperature: 0.3, maxTokens: 64 });
  });

  it('lets the same model appear twice as different contestants', () => {
    const cs = parseContestants(['embedded:tiny', 'poet'], ctx);
    expect(cs[0]?.model).toBe(cs[1]?.model);
    expect(cs[0]?.persona).toBeUndefined();
    expect(cs[1]?.persona).toBeDefined();
  });

  it('refuses fewer than 2 or more than 8 contestants', () => {
    expect(() => parseContestants(['embedded:tiny'], ctx)).toThrow(ContestantSpecError);
    expect(() => parseContestants(Array(9).fill('embedded:tiny'), ctx)).toThrow(/2 to 8/);
  });

  it('names the known providers and profiles when a spec is wrong', () => {
    expect(() => parseContestants(['embedded:tiny', 'ollama:llama3'], ctx)).toThrow(
      /configured providers: embedded, openai, llama-swap/,
    );
    expect(() => parseContestants(['embedded:tiny', 'nonsense'], ctx)).toThrow(/profiles: poet/);
  });
});
