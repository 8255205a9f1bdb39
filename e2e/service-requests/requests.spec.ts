/**
 * Resident requests and service centres in the browser. The demo resident on a phone (390×844)
 * reports a matter; the community secretary at the desk (1366×800) finds it in the queue,
 * registers and transfers it, then completes it; the resident follows the timeline on the phone and
 * confirms. Then the resident books a room of the community's 党群服务中心 (a clash is refused
 * under the time field), the secretary approves it; the system administrator looks at the holiday
 * calendar and issues and revokes an Open311 key, which the root GeoReport path honours.
 * Screenshots in test-results/screenshots/requests-*.png and centers-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, screenshot, settle } from '../support/browser.ts';
import { fillRequestForm, residentAndDesk } from '../support/requests.ts';
import { browserSuite } from '../support/suite.ts';

const { server, browser } = browserSuite();

async function expectNoRawKeys(page: Page) {
  const text = (await page.locator('body').textContent()) ?? '';
  expect(text).not.toMatch(/\b(service-requests|service-centers|work-calendar|open311)\.[a-z]+[A-Za-z.]*\b/);
}

async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Beijing date `days` from today, as YYYY-MM-DD. */
function beijingDate(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

async function okDialog(page: Page) {
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
}

/** An Ant Design time or date picker inside the open dialog: type and confirm with Enter. */
async function typePicker(page: Page, label: string, value: string) {
  const input = page.getByRole('dialog').getByLabel(label, { exact: true });
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

describe('resident requests in the browser', () => {
  it('resident on a phone → community desk transfers and completes → resident confirms', async () => {
    const title = '5号楼北侧路灯不亮';
    const { phone, official, close } = await residentAndDesk(browser, server.url);

    // The resident reports from the phone.
    await phone.goto('/my-requests');
    await fillRequestForm(phone, title, '5号楼北侧的路灯已经坏了一周，晚上老人出门不方便。');
    await phone.getByTestId('sr-location').fill('5号楼北侧');
    await screenshot(phone, 'requests-submit-phone');
    await expectNoHorizontalOverflow(phone);
    await expectNoRawKeys(phone);
    await phone.getByTestId('sr-submit').click();
    const item = phone.locator('[data-testid^="sr-item-"]', { hasText: title });
    await item.waitFor();
    await expect.poll(() => item.textContent(), { timeout: 30_000 }).toContain('办理中');
    const id = Number((await item.getAttribute('data-testid'))?.replace('sr-item-', ''));
    expect(id).toBeGreaterThan(0);
    await phone.getByTestId('sr-notification').first().waitFor();
    expect(await phone.getByTestId('sr-notification').first().textContent()).toContain(title);
    await item.scrollIntoViewIfNeeded();
    await screenshot(phone, 'requests-submitted-phone');

    // The community secretary finds it in the desk queue and opens it.
    await official.goto('/service-requests');
    await official.getByPlaceholder('搜索标题、地点或编号').fill(title);
    await official.getByPlaceholder('搜索标题、地点或编号').press('Enter');
    const row = official.getByTestId('sr-queue').locator('tr', { hasText: title });
    await row.waitFor();
    await screenshot(official, 'requests-queue-desktop');
    await row.click();
    await official.getByTestId('event-submitted').waitFor();
    await screenshot(official, 'requests-desk-desktop');
    await expectNoRawKeys(official);

    // Registered and transferred (who, why, next route) …
    await official.getByTestId('sr-transfer').click();
    await official.getByRole('dialog').last().getByLabel('原因').fill('路灯属市政设施，需专业维修');
    await official.getByRole('dialog').last().getByLabel('下一步去向').fill('转街道城管科联系路灯所');
    await official.locator('#sr-action-ok').click();
    await official.getByTestId('event-transferred').waitFor();
    // … and completed with the result.
    await official.getByTestId('sr-complete').click();
    await official.getByTestId('sr-resolution').fill('路灯所已更换灯泡和镇流器，夜间照明恢复');
    await official.locator('#sr-action-ok').click();
    await official.getByTestId('event-completed').waitFor();
    // Street lighting along the building is a matter for the residents' council: promoted to a
    // proposal, which keeps the request and its history one click away.
    await official.getByTestId('sr-promote').click();
    await official.locator('#sr-action-ok').click();
    await official.getByTestId('sr-proposal-link').waitFor();
    await official.getByTestId('event-promoted').waitFor();
    await screenshot(official, 'requests-desk-completed-desktop');

    // The resident sees each step on the phone and confirms.
    await phone.reload();
    await phone.locator('[data-testid^="sr-item-"]', { hasText: title }).click();
    await phone.getByTestId('event-completed').waitFor();
    const timeline = (await phone.getByTestId('my-requests').textContent()) ?? '';
    expect(timeline).toContain('登记转办');
    expect(timeline).toContain('转街道城管科联系路灯所');
    expect(timeline).toContain('路灯所已更换灯泡和镇流器');
    await screenshot(phone, 'requests-timeline-phone');
    await expectNoHorizontalOverflow(phone);
    await phone.getByTestId('sr-rating').getByText('满意', { exact: true }).click();
    await phone.getByTestId('sr-confirm').click();
    await expect
      .poll(() => phone.locator('[data-testid^="sr-item-"]', { hasText: title }).textContent(), {
        timeout: 30_000,
      })
      .toContain('已完成');
    await screenshot(phone, 'requests-confirmed-phone');

    // The desk sees the resident's confirmation.
    await official.goto('/service-requests');
    const closed = await official.evaluate(async (rid) => {
      const res = await fetch(`/api/v1/service-requests/${rid}`);
      return (await res.json()).data as { status: string; events: { kind: string }[] };
    }, id);
    expect(closed.status).toBe('closed');
    expect(closed.events.map((e) => e.kind)).toEqual([
      'submitted',
      'transferred',
      'completed',
      'promoted',
      'confirmed',
    ]);
    // The proposal made from it is a click away from the desk and names the request it came from.
    await official.getByPlaceholder('搜索标题、地点或编号').fill(title);
    await official.getByText('全部').click();
    await official.getByTestId('sr-queue').locator('tr', { hasText: title }).click();
    await official.getByTestId('sr-proposal-link').click();
    await official.waitForURL(/\/proposals\/\d+$/);
    await official.getByText(title).first().waitFor();
    await official.getByText(/来源诉求：SR\d+/).waitFor();
    await screenshot(official, 'requests-proposal-desktop');
    await close();
  });

  it('resident books a community room (a clash is refused), the secretary approves', async () => {
    const { phone, official, close } = await residentAndDesk(browser, server.url);

    await phone.goto('/service-centers');
    const card = phone.getByTestId('centers').locator('.ant-card', { hasText: '朝阳社区党群服务中心' });
    await card.waitFor();
    await screenshot(phone, 'centers-list-phone');
    await expectNoHorizontalOverflow(phone);
    await card.getByRole('link', { name: '朝阳社区党群服务中心' }).click();
    await phone.getByTestId('book-room').waitFor();
    await phone.getByText('四点半课堂').first().waitFor();
    await screenshot(phone, 'centers-detail-phone');
    await expectNoHorizontalOverflow(phone);
    await expectNoRawKeys(phone);

    // Tomorrow 16:30–18:00 the activity room holds the after-school class: a clash is refused.
    const tomorrow = beijingDate(1);
    await phone.getByTestId('book-room').click();
    await phone.getByTestId('booking-title').fill('楼栋居民茶话会');
    // The date defaults to tomorrow.
    expect(await phone.getByRole('dialog').getByLabel('日期', { exact: true }).inputValue()).toBe(tomorrow);
    await typePicker(phone, '开始时间', '17:00');
    await typePicker(phone, '结束时间', '18:30');
    await phone
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    const clash = phone.getByRole('dialog').locator('.ant-form-item-explain-error', { hasText: '时间冲突' });
    await clash.waitFor();
    expect(await clash.textContent()).toContain('四点半课堂');
    await screenshot(phone, 'centers-clash-phone');
    await typePicker(phone, '开始时间', '09:00');
    await typePicker(phone, '结束时间', '10:30');
    await okDialog(phone);
    const mine = phone.locator('[data-testid^="booking-"]', { hasText: '楼栋居民茶话会' });
    await mine.waitFor();
    expect(await mine.textContent()).toContain('待审批');

    // The secretary approves it on the desktop.
    const centers = await official.evaluate(
      async () => (await (await fetch('/api/v1/service-centers')).json()).data,
    );
    const center = (centers as { id: number; name: string }[]).find((c) => c.name === '朝阳社区党群服务中心');
    expect(center).toBeTruthy();
    await official.goto(`/service-centers/${center?.id}`);
    const pending = official.locator('[data-testid^="booking-"]', { hasText: '楼栋居民茶话会' });
    await pending.waitFor();
    await screenshot(official, 'centers-approve-desktop');
    await pending
      .getByRole('button', { name: /通\s*过/ })
      .first()
      .click();
    await expect.poll(() => pending.textContent(), { timeout: 30_000 }).toContain('已通过');
    await expectNoRawKeys(official);
    await settle(official);
    await screenshot(official, 'centers-approved-desktop');
    await close();
  });

  it('the system administrator sees the holiday calendar and issues and revokes an Open311 key', async () => {
    const admin = await openPage(browser, server.url, DESKTOP);
    await login(admin.page, 'sysadmin');
    const page = admin.page;
    await page.goto('/work-calendar');
    await page.getByText('国务院办公厅关于2026年部分节假日安排的通知').first().waitFor();
    await page.getByText('查看').first().click();
    await page.getByText('调休上班').first().waitFor();
    await screenshot(page, 'calendar-desktop');
    await expectNoRawKeys(page);

    await page.goto('/open311-keys');
    await page.getByTestId('open311-create').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-select').click();
    await page.locator('.ant-select-tree-node-content-wrapper').first().click();
    await dialog.getByLabel('用途名称').fill('12345 市民热线');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    const keyText = page.getByTestId('open311-new-key');
    await keyText.waitFor();
    const key = ((await keyText.textContent()) ?? '').trim();
    expect(key).toMatch(/^j311_/);
    await screenshot(page, 'open311-key-desktop');
    await page.getByRole('button', { name: '我已复制' }).click();

    // The key works at the standard root path until it is revoked.
    const services = await fetch(`${server.url}/open311/v2/services.json?api_key=${key}`);
    expect(services.status).toBe(200);
    expect(((await services.json()) as unknown[]).length).toBeGreaterThan(0);
    const row = page.getByTestId('open311-keys').locator('tr', { hasText: '12345 市民热线' });
    await row.getByRole('button', { name: /停\s*用/ }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('已停用');
    expect((await fetch(`${server.url}/open311/v2/services.json?api_key=${key}`)).status).toBe(401);
    await screenshot(page, 'open311-revoked-desktop');
    await admin.context.close();
  });
});
