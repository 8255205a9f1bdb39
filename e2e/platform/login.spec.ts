/**
 * The platform in a real browser against the real server: a street secretary logs in, walks the
 * organization tree, renames a community and sees the change in its history, switches language
 * and logs out; the audit administrator reads the log; the security administrator opens accounts.
 * Screenshots (desktop 1366×800 and phone 390×844) go to test-results/screenshots/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot } from '../support/browser.ts';
import { browserSuite } from '../support/suite.ts';

const { server, browser } = browserSuite();

/** Text of the page has no untranslated i18n key like `orgs.detail.history`. */
async function expectNoRawKeys(page: Page) {
  const text = (await page.locator('body').textContent()) ?? '';
  expect(text).not.toMatch(/\b(app|common|auth|orgs|accounts|audit)\.[a-z]+[A-Za-z.]*\b/);
}

function treeNode(page: Page, name: string) {
  return page.getByTestId('org-tree').locator('.ant-tree-treenode', { hasText: name }).first();
}

describe('platform in the browser', () => {
  it('street secretary: tree, rename a community, history, language, logout', async () => {
    const { context, page } = await openPage(browser, server.url, DESKTOP);
    await page.goto('/');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    await screenshot(page, 'login-desktop');

    // A wrong password answers in Chinese and logs nobody in.
    await page.getByLabel('用户名或手机号').fill('street');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('用户名或密码错误').waitFor();

    await login(page, 'street');
    const street = treeNode(page, '中山街道党工委');
    await street.waitFor();
    await page.getByText('中山街道党工委 李书记').first().waitFor();
    await expectNoRawKeys(page);
    await screenshot(page, 'home-desktop');

    // Expand the street and open a community.
    await street.locator('.ant-tree-switcher').click();
    await treeNode(page, '朝阳社区党委').waitFor();
    await treeNode(page, '朝阳社区党委').locator('.ant-tree-title').click();
    await expect.poll(() => page.getByTestId('org-name').textContent()).toBe('朝阳社区党委');
    await page.getByText('社区(村)').first().waitFor();
    await page.getByRole('link', { name: '中山街道党工委' }).waitFor();
    await screenshot(page, 'org-detail-desktop');

    // A code already used elsewhere: the server's message appears under the code field.
    await page.getByRole('button', { name: /编\s*辑/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('组织编码').fill('SFQ-01-02');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.locator('.ant-form-item-explain-error', { hasText: '已被其他组织使用' }).waitFor();
    await screenshot(page, 'org-edit-error-desktop');
    await dialog.getByLabel('组织编码').fill('SFQ-01-01');

    // Rename (a street secretary may rename the communities of the street).
    await dialog.getByLabel('组织名称').fill('朝阳社区党委（示范）');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.getByTestId('org-name').textContent()).toBe('朝阳社区党委（示范）');
    await treeNode(page, '朝阳社区党委（示范）').waitFor();

    await page.getByRole('tab', { name: '变更记录' }).click();
    await page
      .getByTestId('org-event')
      .filter({ hasText: '组织名称：朝阳社区党委 → 朝阳社区党委（示范）' })
      .waitFor();
    await screenshot(page, 'org-history-desktop');

    // English and back; only the language is kept in localStorage.
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('tab', { name: 'History' }).waitFor();
    await page.getByRole('menuitem', { name: 'Organizations' }).waitFor();
    await expectNoRawKeys(page);
    await screenshot(page, 'org-history-en-desktop');
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    await page.getByRole('tab', { name: '变更记录' }).waitFor();
    expect(await page.evaluate(() => Object.keys(window.localStorage))).toEqual(['jiceng.locale']);

    // Log out: back on the login page, and the API no longer knows the session.
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    const me = await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.status));
    expect(me).toBe(401);
    await context.close();
  });

  it('street secretary on a phone: drawer with the tree, usable detail page', async () => {
    const { context, page } = await openPage(browser, server.url, PHONE);
    await page.goto('/login');
    await page.getByRole('button', { name: /登\s*录/ }).waitFor();
    await screenshot(page, 'login-phone');
    await login(page, 'street');
    await page.getByText('常用功能', { exact: true }).waitFor();
    await screenshot(page, 'home-phone');
    await page.getByRole('button', { name: '打开导航' }).click();
    const street = treeNode(page, '中山街道党工委');
    await street.waitFor();
    await screenshot(page, 'drawer-phone');
    await street.locator('.ant-tree-title').click();
    await expect.poll(() => page.getByTestId('org-name').textContent()).toBe('中山街道党工委');
    await page.getByRole('tab', { name: /下级组织/ }).waitFor();
    await screenshot(page, 'org-detail-phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });

  it('auditor reads the log and verifies the chain; secadmin opens accounts', async () => {
    const auditor = await openPage(browser, server.url, DESKTOP);
    await login(auditor.page, 'auditor');
    await auditor.page.getByRole('menuitem', { name: '审计日志' }).click();
    await auditor.page.locator('.ant-table-row', { hasText: '登录' }).first().waitFor();
    await auditor.page.getByRole('button', { name: '校验哈希链' }).click();
    await auditor.page.getByTestId('audit-verify').getByText('哈希链完整').waitFor();
    await screenshot(auditor.page, 'audit-desktop');
    // The auditor administers nothing else.
    expect(await auditor.page.getByRole('menuitem', { name: '账号与角色' }).count()).toBe(0);
    await auditor.context.close();

    const secadmin = await openPage(browser, server.url, DESKTOP);
    await login(secadmin.page, 'secadmin');
    await secadmin.page.getByRole('menuitem', { name: '账号与角色' }).click();
    const streetRow = secadmin.page.locator('.ant-table-row', { hasText: '中山街道党工委 李书记' }).first();
    await streetRow.waitFor();
    // Security administrator: roles yes, creating accounts no (that is the system administrator's).
    expect(await secadmin.page.getByRole('button', { name: '新建账号' }).count()).toBe(0);
    await screenshot(secadmin.page, 'accounts-desktop');
    await streetRow.getByRole('button', { name: /角色/ }).click();
    await secadmin.page.getByRole('dialog').getByText('授予角色').first().waitFor();
    await expectNoRawKeys(secadmin.page);
    await screenshot(secadmin.page, 'accounts-roles-desktop');
    await secadmin.context.close();

    // System administrator: creates an account and is shown its one-time temporary password.
    const sysadmin = await openPage(browser, server.url, DESKTOP);
    const page = sysadmin.page;
    await login(page, 'sysadmin');
    await page.getByRole('menuitem', { name: '账号与角色' }).click();
    await page.getByRole('button', { name: '新建账号' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-form-item', { hasText: '所属组织' }).locator('.ant-select').click();
    await page.locator('.ant-select-tree-title', { hasText: '示范区委' }).click();
    await dialog.getByLabel('用户名').fill('Bad Name');
    await dialog.getByLabel('姓名').fill('区委组织部 周干事');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.locator('.ant-form-item-explain-error', { hasText: '用户名' }).waitFor();
    await dialog.getByLabel('用户名').fill('zhou.ganshi');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const temporary = page.getByTestId('temporary-password');
    await temporary.waitFor();
    expect((await temporary.textContent())?.length ?? 0).toBeGreaterThanOrEqual(12);
    await screenshot(page, 'accounts-temporary-password-desktop');
    await sysadmin.context.close();
  });
});
