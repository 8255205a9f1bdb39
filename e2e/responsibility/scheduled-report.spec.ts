/**
 * Scheduled reporting (写实调度, issue 15 C13) in the browser: the district requests the fourth
 * quarter's reports from every street, the street (on a phone) completes its pre-filled report
 * and submits it, the district accepts it. Then the new steering pages at both widths:
 * site visits, gap lists and highlights. Screenshots in test-results/screenshots/steering-*.png.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot, settle } from '../support/browser.ts';
import { browserSuite } from '../support/suite.ts';

const env = browserSuite();
const ROUND = '第四季度党建写实调度';

describe('scheduled report: requested by the district, submitted by a street, accepted', () => {
  it('moves the report from to-submit to accepted', async () => {
    const { server, browser } = env;
    const district = (await openPage(browser, server.url, DESKTOP)).page;
    await login(district, 'district');
    await district.goto('/scheduled-reports');
    await district.getByTestId('request-reports').click();
    await district.locator('#quarter').fill('4');
    await district.locator('#title').fill(ROUND);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await district.locator('#dueOn').click();
    await district.locator('#dueOn').fill(today);
    await district.locator('#dueOn').press('Enter');
    await district.locator('.ant-modal').getByRole('button', { name: '发起写实调度' }).click();
    await district.getByText('已向各下级组织发起调度').waitFor();
    await settle(district);
    await screenshot(district, 'steering-reports-1366');

    // The street, on its phone: the report is pre-filled from its items; it completes and submits it.
    const street = (await openPage(browser, server.url, PHONE)).page;
    await login(street, 'street');
    await street.goto('/scheduled-reports');
    const card = street.getByTestId('list-cards').locator('.jc-list-card', { hasText: ROUND }).first();
    await card.waitFor({ timeout: 60_000 });
    await screenshot(street, 'steering-reports-390');
    await card.click();
    const modal = street.locator('.ant-modal');
    await modal.getByText('本季度共承担责任清单事项').waitFor();
    await modal.getByLabel('存在问题').fill('个别社区信息采集滞后');
    await modal.getByLabel('下步打算').fill('下月底前全部完成');
    await screenshot(street, 'steering-report-edit-390');
    await modal.getByTestId('report-submit').click();
    await street.getByText('已报送').first().waitFor();

    // The district accepts it.
    await district.reload();
    const row = district
      .getByTestId('list-table')
      .locator('tr', { hasText: ROUND })
      .filter({ hasText: '待审核' })
      .first();
    await row.waitFor({ timeout: 60_000 });
    await row.click();
    await district.locator('.ant-modal').getByText('个别社区信息采集滞后').waitFor();
    await screenshot(district, 'steering-report-review-1366');
    await district.getByTestId('report-accept').click();
    await district.getByText('已审核通过').first().waitFor();
    await district.locator('.ant-modal-close').click();
    await settle(district);
    const accepted = district
      .getByTestId('list-table')
      .locator('tr', { hasText: ROUND })
      .filter({ hasText: '已通过' });
    expect(await accepted.count()).toBeGreaterThan(0);

    // The other steering pages, desktop and phone (looked at, not asserted beyond loading).
    for (const path of ['/site-visits', '/gap-lists', '/highlights']) {
      const name = path.slice(1);
      await district.goto(path);
      await district.locator('.ant-table-row').first().waitFor({ timeout: 60_000 });
      await settle(district);
      await screenshot(district, `steering-${name}-1366`);
      const phone = (await openPage(browser, server.url, PHONE)).page;
      await login(phone, 'district');
      await phone.goto(path);
      await phone.getByTestId('list-cards').locator('.jc-list-card').first().waitFor({ timeout: 60_000 });
      await settle(phone);
      await screenshot(phone, `steering-${name}-390`);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
      await phone.close();
    }
  });
});
