/**
 * Issue 17 (dues): a member on a 390 px phone sees their own dues; the branch secretary records a
 * payment in the ledger; the district sees the dues figures of the whole district (no "pick a
 * branch" refusal), lists as cards at 390 px; the street sees the committees' terms. Screenshots at 1366 and 390 px in
 * test-results/screenshots/dues-*.png and elections-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot, settle } from '../support/browser.ts';
import { browserSuite } from '../support/suite.ts';

const env = browserSuite();

/** No horizontal scroll at 390 px. */
async function fitsPhone(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

describe('party dues', () => {
  it('a member sees their dues on a phone', async () => {
    const { server, browser } = env;
    const { page } = await openPage(browser, server.url, PHONE);
    await login(page, 'member');
    await page.goto('/my-dues');
    await page.getByRole('heading', { level: 1, name: '我的党费' }).waitFor();
    await page.getByTestId('my-dues-summary').waitFor({ timeout: 60_000 });
    await settle(page);
    expect(await page.getByTestId('my-dues-summary').textContent()).toContain('每月');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'dues-mine-390');
  });

  it('the branch secretary records a payment', async () => {
    const { server, browser } = env;
    const { page } = await openPage(browser, server.url, DESKTOP);
    await login(page, 'branch');
    await page.goto('/dues');
    await page.getByRole('heading', { level: 1, name: '党费收缴' }).waitFor();
    const button = page.locator('[data-testid^="dues-pay-"]:not([disabled])').first();
    await button.waitFor({ timeout: 60_000 });
    await settle(page);
    await screenshot(page, 'dues-ledger-1366');
    await button.click();
    const dialog = page.locator('.ant-modal');
    await dialog.waitFor();
    await dialog.locator('#receiptNo').fill('E2E-0001');
    await screenshot(page, 'dues-pay-1366');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const toast = page.locator('.ant-message-notice').last();
    await toast.waitFor({ timeout: 30_000 });
    expect(await toast.textContent()).toContain('已保存');
    await page.getByRole('tab', { name: '欠缴党员' }).click();
    await settle(page);
    await screenshot(page, 'dues-arrears-1366');
    await page.getByRole('tab', { name: '党费计算' }).click();
    await page.getByRole('button', { name: /计\s*算/ }).click();
    await page.getByTestId('dues-calc-result').waitFor();
    expect(await page.getByTestId('dues-calc-result').textContent()).toContain('81.00');
    await screenshot(page, 'dues-calculator-1366');

    const phone = (await openPage(browser, server.url, PHONE)).page;
    await login(phone, 'branch');
    await phone.goto('/dues');
    await phone.locator('[data-testid^="dues-pay-"]').first().waitFor({ timeout: 60_000 });
    await settle(phone);
    await fitsPhone(phone);
    await screenshot(phone, 'dues-ledger-390');
  });

  it('the district sees the dues figures of the whole district, and its arrears, on desktop and phone', async () => {
    const { server, browser } = env;
    const { page } = await openPage(browser, server.url, DESKTOP);
    await login(page, 'district');
    await page.goto('/dues?tab=figures');
    await page.getByRole('heading', { level: 1, name: '党费收缴' }).waitFor();
    await page.getByTestId('dues-figures').waitFor({ timeout: 120_000 });
    await settle(page);
    const figures = await page.getByTestId('dues-figures').textContent();
    expect(figures).toContain('欠缴人数');
    expect(figures).not.toMatch(/请选择一个党支部/);
    await screenshot(page, 'dues-figures-1366');
    await page.getByRole('tab', { name: '欠缴党员' }).click();
    await page.locator('.ant-tag', { hasText: '连续' }).first().waitFor({ timeout: 120_000 });
    await settle(page);
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    await screenshot(page, 'dues-district-arrears-1366');

    const phone = (await openPage(browser, server.url, PHONE)).page;
    await login(phone, 'district');
    await phone.goto('/dues?tab=figures');
    await phone.getByTestId('dues-figures').waitFor({ timeout: 120_000 });
    await phone.getByTestId('list-cards').first().waitFor({ timeout: 60_000 });
    await settle(phone);
    await fitsPhone(phone);
    await screenshot(phone, 'dues-figures-390');
    await phone.goto('/dues?tab=arrears');
    await phone.getByTestId('list-cards').first().waitFor({ timeout: 120_000 });
    await settle(phone);
    await fitsPhone(phone);
    await screenshot(phone, 'dues-district-arrears-390');
  });

  it('the street sees terms due and overdue', async () => {
    const { server, browser } = env;
    const { page } = await openPage(browser, server.url, DESKTOP);
    await login(page, 'street');
    await page.goto('/elections?status=due');
    await page.getByRole('heading', { level: 1, name: '任期与换届' }).waitFor();
    await page.locator('.ant-tag', { hasText: '即将届满' }).first().waitFor({ timeout: 60_000 });
    await settle(page);
    await screenshot(page, 'elections-terms-1366');
    const phone = (await openPage(browser, server.url, PHONE)).page;
    await login(phone, 'street');
    await phone.goto('/elections?status=overdue');
    await phone.locator('.ant-tag', { hasText: '已届满未换届' }).first().waitFor({ timeout: 60_000 });
    await settle(phone);
    await screenshot(phone, 'elections-terms-390');
  });
});
