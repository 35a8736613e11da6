import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openPage } from './browser.ts';
import { apiWrite, revealBattle, stack } from './stack.ts';

afterAll(closeBrowser);

const BATTLE = 'dash-owner';
const contestant = (id: string, model: string) => ({
  id,
  provider: 'openai',
  model,
  lane: 'cloud' as const,
  sampling: {},
});
const result = (contestantId: string, text: string) => ({
  id: `${BATTLE}-${contestantId}`,
  battleId: BATTLE,
  contestantId,
  taskId: 't1',
  status: 'ok' as const,
  output: { text },
  metrics: {},
  startedAt: '2026-11-20T12:00:00.000Z',
  // the automatic (judge) winner the override must be shown beside
  evaluations: [
    {
      id: 'judge',
      source: 'judge' as const,
      evaluator: 'judge:openai:gpt-judge',
      score: contestantId === 'a' ? 0.9 : 0.4,
      details: { status: 'ok', winner: 'a', tie: false },
    },
  ],
});

describe('owner judgement on the battle page', () => {
  it('with a token in localStorage, saves thumbs, stars and a note, and a winner override kept beside the judge winner', async () => {
    await apiWrite('POST', '/api/results', {
      battle: {
        id: BATTLE,
        type: 'qa',
        origin: 'runner',
        title: 'Owner judgement',
        state: 'done',
        tasks: [{ id: 't1', prompt: 'Name a colour.', category: 'other' }],
        contestants: [contestant('a', 'dash-owner-a'), contestant('b', 'dash-owner-b')],
      },
      results: [result('a', 'Blue.'), result('b', 'A colour.')],
    });
    // Public: this test is about the owner's controls, not blind battles.
    await revealBattle(BATTLE);

    // Without a token there are no controls.
    const anon = await openPage(`/battles/${BATTLE}`);
    await expect.poll(() => anon.page.getByTestId('battle-page').count()).toBe(1);
    expect(await anon.page.getByTestId('owner-judgement').count()).toBe(0);
    await anon.page.context().close();

    const { runnerToken } = stack();
    const { page, errors } = await openPage(`/battles/${BATTLE}`, async (p) => {
      await p.addInitScript((t) => localStorage.setItem('ringside.token', t), runnerToken);
    });
    const panel = page.getByTestId('owner-judgement');
    await expect.poll(() => panel.count()).toBe(1);
    expect(await page.getByTestId('winner-override').textContent()).toContain(
      'Automatic winner: openai:dash-owner-a',
    );

    const row = page.getByTestId(`judgement-${BATTLE}-b`);
    await row.getByTitle('thumbs down').click();
    await row.getByLabel('stars').selectOption('2');
    await row.getByLabel('note').fill('vague');
    const judged = page.waitForResponse((r) => r.url().endsWith(`/api/results/${BATTLE}-b/judgement`));
    await row.getByRole('button', { name: 'Save' }).click();
    expect((await judged).status()).toBe(200);
    await expect.poll(() => row.getByRole('status').textContent()).toBe('saved');

    await page.getByLabel('winner override').selectOption('b');
    const overridden = page.waitForResponse((r) =>
      r.url().endsWith(`/api/battles/${BATTLE}/tasks/t1/winner`),
    );
    await page.getByRole('button', { name: 'Set winner' }).click();
    expect((await overridden).status()).toBe(200);

    const stored = (await (await fetch(`${stack().baseUrl}/api/battles/${BATTLE}`)).json()) as {
      overrides: { taskId: string; winner: string }[];
      results: { id: string; evaluations: { source: string; details?: Record<string, unknown> }[] }[];
    };
    expect(stored.overrides).toEqual([expect.objectContaining({ taskId: 't1', winner: 'b' })]);
    const b = stored.results.find((r) => r.id === `${BATTLE}-b`);
    expect(b?.evaluations.find((e) => e.source === 'owner')?.details).toMatchObject({
      thumbs: 'down',
      stars: 2,
      note: 'vague',
    });
    // the judge's verdict is untouched
    const a = stored.results.find((r) => r.id === `${BATTLE}-a`);
    expect(a?.evaluations.find((e) => e.source === 'judge')?.details).toMatchObject({ winner: 'a' });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
