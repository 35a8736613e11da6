import { decodeChunkArrivals } from '@ringside/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openPage } from './browser.ts';
import { REPLAY_TEXT, replayBattle } from './fixtures.ts';

afterAll(closeBrowser);

const raceMs = Math.max(...replayBattle.results.map((r) => decodeChunkArrivals(r.chunks!).at(-1)!));

describe('replay of a finished battle', () => {
  it('replays the race at its true speed: text grows chunk by chunk and ends with the full answers', async () => {
    const { page, errors } = await openPage('/battles/dash-replay');
    const outA = page.locator('[data-contestant="a"] [data-testid="output"]');
    await expect.poll(() => outA.textContent()).toContain(REPLAY_TEXT.a);

    // Record every change of contestant a's visible text, with the page's clock.
    await outA.evaluate((el) => {
      const w = window as unknown as { __lengths: [number, number][] };
      w.__lengths = [];
      const length = () => el.querySelector('.markdown')?.textContent?.length ?? 0;
      new MutationObserver(() => w.__lengths.push([performance.now(), length()])).observe(el, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('replay-button').click();
    await expect.poll(() => page.getByTestId('replay-clock').getAttribute('data-playing')).toBe('false');
    const lengths = await page.evaluate(
      () => (window as unknown as { __lengths: [number, number][] }).__lengths,
    );

    // Ends with the full text of both contestants.
    expect(await outA.textContent()).toContain(REPLAY_TEXT.a);
    expect(await page.locator('[data-contestant="b"] [data-testid="output"]').textContent()).toContain(
      REPLAY_TEXT.b,
    );
    // It grew through many intermediate lengths, never shrinking once started.
    const growing = lengths.map(([, n]) => n).filter((n) => n > 0 && n < REPLAY_TEXT.a.length);
    expect(new Set(growing).size).toBeGreaterThan(10);
    const started = lengths.findIndex(([, n]) => n > 0 && n < REPLAY_TEXT.a.length);
    const afterStart = lengths.slice(started).map(([, n]) => n);
    expect(afterStart).toEqual([...afterStart].sort((x, y) => x - y));
    // True speed: the last chunk cannot show before its recorded arrival time (a's first chunk at 300 ms).
    const firstText = lengths.find(([, n]) => n > 0 && n < REPLAY_TEXT.a.length);
    expect(firstText![0] - t0).toBeGreaterThanOrEqual(290);
    const full = lengths.find(([, n]) => n >= REPLAY_TEXT.a.length);
    expect(full![0] - t0).toBeGreaterThanOrEqual(
      decodeChunkArrivals(replayBattle.results[0]!.chunks!).at(-1)! - 10,
    );
    expect(raceMs).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
