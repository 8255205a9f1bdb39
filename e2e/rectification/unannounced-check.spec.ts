/**
 * Issue 15's walk-through: the district launches an unannounced check (暗访), an inspector
 * records a finding on a phone (390 px), the community rectifies with a photo on its phone, the
 * street verifies, and the district's "rectified on time" figure moves. Screenshots of every page
 * at 1366 and 390 px in test-results/screenshots/rectification-*.png and responsibility-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot, settle } from '../support/browser.ts';
import { browserSuite } from '../support/suite.ts';

const env = browserSuite();
const TITLE = '恢复党员活动室功能';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

async function onTimeFigure(page: Page): Promise<number> {
  await page.goto('/rectification');
  const value = page.getByTestId('figure-onTime').locator('.ant-statistic-content-value');
  await value.waitFor({ timeout: 60_000 });
  await page.waitForFunction(
    () =>
      !/—/.test(
        document.querySelector('[data-testid="figure-onTime"] .ant-statistic-content-value')?.textContent ??
          '—',
      ),
  );
  return Number((await value.textContent())?.replace(/\D/g, ''));
}

/** After an upload: the toast, success or the server's refusal (then the test says which). */
async function uploaded(page: Page, name: string) {
  const toast = page.locator('.ant-message-notice').last();
  await toast.waitFor({ timeout: 30_000 });
  await screenshot(page, name);
  expect(await toast.textContent()).toContain('照片已上传');
}

async function pickDate(page: Page, id: string, date: string) {
  await page.locator(`#${id}`).click();
  await page.locator(`#${id}`).fill(date);
  await page.locator(`#${id}`).press('Enter');
}

describe('unannounced check → finding on a phone → rectified with a photo → verified', () => {
  it('moves the district figure', async () => {
    const { server, browser } = env;
    const district = (await openPage(browser, server.url, DESKTOP)).page;
    await login(district, 'district');
    const before = await onTimeFigure(district);
    await screenshot(district, 'rectification-district-1366');

    // The district launches this month's unannounced check of every community.
    await district.goto('/inspections');
    await district.getByRole('button', { name: '发起检查' }).click();
    await district.locator('#title').fill('十二月党建暗访督查');
    await district.locator('#checklist').fill('阵地建设\n三会一课记录');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await pickDate(district, 'startsOn', today);
    await pickDate(district, 'endsOn', today);
    await screenshot(district, 'rectification-launch-1366');
    await district.locator('.ant-modal').getByRole('button', { name: '发起检查' }).click();
    await district.getByText('检查已发起').waitFor();
    await settle(district);
    await screenshot(district, 'rectification-inspections-1366');

    // The inspector (the district's own account) records a finding on a phone.
    const inspector = (await openPage(browser, server.url, PHONE)).page;
    await login(inspector, 'district');
    await inspector.goto('/inspections');
    await inspector.getByTestId('list-cards').getByText('十二月党建暗访督查').first().click();
    await inspector.getByTestId('record-finding').click();
    await inspector.locator('#targetOrgId').click();
    await inspector.locator('#targetOrgId').fill('中山街道党工委 / 朝阳社区党委');
    await inspector.locator('.ant-select-item-option', { hasText: '中山街道党工委 / 朝阳社区党委' }).click();
    await inspector.locator('#checklistItem').click();
    await inspector.locator('.ant-select-item-option', { hasText: '阵地建设' }).click();
    await inspector.locator('#description').fill('党员活动室堆放杂物，无法正常开展活动');
    await inspector.locator('#title').fill(TITLE);
    await inspector.locator('#ownerPerson').fill('张书记');
    await inspector.locator('#requiredEvidence').fill('清理后的活动室照片');
    await screenshot(inspector, 'rectification-finding-390');
    await inspector.locator('.ant-modal').getByRole('button', { name: '记录问题' }).click();
    await inspector.getByText('问题已记录').waitFor();
    await inspector.getByTestId('upload-finding-photo').waitFor();
    await inspector
      .locator('.ant-drawer input[type="file"]')
      .setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
    await uploaded(inspector, 'rectification-inspection-390');

    // The community rectifies on its phone: a photo, then submit.
    const community = (await openPage(browser, server.url, PHONE)).page;
    await login(community, 'community');
    await community.goto('/rectification');
    await community.getByTestId('list-cards').getByText(TITLE).first().click();
    await screenshot(community, 'rectification-item-390');
    await community
      .locator('.ant-drawer input[type="file"]')
      .setInputFiles({ name: '整改后.png', mimeType: 'image/png', buffer: PNG });
    await uploaded(community, 'rectification-upload-390');
    await community.getByRole('button', { name: '提交整改' }).click();
    await community.getByText('已提交整改').waitFor();
    await community.keyboard.press('Escape');
    await settle(community);
    await screenshot(community, 'rectification-list-390');

    // The street (the level above) verifies.
    const street = (await openPage(browser, server.url, DESKTOP)).page;
    await login(street, 'street');
    await street.goto('/rectification?status=submitted');
    await street.getByTestId('list-table').getByText(TITLE).first().click();
    await street.getByRole('button', { name: '审核通过' }).click();
    await street.getByText('已审核通过').waitFor();
    await screenshot(street, 'rectification-verify-1366');

    expect(await onTimeFigure(district)).toBe(before + 1);

    // The responsibility pages, looked at on both widths.
    await district.goto('/responsibility');
    await district.getByText('区委抓基层党建问题清单').waitFor({ timeout: 60_000 });
    await screenshot(district, 'responsibility-lists-1366');
    await district.goto('/responsibility?view=items&late=true');
    await district.getByTestId('list-table').waitFor();
    await screenshot(district, 'responsibility-items-1366');
    await community.goto('/responsibility');
    await community.getByText('签字').first().waitFor({ timeout: 60_000 });
    await screenshot(community, 'responsibility-lists-390');
    await community.goto('/responsibility?view=items');
    await community.getByTestId('list-cards').waitFor();
    await screenshot(community, 'responsibility-items-390');
  }, 600_000);
});
