import { expect, it } from 'vitest';

it('is collected only if the module loads', () => expect(1).toBe(1));
throw new Error('fixture: the module fails to load');
