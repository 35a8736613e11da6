import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openPage } from './browser.ts';

afterAll(closeBrowser);

describe('untrusted model output', () => {
  it('renders <script>, <img onerror>, <svg onload>, javascript: links and raw HTML as inert text', async () => {
    const { page, errors, dialogs } = await openPage('/battles/dash-xss');
    const out = page.locator('[data-contestant="a"] [data-testid="output"]');
    await expect.poll(() => out.textContent()).toContain('Try this:');

    // The payloads are visible as text…
    const text = (await out.textContent()) ?? '';
    expect(text).toContain('<script>window.__pwned = "script"</script>');
    expect(text).toContain('<img src=x onerror=');
    expect(text).toContain('<script>alert("in a code block")</script>');
    // …and none of them became an element, an attribute or a script that ran.
    const found = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      dangerous: document.querySelectorAll(
        'main script, main img, main svg, main iframe, main style, [onerror], [onload], [onclick], [srcdoc]',
      ).length,
      jsLinks: document.querySelectorAll('a[href^="javascript" i], a[href^="data" i]').length,
      outputLinks: [...document.querySelectorAll('[data-testid="output"] a')].map((a) => ({
        href: a.getAttribute('href'),
        rel: a.getAttribute('rel'),
        target: a.getAttribute('target'),
      })),
    }));
    expect(found.pwned).toBeUndefined();
    expect(found.dangerous).toBe(0);
    expect(found.jsLinks).toBe(0);
    // The one safe link survives, hardened.
    expect(found.outputLinks).toEqual([
      { href: 'https://example.com/docs', rel: 'noopener nofollow', target: '_blank' },
    ]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);

    // A replay renders the same text piece by piece, with half-written tags: still inert.
    await page.getByTestId('replay-button').click();
    await expect.poll(() => page.getByTestId('replay-clock').getAttribute('data-playing')).toBe('false');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('main img, main script, [onerror]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });
});
