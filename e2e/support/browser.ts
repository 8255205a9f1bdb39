/**
 * Chromium for browser tests (Debian's `chromium` package, driven by playwright-core) and
 * screenshots saved to test-results/screenshots/<name>.png for a person to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ROOT } from './server.ts';

export const SCREENSHOT_DIR = path.join(ROOT, 'test-results/screenshots');

export const DESKTOP = { width: 1366, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** A fresh context (own cookies and storage) at the given viewport, Chinese by default. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/**
 * Wait until no CSS animation or transition runs (drawers, modals, messages settle). An endless
 * animation on an element nobody can see does not count: Ant Design sometimes leaves a button's
 * loading icon spinning at zero width after a quick loading → idle flip.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => {
      if (a.playState !== 'running') return true;
      const target = (a.effect as KeyframeEffect | null)?.target;
      const endless = a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY;
      return (
        endless &&
        target instanceof Element &&
        !target.checkVisibility({ opacityProperty: true, visibilityProperty: true })
      );
    }),
  );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await settle(page);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Log in through the form; resolves when the signed-in layout shows. */
export async function login(page: Page, username: string, password = 'Demo#2026'): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/用户名或手机号|Username or mobile/).fill(username);
  await page.getByLabel(/^密码$|^Password$/).fill(password);
  await page.getByRole('button', { name: /登\s*录|Log in/ }).click();
  await page.getByTestId('user-menu').waitFor();
}
