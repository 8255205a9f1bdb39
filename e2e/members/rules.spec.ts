/**
 * Member rules in a real browser against the real server (demo district): the district account
 * opens 中山街道党工委's rules (all from the built-in default), is told under the field when a new
 * category repeats an existing name, adds 退役军人党员 as the street's own version, reads the
 * history, and finds the category offered in the street's member filter and registration form;
 * the community below shows the rule as inherited from the street. The street secretary reads the
 * rules at phone width without the add buttons. Screenshots go to test-results/screenshots/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot } from '../support/browser.ts';
import { browserSuite } from '../support/suite.ts';

const { server, browser } = browserSuite({ JICENG_DEMO_MEMBERS: '0' });

async function orgId(page: Page, name: string): Promise<number> {
  return page.evaluate(async (q) => {
    const res = await fetch(`/api/v1/orgs?q=${encodeURIComponent(q)}`, { credentials: 'same-origin' });
    const body = (await res.json()) as { data: { id: number; name: string }[] };
    const found = body.data.find((o) => o.name === q);
    if (!found) throw new Error(`organization ${q} not found`);
    return found.id;
  }, name);
}

const CATEGORIES = 'rule-members.categories';

describe('member rules in the browser', () => {
  it('the district adds a category for a street and the street’s member form offers it', async () => {
    const { page } = await openPage(browser, server.url, DESKTOP);
    await login(page, 'district');
    const street = await orgId(page, '中山街道党工委');
    const community = await orgId(page, '朝阳社区党委');
    await page.goto(`/member-rules?orgId=${street}`);
    const card = page.getByTestId(CATEGORIES);
    await card.waitFor();
    expect(await card.innerText()).toContain('系统默认');
    expect(await page.getByTestId('rule-members.party_birthday').innerText()).toContain('提前 30 天提醒');
    await screenshot(page, 'member-rules-desktop');

    await page.getByTestId(`rule-add-${'members.categories'}`).click();
    const form = page.getByTestId('rule-form');
    await form.waitFor();
    await page.getByTestId('rule-add-category').click();
    const labels = form.getByLabel('类别名称');
    await labels.last().fill('其他');
    await form.getByLabel('依据或原因').fill('中山街道党工委 2026 年第 12 次会议决定单列退役军人党员');
    await page.getByRole('button', { name: '保存新版本' }).click();
    // The server names the field: the repeated name shows under it.
    await form.getByText('类别名称：“其他”重复').waitFor();
    await screenshot(page, 'member-rules-form-error-desktop');
    await labels.last().fill('退役军人党员');
    await page.getByRole('button', { name: '保存新版本' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => card.innerText()).toContain('本级设置');
    expect(await card.innerText()).toContain('退役军人党员');
    expect(await card.innerText()).toContain('第 1 版');
    await screenshot(page, 'member-rules-own-desktop');

    await card.getByRole('button', { name: /历史版本/ }).click();
    const history = page.getByTestId('rule-history');
    await history.waitFor();
    const text = await history.innerText();
    expect(text).toContain('中山街道党工委');
    expect(text).toContain('系统默认');
    expect(text).toContain('现行');
    await screenshot(page, 'member-rules-history-desktop');
    await page.keyboard.press('Escape');

    // The community below the street follows the street's list.
    await page.goto(`/member-rules?orgId=${community}`);
    await expect.poll(() => page.getByTestId(CATEGORIES).innerText()).toContain('继承自 中山街道党工委');

    // The street's member filter and registration form offer the new category.
    await page.goto(`/members?orgId=${street}`);
    await page.locator('.ant-table').waitFor();
    await page.getByLabel('类别', { exact: true }).click();
    await page.locator('.ant-select-dropdown').getByText('退役军人党员').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /登记党员/ }).click();
    // The drawer's own select (the filter above has a field of the same name).
    await page
      .getByRole('dialog')
      .locator('.ant-form-item')
      .filter({ hasText: '党员类别' })
      .getByRole('combobox')
      .click();
    const option = page.locator('.ant-select-dropdown:visible').getByText('退役军人党员');
    await option.waitFor();
    await option.scrollIntoViewIfNeeded();
    await option.hover();
    await screenshot(page, 'member-rules-member-form-desktop');
  });

  it('the street secretary reads the rules at phone width', async () => {
    const { page } = await openPage(browser, server.url, PHONE);
    await login(page, 'street');
    await page.goto('/member-rules');
    const card = page.getByTestId(CATEGORIES);
    await card.waitFor();
    await expect.poll(() => card.innerText()).toContain('本级设置');
    expect(await page.getByTestId('rule-add-members.categories').count()).toBe(0);
    expect(await page.getByText('新增版本由区委组织部办理').count()).toBe(1);
    await screenshot(page, 'member-rules-phone');
    await card.getByRole('button', { name: /历史版本/ }).click();
    await page.getByTestId('rule-history').waitFor();
    await screenshot(page, 'member-rules-history-phone');
  });

  it('the district opens the form at phone width', async () => {
    const { page } = await openPage(browser, server.url, PHONE);
    await login(page, 'district');
    const street = await orgId(page, '中山街道党工委');
    await page.goto(`/member-rules?orgId=${street}`);
    await page.getByTestId('rule-add-members.party_birthday').click();
    await page.getByTestId('rule-form').waitFor();
    await screenshot(page, 'member-rules-form-phone');
  });
});
