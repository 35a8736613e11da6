import type { BattleEventInput } from '@ringside/shared';
import type { WebSocketRoute } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openPage } from './browser.ts';
import { apiWrite, revealBattle } from './stack.ts';

afterAll(closeBrowser);

const id = `dash-live-${Date.now().toString(36)}`;
const at = () => new Date().toISOString();
// Models of their own, so the list and model-page tests running beside this one see fixed data.
const contestants = [
  { id: 'a', provider: 'openai', model: 'dash-live-a', lane: 'cloud' as const },
  { id: 'b', provider: 'openai', model: 'dash-live-b', lane: 'cloud' as const },
];
const slot = (c: string) => ({ battleId: id, contestantId: c, taskId: 't1', repeat: 0 });
const delta = (c: string, seq: number, text: string, offsetsMs: number[]): BattleEventInput => ({
  type: 'token-delta',
  ...slot(c),
  at: at(),
  seq,
  text,
  offsetsMs,
  chars: offsetsMs.map(() => Math.ceil(text.length / offsetsMs.length)),
  tokens: offsetsMs.length,
});
const publish = (events: BattleEventInput[]) => apiWrite('POST', `/api/battles/${id}/events`, events);

describe('live battle page', () => {
  it('shows tokens arriving while the battle is published, then the stored result after the end', async () => {
    await apiWrite('PUT', `/api/battles/${id}`, {
      id,
      type: 'qa',
      title: 'Live: count to five',
      state: 'running',
      tasks: [{ id: 't1', prompt: 'Count to five.' }],
      contestants,
    });
    // Public, so the page's live socket gets the text (a blind battle's viewers get progress only).
    await revealBattle(id);
    const { page, errors } = await openPage(`/battles/${id}`);
    const status = page.getByTestId('live-status');
    await expect.poll(() => status.getAttribute('data-status')).toBe('open');

    const outA = page.locator('[data-contestant="a"] [data-testid="output"]');
    const outB = page.locator('[data-contestant="b"] [data-testid="output"]');
    await publish([
      {
        type: 'battle-start',
        battleId: id,
        at: at(),
        title: 'Live: count to five',
        battleType: 'qa',
        contestants,
        tasks: [{ id: 't1', prompt: 'Count to five.' }],
      },
      { type: 'contestant-start', ...slot('a'), at: at() },
      { type: 'contestant-start', ...slot('b'), at: at() },
      delta('a', 0, 'One, two', [120, 150]),
    ]);
    await expect.poll(() => outA.textContent()).toContain('One, two');
    // The first token's arrival is the live TTFT.
    await expect
      .poll(() => page.locator('[data-contestant="a"] [data-testid="ttft"]').textContent())
      .toBe('120 ms');

    await publish([delta('a', 1, ', three', [200, 230]), delta('b', 0, 'Un, deux', [90, 140])]);
    await expect.poll(() => outA.textContent()).toContain('One, two, three');
    await expect.poll(() => outB.textContent()).toContain('Un, deux');
    // 4 tokens from 120 ms to 230 ms: 3 / 0.11 s.
    expect(await page.locator('[data-contestant="a"] [data-testid="tps"]').textContent()).toBe('27.3');
    expect(await page.locator('[data-contestant="a"] [data-testid="tokens"]').textContent()).toBe('4');

    // The battle ends: the room says so, the page fetches the stored battle.
    await apiWrite('POST', '/api/results', {
      battle: undefined,
      results: ['a', 'b'].map((c) => ({
        id: `${id}-${c}`,
        battleId: id,
        contestantId: c,
        taskId: 't1',
        status: 'ok',
        output: { text: c === 'a' ? 'One, two, three, four, five.' : 'Un, deux, trois, quatre, cinq.' },
        metrics: { ttftMs: c === 'a' ? 120 : 90, e2eMs: 400, outputTokens: 10 },
        startedAt: at(),
      })),
    });
    await apiWrite('PATCH', `/api/battles/${id}`, { state: 'done', endedAt: at() });
    await publish([{ type: 'battle-end', battleId: id, at: at(), state: 'done' }]);
    await expect
      .poll(() => page.getByTestId('battle-page').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('done');
    await expect.poll(() => outA.textContent()).toContain('One, two, three, four, five.');
    await expect.poll(() => outB.textContent()).toContain('Un, deux, trois, quatre, cinq.');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows a message when the live socket drops and reconnects by itself', async () => {
    const lost = `${id}-drop`;
    await apiWrite('PUT', `/api/battles/${lost}`, {
      id: lost,
      type: 'qa',
      title: 'Live: a dropped connection',
      state: 'running',
      tasks: [{ id: 't1', prompt: 'Say hi.' }],
      contestants,
    });
    await revealBattle(lost);
    // Every live socket of the page goes through this route, connected to the real server, so
    // the test can drop one as a network failure or a server restart would.
    const sockets: WebSocketRoute[] = [];
    const { page } = await openPage(`/battles/${lost}`, (p) =>
      p.routeWebSocket(/\/live(\?|$)/, (ws) => {
        ws.connectToServer();
        sockets.push(ws);
      }),
    );
    const status = page.getByTestId('live-status');
    await expect.poll(() => status.getAttribute('data-status')).toBe('open');
    const first = sockets.length;
    await sockets.at(-1)?.close({ code: 1012, reason: 'server restart' });
    await expect.poll(() => status.getAttribute('data-status')).toBe('reconnecting');
    expect(await status.textContent()).toMatch(/Live connection lost .*1012.*Reconnecting/);
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('open');
    expect(sockets.length).toBe(first + 1);
    // And the stream continues after the reconnect (the snapshot resyncs it).
    await apiWrite('POST', `/api/battles/${lost}/events`, [
      { type: 'contestant-start', battleId: lost, contestantId: 'a', taskId: 't1', repeat: 0, at: at() },
      {
        type: 'token-delta',
        battleId: lost,
        contestantId: 'a',
        taskId: 't1',
        repeat: 0,
        at: at(),
        seq: 0,
        text: 'Hi again',
        offsetsMs: [50],
        chars: [8],
        tokens: 1,
      },
    ]);
    await expect
      .poll(() => page.locator('[data-contestant="a"] [data-testid="output"]').textContent())
      .toContain('Hi again');
    await page.context().close();
  });

  it('reconnects at once, without the lost-connection message, when the room drops a lagging viewer with 4001', async () => {
    const lagging = `${id}-lag`;
    await apiWrite('PUT', `/api/battles/${lagging}`, {
      id: lagging,
      type: 'qa',
      title: 'Live: a viewer that fell behind',
      state: 'running',
      tasks: [{ id: 't1', prompt: 'Say hi.' }],
      contestants,
    });
    await revealBattle(lagging);
    const sockets: WebSocketRoute[] = [];
    const { page } = await openPage(`/battles/${lagging}`, (p) =>
      p.routeWebSocket(/\/live(\?|$)/, (ws) => {
        ws.connectToServer();
        sockets.push(ws);
      }),
    );
    const status = page.getByTestId('live-status');
    await expect.poll(() => status.getAttribute('data-status')).toBe('open');
    expect(sockets.at(-1)?.url()).toMatch(/\/live\?batch=1$/);
    // Every status the banner shows from now on, so the test can tell it never showed 'reconnecting'.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => {
        const s = document.querySelector('[data-testid="live-status"]')?.getAttribute('data-status');
        if (s && seen.at(-1) !== s) seen.push(s);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const first = sockets.length;
    await sockets.at(-1)?.close({ code: 4001, reason: 'viewer too slow' });
    await expect.poll(() => sockets.length).toBe(first + 1);
    await expect.poll(() => status.getAttribute('data-status')).toBe('open');
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen).not.toContain('reconnecting');
    expect(seen).toContain('connecting');
    await page.context().close();
  });
});
