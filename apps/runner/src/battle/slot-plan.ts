import type { BattleInput, Contestant, Task } from '@ringside/shared';
import type { Slot } from './run-slot.ts';

/** The stable id of one result: the same slot gets the same id on every run, so uploads are idempotent. */
export const resultIdOf = (battleId: string, contestantId: string, taskId: string, repeat: number) =>
  `${battleId}.${contestantId}.${taskId}.${repeat}`;

/**
 * Every slot of a battle: contestants × tasks × repeats. Ordered contestant by contestant, so the
 * local lane loads each model once (every swap would add a load) and a contestant's repeats run
 * back to back under the same conditions.
 */
export function planSlots(battle: BattleInput, repeats: number): Slot[] {
  const slots: Slot[] = [];
  for (const contestant of battle.contestants as Contestant[]) {
    for (const task of battle.tasks as Task[]) {
      for (let repeat = 0; repeat < repeats; repeat++) {
        slots.push({
          resultId: resultIdOf(battle.id, contestant.id, task.id, repeat),
          battleId: battle.id,
          contestant,
          task,
          repeat,
        });
      }
    }
  }
  return slots;
}
