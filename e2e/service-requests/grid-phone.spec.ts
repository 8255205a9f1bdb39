/**
 * A grid worker on a phone (390×844): the `grid` account reports a matter met on the round, finds
 * it among the grid's requests (cards, no sideways scrolling), opens it in a drawer that fills the
 * screen, and completes it with 办结 within reach. Screenshots of the desk at 390 and 1366 px in
 * test-results/screenshots/grid-*.png.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot } from '../support/browser.ts';
import { expectNoHorizontalOverflow } from '../support/checks.ts';
import { browserSuite } from '../support/suite.ts';

const { server, browser } = browserSuite();

describe('grid worker on a phone', () => {
  it('reports and completes a request of the grid at 390 px', async () => {
    const title = '3号楼东侧井盖松动';
    const { page } = await openPage(browser, server.url, PHONE);
    await login(page, 'grid');

    // The menu holds the grid worker's pages only.
    const nav = await page.evaluate(async () => {
      const res = await fetch('/api/v1/auth/me');
      return (await res.json()).data as {
        navigation: { key: string }[];
        roles: { role: string; orgId: number }[];
      };
    });
    expect(nav.navigation.map((n) => n.key)).toContain('service-requests');
    expect(nav.navigation.map((n) => n.key)).not.toContain('cockpit');
    const gridId = nav.roles.find((r) => r.role === 'grid_worker')?.orgId;
    expect(gridId).toBeGreaterThan(0);

    // Reported on the round (网格员上报).
    const created = await page.evaluate(
      async ({ orgId, title }) => {
        const cats = await (await fetch('/api/v1/service-request-categories')).json();
        const res = await fetch(`/api/v1/orgs/${orgId}/service-requests`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            categoryId: cats.data[0].id,
            title,
            description: '井盖一角翘起，晚上有人绊倒过。',
            location: '3号楼东侧',
            contactName: '王大爷',
          }),
        });
        return { status: res.status, body: await res.json() };
      },
      { orgId: gridId, title },
    );
    expect(created.status).toBe(201);
    expect(created.body.data.source).toBe('grid_worker');

    await page.goto('/service-requests');
    await page.getByTestId('list-cards').waitFor();
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'grid-desk-phone');
    // Filters fold behind 「筛选」 at phone width.
    const filter = page.getByRole('button', { name: /筛\s*选/ });
    if (await filter.count()) await filter.first().click();
    await page.getByPlaceholder('搜索标题、地点或编号').fill(title);
    await page.getByPlaceholder('搜索标题、地点或编号').press('Enter');
    const card = page.getByTestId('list-cards').locator('.jc-list-card', { hasText: title });
    await card.waitFor();
    await card.click();

    // The drawer fills the screen; 办结 is reachable.
    const drawer = page.locator('.ant-drawer-content-wrapper');
    await drawer.waitFor();
    const box = await drawer.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(PHONE.width - 1);
    await page.getByTestId('event-submitted').waitFor();
    const complete = page.getByTestId('sr-complete');
    await complete.scrollIntoViewIfNeeded();
    const button = await complete.boundingBox();
    expect(button).not.toBeNull();
    expect((button?.x ?? 0) + (button?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'grid-drawer-phone');
    await complete.click();
    await page.getByTestId('sr-resolution').fill('已通知市政更换井盖，现场设置警示');
    await page.locator('#sr-action-ok').click();
    await page.getByTestId('event-completed').waitFor();
    await expect.poll(() => page.getByTestId('sr-complete').count(), { timeout: 30_000 }).toBe(0);
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'grid-completed-phone');

    // The same desk at desktop width.
    const wide = await openPage(browser, server.url, DESKTOP);
    await login(wide.page, 'grid');
    await wide.page.goto('/service-requests');
    await wide.page.getByTestId('list-table').waitFor();
    await screenshot(wide.page, 'grid-desk-desktop');
  }, 300_000);
});
