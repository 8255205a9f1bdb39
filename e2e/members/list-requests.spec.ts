/**
 * The member list sends one request per load and per filter change (issue 13), the cockpit's
 * chart rows open the list they count, and the cockpit, member list and organization page (with
 * its setup advice) in English at desktop and phone width. Screenshots go to
 * test-results/screenshots/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot, settle } from '../support/browser.ts';
import { browserSuite } from '../support/suite.ts';

const env = browserSuite({ JICENG_DEMO_MEMBERS: '3000' });

/** Every GET of the member list itself (not its categories, export or detail routes). */
function countListRequests(page: Page): { urls: string[] } {
  const seen = { urls: [] as string[] };
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (r.method() === 'GET' && url.pathname === '/api/v1/members') seen.urls.push(url.search);
  });
  return seen;
}

async function english(page: Page): Promise<void> {
  await page.evaluate(() => window.localStorage.setItem('jiceng.locale', 'en-US'));
}

/**
 * Han characters on the page outside data (table cells and cards, chosen values of selects, items
 * marked data-data: names, organizations and addresses are data, not interface text).
 */
async function chineseOutsideData(page: Page, root: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const han = /\p{Script=Han}/u;
    const out: string[] = [];
    const scope = document.querySelector(selector) ?? document.body;
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim() ?? '';
      if (!text || !han.test(text)) continue;
      const el = n.parentElement;
      if (el?.closest('[data-data], td, .jc-list-card, .ant-select, canvas, [aria-hidden="true"]')) continue;
      out.push(text);
    }
    return out;
  }, root);
}

describe('member list requests and English pages', () => {
  it('loads the member list with one request, and one per filter change', async () => {
    const { page } = await openPage(env.browser, env.server.url, DESKTOP);
    await login(page, 'street');
    const seen = countListRequests(page);
    await page.goto('/members');
    await page.locator('.ant-pagination-total-text').waitFor({ timeout: 60_000 });
    await settle(page);
    await page.waitForTimeout(1500);
    expect(seen.urls, seen.urls.join(' | ')).toHaveLength(1);

    await page.getByTestId('member-search').fill('刘');
    await page.getByTestId('member-search').press('Enter');
    await page.waitForURL(/q=/);
    // The machine may be slow: wait for the request, then make sure no second one follows.
    await expect.poll(() => seen.urls.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await page
      .getByTestId('list-table')
      .locator('.ant-spin-spinning')
      .waitFor({ state: 'detached', timeout: 30_000 });
    await page.waitForTimeout(1500);
    expect(seen.urls, seen.urls.join(' | ')).toHaveLength(2);
    expect(decodeURIComponent(seen.urls[1])).toContain('q=刘');
    // The rows shown are the filtered answer, never the unfiltered one.
    const names = await page.locator('.ant-table-tbody tr.ant-table-row td:first-child').allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toContain('刘');

    await page.getByRole('button', { name: /重\s*置/ }).click();
    await page.waitForURL((u) => !u.search.includes('q='));
    await expect.poll(() => seen.urls.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await page.waitForTimeout(1500);
    expect(seen.urls, seen.urls.join(' | ')).toHaveLength(3);
  });

  it('opens the organizations a chart row counts (/orgs?orgId=…&kind=branch)', async () => {
    const { page } = await openPage(env.browser, env.server.url, DESKTOP);
    await login(page, 'street');
    await page.goto('/cockpit');
    await page.getByTestId('chart-org-kind').locator('canvas').waitFor({ timeout: 60_000 });
    await page.getByTestId('chart-org-kind-toggle').click({ timeout: 60_000 });
    const table = page.getByTestId('chart-org-kind-table');
    const branchRow = table.locator('tr', { hasText: '党支部' }).first();
    await branchRow.waitFor({ timeout: 60_000 });
    const count = (await branchRow.locator('td').nth(1).innerText()).replace(/,/g, '').trim();
    await branchRow.getByRole('link').click({ timeout: 60_000 });
    await page.waitForURL(/\/orgs\?.*kind=branch/, { timeout: 60_000 });
    expect(page.url()).toMatch(/orgId=\d+/);
    await page.locator('.ant-pagination-total-text').waitFor();
    expect(await page.locator('.ant-pagination-total-text').innerText()).toContain(count);
    expect(Number(count)).toBeGreaterThan(1);
  });

  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`shows the cockpit and the member list in English (${size})`, async () => {
      const { page } = await openPage(env.browser, env.server.url, viewport);
      await login(page, 'street');
      await english(page);
      await page.goto('/cockpit');
      await page.getByTestId('figure-total').waitFor({ timeout: 30_000 });
      await page.getByTestId('chart-category').locator('canvas').waitFor();
      expect(await page.getByTestId('figure-total').innerText()).toContain('Party members');
      await screenshot(page, `cockpit-en-${size}`);
      expect(await chineseOutsideData(page, 'main')).toEqual([]);

      await page.goto('/members');
      await page
        .locator('.ant-pagination-total-text, [data-testid="list-cards"] .jc-list-card')
        .first()
        .waitFor({ timeout: 60_000 });
      await screenshot(page, `members-list-en-${size}`);
      expect(await chineseOutsideData(page, 'main')).toEqual([]);
    });

    it(`shows the setup advice on a branch page (${size})`, async () => {
      const { page } = await openPage(env.browser, env.server.url, viewport);
      await login(page, 'branch');
      const orgId = await page.evaluate(async () => {
        const me = await (await fetch('/api/v1/auth/me')).json();
        return me.data?.user?.homeOrgId ?? me.user?.homeOrgId;
      });
      await page.goto(`/orgs/${orgId}`);
      const advice = page.getByTestId('setup-advice');
      await advice.waitFor({ timeout: 30_000 });
      const text = await advice.innerText();
      expect(text).toMatch(/正式党员 \d+ 人/);
      expect(text).toContain('依据：《中国共产党支部工作条例（试行）》');
      expect(text).not.toMatch(/[（(，,]\s*[VSLU]\s*[）)]|\[P\d+/);
      await screenshot(page, `org-setup-advice-${size}`);
    });
  }
});
