import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startPortal, type TPortal } from './portal';

const CHROMIUM = '/usr/bin/chromium';

/** Browser tests need Debian's Chromium; locally they skip without it, in CI its absence is a failure. */
export function browserSkipReason(): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.CI === 'true') throw new Error(`CI needs ${CHROMIUM} (apt-get install -y chromium)`);
  return `no ${CHROMIUM}: apt-get install -y chromium`;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run'],
  });
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/signin'));
}

/**
 * For a browser test file: starts a portal and Chromium before its tests and stops both after.
 * Read `env.portal` and `env.browser` inside tests (they are set once `before` has run).
 */
export function portalWithBrowser(skip: string | false): { readonly portal: TPortal; readonly browser: Browser } {
  const env = {} as { portal: TPortal; browser: Browser };
  before(async () => {
    if (skip) return;
    env.portal = await startPortal();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.portal?.stop();
  });
  return env;
}
