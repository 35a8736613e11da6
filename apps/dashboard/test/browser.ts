import { type Browser, chromium, type Page } from 'playwright-core';
import { stack } from './stack.ts';

/**
 * Each test file connects to the one headless Chromium the global setup launched, in its own
 * context (fresh storage). Page errors and dialogs are collected so a test can assert none happened.
 */
export interface OpenPage {
  page: Page;
  errors: string[];
  dialogs: string[];
}

let browser: Browser | null = null;

export async function connectBrowser(): Promise<Browser> {
  browser ??= await chromium.connect(stack().browserWsEndpoint);
  return browser;
}

export async function openPage(path: string, before?: (page: Page) => Promise<void>): Promise<OpenPage> {
  const b = await connectBrowser();
  // A fixed locale: the packaged Chromium turns LANG=C.UTF-8 into navigator.language 'en-US@posix',
  // which Intl rejects (uPlot formats its axes with it), and pages should not vary with the machine.
  const context = await b.newContext({
    baseURL: stack().baseUrl,
    viewport: { width: 1400, height: 1000 },
    locale: 'en-US',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // A blocked script or style (the page's Content-Security-Policy) is an error too.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await before?.(page);
  await page.goto(path);
  return { page, errors, dialogs };
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
}
