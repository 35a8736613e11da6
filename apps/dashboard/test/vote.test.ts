import type { ArenaPair, ArenaVoteResponse } from '@ringside/shared';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openPage } from './browser.ts';
import { LB_MODELS } from './fixtures.ts';

afterAll(closeBrowser);

/** Every model and provider name the seeded battles use: none may show before a vote. */
const NAMES = ['dash-alpha', 'dash-beta', 'dash-gamma', ...LB_MODELS, 'ollama', 'openai'];
const isPair = (url: string) => new URL(url).pathname === '/api/arena/pair';
const isVote = (url: string) => new URL(url).pathname === '/api/arena/votes';

async function choose(page: Page, winner: string) {
  await page.getByRole('button', { name: winner, exact: true }).click();
  await page.getByRole('button', { name: 'Submit vote' }).click();
}

describe('vote page', () => {
  it('hides identities until the vote, reveals them after, and refuses a second vote on the same pair', async () => {
    let firstPair: ArenaPair | null = null;
    const { page, errors } = await openPage('/vote', async (p) => {
      p.on('response', async (res) => {
        if (isPair(res.url()) && res.ok() && !firstPair) firstPair = (await res.json()) as ArenaPair;
      });
    });
    await expect.poll(() => page.getByTestId('answer-a').count()).toBe(1);
    await expect.poll(() => firstPair !== null).toBe(true);
    const pair = firstPair as unknown as ArenaPair;
    const main = page.locator('main');
    const before = ((await main.textContent()) ?? '').toLowerCase();
    for (const name of NAMES) expect(before).not.toContain(name);
    expect(await page.getByTestId('revealed-a').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Submit vote' }).isDisabled()).toBe(true);

    await page.locator('summary', { hasText: 'Optional' }).click();
    await page.getByRole('group', { name: 'correctness' }).getByLabel('A', { exact: true }).check();
    const voted = page.waitForResponse((r) => isVote(r.url()));
    await choose(page, 'A is better');
    const res = await voted;
    expect(res.status()).toBe(201);
    const body = (await res.json()) as ArenaVoteResponse;
    expect(body.vote).toMatchObject({ winner: 'a', dimensions: { correctness: 'a' } });
    await expect.poll(() => page.getByTestId('reveal').count()).toBe(1);
    expect(await page.getByTestId('revealed-a').textContent()).toContain(body.reveal.a.key);
    expect(await page.getByTestId('revealed-b').textContent()).toContain(body.reveal.b.key);
    expect(await page.getByTestId('reveal').textContent()).toContain(`A was ${body.reveal.a.key}`);

    // A stale tab offers the same pair again (its token is still valid for this voter): the API refuses.
    await page.route('**/api/arena/pair', (route) => route.fulfill({ json: pair }));
    await page.getByRole('button', { name: 'Next pair' }).click();
    await expect.poll(() => page.getByTestId('reveal').count()).toBe(0);
    const second = page.waitForResponse((r) => isVote(r.url()));
    await choose(page, 'B is better');
    expect((await second).status()).toBe(409);
    await expect.poll(() => page.getByTestId('already-voted').count()).toBe(1);
    expect(await page.getByTestId('revealed-b').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says when it is rate limited (with the Retry-After time) and when no pairs are left', async () => {
    // The API's own answers for these states, served without exhausting the real limits.
    const { page, errors } = await openPage('/vote', async (p) => {
      await p.route('**/api/arena/pair', (route) =>
        route.fulfill({
          status: 429,
          headers: { 'Retry-After': '42' },
          json: {
            error: {
              code: 'rate_limited',
              message: 'too many requests: at most 60 per 60 s from one address',
            },
          },
        }),
      );
    });
    await expect.poll(() => page.getByTestId('rate-limited').count()).toBe(1);
    expect(await page.getByTestId('rate-limited').textContent()).toContain('Try again in 42 s');

    await page.unroute('**/api/arena/pair');
    await page.route('**/api/arena/pair', (route) =>
      route.fulfill({
        status: 404,
        json: { error: { code: 'no_pairs', message: 'there is no pair of answers left for you to vote on' } },
      }),
    );
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.getByTestId('no-pairs').count()).toBe(1);
    expect(await page.getByTestId('no-pairs').textContent()).toContain('No pairs left');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
