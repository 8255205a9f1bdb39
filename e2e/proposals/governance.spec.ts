import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot } from '../support/browser.ts';
import { expectNoHorizontalOverflow, expectNoRawKeys } from '../support/checks.ts';
import { browserSuite } from '../support/suite.ts';

const { server, browser } = browserSuite();
const NAMESPACES = ['co-building', 'dual-reporting', 'volunteers'];

/** `YYYY-MM-DDTHH:mm` in the browser's time zone (Asia/Shanghai), shifted by minutes from now. */
function localDateTime(minutes: number): string {
  const d = new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000);
  return d.toISOString().slice(0, 16);
}

describe('community governance pages in the browser', () => {
  it('co-building: figures by quarter with a chart, a joint meeting recorded and a problem solved', async () => {
    const { context, page } = await openPage(browser, server.url, DESKTOP);
    await login(page, 'community');
    await page.getByRole('menuitem', { name: '共驻共建' }).click();
    const table = page.getByTestId('cb-stats');
    await table.locator('.ant-table-row').nth(4).waitFor();
    expect(await table.locator('.ant-table-row').count()).toBe(5);
    await page.getByTestId('cb-chart').locator('canvas').waitFor();
    await expectNoRawKeys(page, NAMESPACES);
    await screenshot(page, 'gov-co-building-stats-desktop');
    const before = Number(await table.locator('.ant-table-row').nth(4).locator('td').nth(2).textContent());

    await page.getByRole('tab', { name: '联席会议' }).click();
    await page.getByTestId('new-meetings').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('标题').fill('共建联席会议（临时）');
    await dialog.getByLabel('会议纪要').fill('会商小区东门夜间照明不足问题，供电公司牵头整改。');
    await dialog.getByLabel('会商问题').fill('东门夜间照明不足');
    await screenshot(page, 'gov-co-building-meeting-desktop');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const card = page.locator('[data-testid^="meeting-"]', { hasText: '共建联席会议（临时）' });
    await card.waitFor();
    await card.getByRole('button', { name: '标记解决' }).click();
    await dialog.getByLabel('解决情况').fill('已加装 4 盏路灯');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await card.getByText('已加装 4 盏路灯').waitFor();
    await screenshot(page, 'gov-co-building-meetings-desktop');

    await page.getByRole('tab', { name: '统计' }).click();
    await expect
      .poll(async () =>
        Number(await table.locator('.ant-table-row').nth(4).locator('td').nth(2).textContent()),
      )
      .toBe(before + 1);
    await context.close();
  });

  it('dual reporting: units with members, the three lists, hours confirmed with points, figures', async () => {
    const { context, page } = await openPage(browser, server.url, DESKTOP);
    await login(page, 'community');
    await page.getByRole('menuitem', { name: '双报到' }).click();
    const units = page.getByTestId('dr-units');
    await units.locator('.ant-table-row').first().waitFor();
    await expectNoRawKeys(page, NAMESPACES);
    await screenshot(page, 'gov-dual-units-desktop');
    await units.locator('.ant-table-row').first().click();
    await page.locator('.ant-drawer').getByText('已报到党员').first().waitFor();
    await screenshot(page, 'gov-dual-unit-drawer-desktop');
    await page.locator('.ant-drawer-close').click();

    await page.getByRole('tab', { name: '需求·资源·项目' }).click();
    await page.locator('[data-testid^="project-"]').first().waitFor();
    await screenshot(page, 'gov-dual-lists-desktop');

    await page.getByRole('tab', { name: '服务记录' }).click();
    const services = page.getByTestId('dr-services');
    await services.locator('.ant-table-row').first().waitFor();
    const pending = services.locator('.ant-table-row', {
      has: page.getByRole('button', { name: '确认时长' }),
    });
    const pendingBefore = await pending.count();
    expect(pendingBefore).toBeGreaterThan(0);
    await pending.first().getByRole('button', { name: '确认时长' }).click();
    await expect.poll(() => pending.count()).toBe(pendingBefore - 1);
    await screenshot(page, 'gov-dual-services-desktop');

    await page.getByRole('tab', { name: '统计' }).click();
    await page.getByTestId('dr-stats').getByText('省直单位').waitFor();
    await screenshot(page, 'gov-dual-stats-desktop');
    await context.close();
  });

  it('volunteers: desk publishes, resident signs up on a phone, desk checks in and confirms hours', async () => {
    const desk = await openPage(browser, server.url, DESKTOP);
    await login(desk.page, 'community');
    await desk.page.getByRole('menuitem', { name: '志愿服务' }).click();
    await desk.page.getByTestId('new-activity').click();
    const dialog = desk.page.getByRole('dialog');
    await dialog.getByLabel('活动名称').fill('楼道清洁志愿行动');
    await dialog.getByLabel('内容').fill('清理 3 号楼楼道堆物，张贴消防安全提示。');
    await dialog.getByLabel('开始时间').fill(localDateTime(-60));
    await dialog.getByLabel('结束时间').fill(localDateTime(120));
    await dialog.getByLabel('招募人数').fill('8');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await desk.page.locator('[data-testid^="activity-"]', { hasText: '楼道清洁志愿行动' }).waitFor();
    await expectNoRawKeys(desk.page, NAMESPACES);
    await screenshot(desk.page, 'gov-volunteers-desktop');
    await desk.page.getByRole('tab', { name: '志愿者' }).click();
    await desk.page.getByTestId('volunteer-table').locator('.ant-table-row').first().waitFor();
    await screenshot(desk.page, 'gov-volunteers-list-desktop');
    await desk.context.close();

    const resident = await openPage(browser, server.url, PHONE);
    const phone = resident.page;
    await login(phone, 'resident');
    await phone.goto('/volunteers');
    await phone
      .locator('[data-testid^="activity-"]', { hasText: '楼道清洁志愿行动' })
      .getByRole('link')
      .click();
    await phone.getByTestId('signup').click();
    await expect.poll(() => phone.getByTestId('my-signup').textContent()).toBe('已报名');
    await expectNoHorizontalOverflow(phone);
    await screenshot(phone, 'gov-volunteer-signup-phone');
    const activityUrl = new URL(phone.url()).pathname;

    const deskPhone = await openPage(browser, server.url, PHONE);
    await login(deskPhone.page, 'community');
    await deskPhone.page.goto(activityUrl);
    const row = deskPhone.page.locator('[data-testid^="signup-"]', { hasText: '居民 赵明' });
    await row.getByRole('button', { name: /签\s*到/ }).click();
    await row.getByRole('button', { name: '确认时长' }).waitFor();
    await screenshot(deskPhone.page, 'gov-volunteer-checkin-phone');
    await row.getByRole('button', { name: '确认时长' }).click();
    await row.getByText('确认 3 小时').waitFor();
    await expectNoHorizontalOverflow(deskPhone.page);
    await deskPhone.context.close();

    await phone.reload();
    await phone.getByText('服务时长 3 小时').waitFor();
    await screenshot(phone, 'gov-volunteer-hours-phone');
    await resident.context.close();
  });
});
