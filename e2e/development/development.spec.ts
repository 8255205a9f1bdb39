/**
 * Issue 17 in a real browser against the demo district: the branch secretary registers an
 * application and takes the applicant to the 发展对象 step, where the one-year rule blocks (the
 * button is disabled with the reason); a demo activist of more than a year is then made a
 * development target. A member activates their own account on a 390 px phone with name, ID number
 * and the code their branch issued, and sees their meetings and dues. Screenshots at both widths.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { nextIdNumber } from '../../server/src/modules/members/index.ts';
import { DESKTOP, login, openPage, PHONE, screenshot, settle } from '../support/browser.ts';
import { browserSuite } from '../support/suite.ts';

const { server, browser } = browserSuite({ JICENG_DEMO_MEMBERS: '1500' });

async function call<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const res = await fetch(`/api/v1${url}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
      return res.json();
    },
    { method, url, body },
  ) as Promise<T>;
}

async function stepDialog(page: Page, rowText: string, button: 'complete' | 'approve') {
  const row = page.locator('.ant-table-row', { hasText: rowText });
  await row.getByRole('button', { name: button === 'complete' ? '完成本步骤' : '上级党委办理' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('本步骤形成的记录').fill('已办理，材料存档');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await dialog.waitFor({ state: 'hidden' });
  await settle(page);
}

describe('发展党员 and own accounts', () => {
  it('a branch takes an applicant to the development-target step: blocked before one year, then allowed', async () => {
    const { page } = await openPage(browser, server.url, DESKTOP);
    await login(page, 'branch');
    await page.goto('/development');
    await page.getByTestId('dev-apply').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('测试申请人');
    await dialog.getByLabel('身份证号').fill(nextIdNumber('19980506'));
    await dialog.getByLabel('递交申请书日期').fill('2024-01-05');
    await dialog.getByLabel('递交申请书日期').press('Enter');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.ant-table-row', { hasText: '测试申请人' }).waitFor();
    await stepDialog(page, '测试申请人', 'complete'); // 2 talk
    await stepDialog(page, '测试申请人', 'complete'); // 3 activist (today)

    const upper = await openPage(browser, server.url, DESKTOP);
    await login(upper.page, 'community');
    await upper.page.goto('/development');
    await upper.page.locator('.ant-table-row', { hasText: '测试申请人' }).waitFor();
    await settle(upper.page);
    await screenshot(upper.page, 'development-community-desktop');
    await stepDialog(upper.page, '测试申请人', 'approve'); // 4 filed

    await page.reload();
    await stepDialog(page, '测试申请人', 'complete'); // 5
    await stepDialog(page, '测试申请人', 'complete'); // 6
    const row = page.locator('.ant-table-row', { hasText: '测试申请人' });
    await row.getByText('7. 确定发展对象').waitFor();
    expect(await row.getByRole('button', { name: '完成本步骤' }).isDisabled()).toBe(true);
    await row.getByRole('button', { name: '完成本步骤' }).hover({ force: true });
    await screenshot(page, 'development-blocked-desktop');

    // A demo activist of 13 months in the same pipeline may become a development target.
    const cases = await call<{
      data: { id: number; name: string; step: number; abilities: { complete: boolean } }[];
    }>(
      page,
      'GET',
      `/orgs/${new URL(page.url()).searchParams.get('orgId') ?? (await call<{ data: { roles: { orgId: number }[] } }>(page, 'GET', '/auth/me')).data.roles[0].orgId}/development`,
    );
    const eligible = cases.data.find((c) => c.step === 7 && c.abilities.complete);
    expect(eligible, 'a demo activist of more than a year').toBeDefined();
    await stepDialog(page, eligible!.name, 'complete');
    const after = await call<{ data: { step: number } }>(page, 'GET', `/development/${eligible!.id}`);
    expect(after.data.step).toBe(8);
    await screenshot(page, 'development-desktop');

    const phone = await openPage(browser, server.url, PHONE);
    await login(phone.page, 'branch');
    await phone.page.goto('/development');
    await phone.page.getByText('测试申请人').first().waitFor();
    await screenshot(phone.page, 'development-phone');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('a member activates their account on a 390 px phone and sees their meetings', async () => {
    const { page } = await openPage(browser, server.url, DESKTOP);
    await login(page, 'branch');
    await page.goto('/member-activations');
    await page.getByTestId('member-activations-page').waitFor();
    await settle(page);
    await screenshot(page, 'member-activations-desktop');
    const me = await call<{ data: { roles: { role: string; orgId: number }[] } }>(page, 'GET', '/auth/me');
    const orgId = me.data.roles.find((r) => r.role === 'branch_secretary')!.orgId;
    const status = await call<{ data: { memberId: number; name: string; activated: boolean }[] }>(
      page,
      'GET',
      `/orgs/${orgId}/activations`,
    );
    const member = status.data.find((m) => !m.activated);
    expect(member, 'a member not yet activated').toBeDefined();
    const revealed = await call<{ data: { idNumber: string } }>(
      page,
      'POST',
      `/members/${member!.memberId}/reveal`,
      {
        reason: '核对身份以发放激活码',
        fields: ['idNumber'],
      },
    );
    const issued = await call<{ data: { code: string; link: string }[] }>(
      page,
      'POST',
      `/orgs/${orgId}/activation-codes`,
      {
        memberIds: [member!.memberId],
      },
    );

    const phone = await openPage(browser, server.url, PHONE);
    await phone.page.goto(new URL(issued.data[0].link).pathname + new URL(issued.data[0].link).search);
    await phone.page.getByTestId('activate-page').waitFor();
    await phone.page.getByLabel('姓名').fill(member!.name);
    await phone.page.getByLabel('身份证号').fill(revealed.data.idNumber);
    await phone.page.getByLabel('用户名').fill('new_member_e2e');
    await phone.page.getByLabel('密码').fill('Hong!Qi#2026x');
    await screenshot(phone.page, 'activate-phone');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.page.getByTestId('activate-submit').click();
    await phone.page.getByTestId('user-menu').waitFor();
    await phone.page.goto('/org-life/mine');
    await phone.page.getByRole('heading', { level: 1 }).waitFor();
    await settle(phone.page);
    await screenshot(phone.page, 'activated-member-meetings-phone');
    expect(await phone.page.locator('body').innerText()).toMatch(/主题党日|支委会|会议/);
    // and their dues
    await phone.page.goto('/my-dues');
    const dues = phone.page.getByTestId('my-dues-summary');
    await dues.waitFor();
    await settle(phone.page);
    await screenshot(phone.page, 'activated-member-dues-phone');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await dues.innerText()).toContain(member!.name);
  });
});
