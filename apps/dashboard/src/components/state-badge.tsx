import type { BattleState } from '@ringside/shared';

export function StateBadge({ state }: { state: BattleState }) {
  return <span className={`badge badge-${state}`}>{state}</span>;
}
