import { describe, expect, it } from 'vitest';
import { BattleInputSchema, CiInfoSchema, canTransition } from './battle.ts';
import { ContestantSchema } from './contestant.ts';

const contestant = (id: string) => ({ id, provider: 'embedded', model: 'tiny', lane: 'local' as const });
const task = { id: 't1', prompt: 'Say hi' };

describe('battle state machine', () => {
  it('follows queued → running → judging → done', () => {
    expect(canTransition('queued', 'running')).toBe(true);
    expect(canTransition('running', 'judging')).toBe(true);
    expect(canTransition('judging', 'done')).toBe(true);
  });

  it('lets a stopped or failed battle resume but never leaves done', () => {
    expect(canTransition('stopped', 'running')).toBe(true);
    expect(canTransition('failed', 'running')).toBe(true);
    expect(canTransition('done', 'running')).toBe(false);
    expect(canTransition('done', 'stopped')).toBe(false);
  });

  it('does not skip backwards', () => {
    expect(canTransition('judging', 'running')).toBe(false);
    expect(canTransition('running', 'queued')).toBe(false);
  });
});

describe('BattleInputSchema', () => {
  it('accepts a runner battle of two contestants', () => {
    const r = BattleInputSchema.safeParse({
      id: 'b1',
      type: 'qa',
      title: 'hi',
      tasks: [task],
      contestants: [contestant('a'), contestant('b')],
    });
    expect(r.success).toBe(true);
  });

  it('rejects a runner battle with one contestant, naming the field', () => {
    const r = BattleInputSchema.safeParse({
      id: 'b1',
      type: 'qa',
      title: 'hi',
      tasks: [task],
      contestants: [contestant('a')],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['contestants']);
  });

  it('rejects duplicate contestant ids with the index of the duplicate', () => {
    const r = BattleInputSchema.safeParse({
      id: 'b1',
      type: 'qa',
      title: 'hi',
      tasks: [task],
      contestants: [contestant('a'), contestant('a')],
    });
    expect(r.error?.issues.map((i) => i.path)).toContainEqual(['contestants', 1, 'id']);
  });

  it('lets a CI batch measure a single contestant but requires its suite', () => {
    const base = {
      id: 'ci-1',
      type: 'suite',
      origin: 'ci',
      title: 'build 7',
      tasks: [task],
      contestants: [contestant('a')],
    };
    expect(BattleInputSchema.safeParse(base).success).toBe(false);
    expect(BattleInputSchema.safeParse({ ...base, suite: { name: 'smoke', version: '1' } }).success).toBe(
      true,
    );
  });
});

describe('CiInfoSchema', () => {
  it('takes an http or https build link', () => {
    expect(CiInfoSchema.safeParse({ url: 'https://ci.example/build/1' }).success).toBe(true);
    expect(CiInfoSchema.safeParse({ url: 'http://127.0.0.1:8080/job/2' }).success).toBe(true);
  });

  it('refuses javascript:, data:, file: and other schemes, saying what it takes', () => {
    for (const url of [
      'javascript:alert(document.cookie)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'ftp://ci.example/x',
      'vbscript:msgbox(1)',
    ]) {
      const out = CiInfoSchema.safeParse({ url });
      expect(out.success, url).toBe(false);
      expect(out.error?.issues[0]).toMatchObject({ path: ['url'], message: 'an http or https URL' });
    }
  });
});

describe('contestant sampling', () => {
  it('bounds stop sequences: at most 16, each at most 1000 characters', () => {
    const base = { id: 'c1', provider: 'embedded', model: 'tiny', lane: 'local' };
    expect(ContestantSchema.safeParse({ ...base, sampling: { stop: ['\n\n', '###'] } }).success).toBe(true);
    expect(ContestantSchema.safeParse({ ...base, sampling: { stop: ['x'.repeat(1_001)] } }).success).toBe(
      false,
    );
    const many = ContestantSchema.safeParse({
      ...base,
      sampling: { stop: Array.from({ length: 17 }, () => 'x') },
    });
    expect(many.error?.issues[0]?.message).toBe('at most 16 stop sequences');
  });
});
