import { expect, it } from 'vitest';

it('passes', () => expect(1).toBe(1));
it('passes too', () => expect(2).toBe(2));
it.skip('is skipped on purpose', () => expect(1).toBe(2));
it('skips itself at run time', (ctx) => ctx.skip());
