/**
 * List pages on a grid worker's phone (390×844): the organization list and the 两新 registry show
 * their rows as cards, nothing scrolls sideways, the pager shows the total; the organization picker
 * finds a grid branch by typing its name. Screenshots at 390 and 1366 px go to
 * test-results/screenshots/ (list-*-phone.png, list-*-desktop.png).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot, settle } from '../support/browser.ts';
import { browserSuite } from '../support/suite.ts';

const env = browserSuite();

/** Neither the document nor any element on it is wider than the viewport. */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

const PAGES = [
  { path: '/orgs', name: 'orgs', card: '朝阳社区第一网格党支部', search: '朝阳社区第一网格' },
  { path: '/new-orgs', name: 'new-orgs' },
] as const;

describe('list pages at phone width', () => {
  it('render rows as cards without horizontal scroll, with the total under them', async () => {
    const { context, page } = await openPage(env.browser, env.server.url, PHONE);
    await login(page, 'street');
    for (const list of PAGES) {
      await page.goto(list.path);
      const cards = page.getByTestId('list-cards');
      await cards.locator('.jc-list-card').first().waitFor();
      expect(await page.getByTestId('list-table').count()).toBe(0);
      expect(await cards.locator('.jc-list-card').count()).toBeGreaterThan(0);
      await page
        .locator('.jc-list-pager')
        .getByText(/共 \d+ (条|家)/)
        .waitFor();
      await settle(page);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `list-${list.name}-phone`);
    }

    // A search on the organization list narrows the cards to the grid branch.
    await page.goto('/orgs');
    // Filters fold away on a phone: the cards come first.
    expect(await page.locator('.jc-list-filters').isVisible()).toBe(false);
    await page.getByTestId('list-filter-toggle').click();
    await page
      .getByPlaceholder(/名称或编码|搜索/)
      .first()
      .fill('第一网格');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByTestId('list-cards').getByText('朝阳社区第一网格党支部').first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await context.close();
  });

  it('show tables on a desktop', async () => {
    const { context, page } = await openPage(env.browser, env.server.url, DESKTOP);
    await login(page, 'street');
    for (const list of PAGES) {
      await page.goto(list.path);
      await page.getByTestId('list-table').locator('.ant-table-row').first().waitFor();
      expect(await page.getByTestId('list-cards').count()).toBe(0);
      await screenshot(page, `list-${list.name}-desktop`);
    }
    await context.close();
  });
});

describe('organization picker', () => {
  it('finds a grid branch three levels down by typing, with its path', async () => {
    const { context, page } = await openPage(env.browser, env.server.url, DESKTOP);
    await login(page, 'street');
    await page.goto('/members');
    const picker = page.locator('.ant-select', { has: page.locator('#orgId') }).first();
    await page.locator('#orgId').fill('朝阳社区第一网格');
    const hit = page.locator('.ant-select-tree-title', { hasText: '朝阳社区党委 / 朝阳社区第一网格党支部' });
    await hit.first().waitFor();
    await hit.first().click();
    await expect.poll(() => picker.textContent()).toContain('朝阳社区第一网格党支部');
    await context.close();
  });
});
