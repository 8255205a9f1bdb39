/**
 * Every page of every demo role at 390 px (issue 14): nothing scrolls sideways (the document is no
 * wider than the screen) and every button of the page and the header lies on the screen, apart from
 * those inside a region that scrolls on purpose (a wide table, the tab bar). A drawer fills the
 * screen instead of being cut off.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login, openPage, PHONE, screenshot } from '../support/browser.ts';
import { DEMO_ROLES, openAndSettle, pagesOf } from '../support/pages.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const env = {} as { server: RunningServer; browser: Awaited<ReturnType<typeof launchBrowser>> };

// The demo district takes minutes to build on a loaded machine: a longer bound than the suite helper's.
beforeAll(async () => {
  env.server = await startServer();
  env.browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await env.browser?.close();
  await env.server?.stop();
});

interface Layout {
  scrollWidth: number;
  width: number;
  /** Buttons (partly) off the screen: their text and position. */
  offScreen: string[];
  /** Buttons in the page's own header: the main actions. */
  headerButtons: number;
}

function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollsAside = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (/(auto|scroll|hidden)/.test(style.overflowX) && p.scrollWidth > p.clientWidth + 1) return true;
      }
      return false;
    };
    const buttons = [...document.querySelectorAll<HTMLElement>('.jc-header button, .jc-content button')];
    const offScreen = buttons
      .filter((b) => {
        const box = b.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return false;
        if (!b.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
        return (box.left < -1 || box.right > width + 1) && !scrollsAside(b);
      })
      .map(
        (b) =>
          `「${b.textContent?.trim() || b.getAttribute('aria-label')}」 ${Math.round(b.getBoundingClientRect().left)}–${Math.round(b.getBoundingClientRect().right)}`,
      );
    return {
      scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      width,
      offScreen,
      headerButtons: document.querySelectorAll('.jc-page-header button, .jc-page-header a.ant-btn').length,
    };
  });
}

/**
 * Every page of every demo role (about 400 page loads, some 20 minutes) runs when
 * JICENG_E2E_ALL_PAGES=1; CI runs the rest of this file.
 */
const ALL_PAGES = process.env.JICENG_E2E_ALL_PAGES === '1';

describe('every page at 390 px', () => {
  it.skipIf(!ALL_PAGES).each(DEMO_ROLES)(
    'every page of %s fits the phone screen with its actions on it',
    async (username) => {
      const { context, page } = await openPage(env.browser, env.server.url, PHONE);
      context.setDefaultTimeout(60_000);
      context.setDefaultNavigationTimeout(60_000);
      await login(page, username);
      const problems: Record<string, string[]> = {};
      const paths = await pagesOf(page);
      for (const path of paths) {
        await openAndSettle(page, path);
        const layout = await measure(page);
        const found: string[] = [];
        if (layout.scrollWidth > layout.width)
          found.push(`页面宽 ${layout.scrollWidth} px，屏幕 ${layout.width} px`);
        found.push(...layout.offScreen);
        if (found.length) problems[path] = found;
      }
      // The header keeps the menu button and the person's menu on the screen.
      await expect(page.getByRole('button', { name: /打开导航/ }).isVisible()).resolves.toBe(true);
      await expect(page.getByTestId('user-menu').isVisible()).resolves.toBe(true);
      expect(paths.length).toBeGreaterThan(1);
      expect(problems).toEqual({});
      await context.close();
    },
    600_000,
  );

  it('a drawer fills the phone screen (the audit record)', async () => {
    const { context, page } = await openPage(env.browser, env.server.url, PHONE);
    await login(page, 'auditor');
    await openAndSettle(page, '/audit');
    await page.getByTestId('list-cards').locator('.jc-list-card').first().click();
    const drawer = page.locator('.ant-drawer-content-wrapper');
    await drawer.waitFor();
    await screenshot(page, 'phone-audit-drawer');
    const box = await drawer.boundingBox();
    expect(box?.width).toBeLessThanOrEqual(PHONE.width);
    expect((box?.x ?? -1) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
    expect(box?.x).toBeGreaterThanOrEqual(0);
    await context.close();
  });
});
