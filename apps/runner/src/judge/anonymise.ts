/** Shows contestants to the judge as A, B, C… in an order shuffled by a recorded seed. */
import { seededRandom } from '../gguf/seeded-random.ts';

export const LABELS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A stable 32-bit seed from text (FNV-1a), so judging the same battle task again shows the same order. */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash | 0;
}

/** Fisher–Yates with mulberry32: the same seed gives the same order on every machine. */
export function anonymise<T>(items: readonly T[], seed: number): { label: string; item: T }[] {
  if (items.length > LABELS.length) throw new RangeError(`at most ${LABELS.length} contestants`);
  const order = items.map((_, i) => i);
  const random = seededRandom(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.map((index, position) => ({ label: LABELS[position]!, item: items[index]! }));
}
