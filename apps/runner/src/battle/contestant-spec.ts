import type { Contestant, Lane } from '@ringside/shared';
import type { Profile } from '../config/config-schema.ts';

/**
 * Turns the `-c` arguments of `ringside battle` into contestants: each is `provider:model` or the
 * name of a profile from the config (persona and sampling, PRODUCT F2). Command-line sampling
 * (`--temperature`, `--max-tokens`, `--system`) fills what a profile leaves open.
 */
export class ContestantSpecError extends Error {}

export function parseContestants(
  specs: readonly string[],
  ctx: {
    profiles: Record<string, Profile>;
    laneOf: (providerId: string) => Lane;
    knownProviders: readonly string[];
    defaults?: { temperature?: number; maxTokens?: number; system?: string };
  },
): Contestant[] {
  if (specs.length < 2 || specs.length > 8)
    throw new ContestantSpecError(`a battle needs 2 to 8 contestants, got ${specs.length}`);
  return specs.map((spec, i) => {
    const profile = ctx.profiles[spec];
    const target = profile?.model ?? spec;
    const colon = target.indexOf(':');
    if (colon <= 0 || colon === target.length - 1) {
      const names = Object.keys(ctx.profiles);
      throw new ContestantSpecError(
        `contestant '${spec}' is neither provider:model nor a profile` +
          (names.length ? ` (profiles: ${names.join(', ')})` : ''),
      );
    }
    const provider = target.slice(0, colon);
    const model = target.slice(colon + 1);
    if (!ctx.knownProviders.includes(provider)) {
      throw new ContestantSpecError(
        `contestant '${spec}': unknown provider '${provider}'; configured providers: ${ctx.knownProviders.join(', ')}`,
      );
    }
    const d = ctx.defaults ?? {};
    const persona = profile?.persona ?? (d.system ? { name: 'cli', systemPrompt: d.system } : undefined);
    return {
      id: `c${i + 1}`,
      provider,
      model,
      label: profile?.label ?? (profile ? spec : `${provider}:${model}`),
      lane: ctx.laneOf(provider),
      ...(persona ? { persona } : {}),
      sampling: {
        ...(d.temperature !== undefined ? { temperature: d.temperature } : {}),
        ...(d.maxTokens !== undefined ? { maxTokens: d.maxTokens } : {}),
        ...profile?.sampling,
      },
    };
  });
}
