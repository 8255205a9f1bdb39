/**
 * Issue 14 in the browser: the header's to-do bell and list (a branch secretary's meeting to record,
 * a member's coming meeting, never another person's), the audit viewer in names, Chinese and China
 * time, and the watermark on pages with personal data. Screenshots at 1366 and 390 px.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot } from '../support/browser.ts';
import { apiCall, chinaDay } from '../support/checks.ts';
import { openAndSettle } from '../support/pages.ts';
import { browserSuite } from '../support/suite.ts';

const env = browserSuite();

describe('to-do list, audit viewer and watermark', () => {
  it('a branch secretary sees the meeting to record and a member the coming meeting, each only their own', async () => {
    const secretary = await openPage(env.browser, env.server.url, DESKTOP);
    await login(secretary.page, 'branch');
    const me = await apiCall<{ data: { roles: { orgId: number }[] } }>(secretary.page, 'GET', '/auth/me');
    const branchId = me.json.data.roles[0].orgId;
    const plan = (topic: string, plannedOn: string, typeCode: string) =>
      apiCall(secretary.page, 'POST', `/orgs/${branchId}/meetings`, {
        typeCode,
        topic,
        plannedOn,
        place: '党员活动室',
        hostName: '支部书记',
        recorderName: '组织委员',
      });
    const planned = await plan('十二月支委会（今天召开）', chinaDay(), 'committee_meeting');
    expect(planned.status, JSON.stringify(planned.json)).toBe(201);
    const coming = await plan('主题党日：走访困难群众', chinaDay(5), 'theme_day');
    expect(coming.status, JSON.stringify(coming.json)).toBe(201);

    await secretary.page.goto('/');
    const badge = secretary.page.getByTestId('todo-bell');
    await expect
      .poll(() => badge.getAttribute('aria-label'), { timeout: 30_000 })
      .toMatch(/待办：\d+ 条未读/);
    await screenshot(secretary.page, 'todos-header-1366');
    await badge.click();
    const toRecord = secretary.page.getByTestId('todo-group-org-life.to-record');
    await toRecord.waitFor();
    expect(await toRecord.textContent()).toContain('十二月支委会（今天召开）');
    await screenshot(secretary.page, 'todos-secretary-1366');

    const member = await openPage(env.browser, env.server.url, PHONE);
    await login(member.page, 'member');
    await member.page.getByTestId('todo-bell').click();
    const comingGroup = member.page.getByTestId('todo-group-org-life.coming');
    await comingGroup.waitFor();
    expect(await comingGroup.textContent()).toContain('主题党日：走访困难群众');
    // The secretary's list (meetings to record) is never the member's: the member sees the branch's
    // meetings only as coming ones.
    expect(await member.page.getByTestId('todo-group-org-life.to-record').count()).toBe(0);
    await screenshot(member.page, 'todos-member-390');
    // Opening an item marks it read: the badge goes down.
    const before = await member.page.getByTestId('todo-bell').getAttribute('aria-label');
    await comingGroup.getByRole('link', { name: '查看' }).first().click();
    await member.page.waitForURL(/\/org-life\/meetings\/\d+/);
    await expect
      .poll(() => member.page.getByTestId('todo-bell').getAttribute('aria-label'), { timeout: 30_000 })
      .not.toBe(before);

    // A resident has no organizational life: their list never shows the branch's meetings.
    const resident = await openPage(env.browser, env.server.url, PHONE);
    await login(resident.page, 'resident');
    const theirs = await apiCall(resident.page, 'GET', '/notifications/todos');
    expect(JSON.stringify(theirs.json)).not.toContain('走访困难群众');
    for (const s of [secretary, member, resident]) await s.context.close();
  });

  it('the audit viewer shows names, Chinese actions and China time', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { context, page } = await openPage(env.browser, env.server.url, viewport);
      await login(page, 'auditor');
      await openAndSettle(page, '/audit');
      const text = (await page.locator('.jc-list-page').textContent()) ?? '';
      expect(text).toContain('登录');
      expect(text).not.toMatch(/auth\.login|user \d+|role_grant \d+/);
      expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
      await screenshot(page, `audit-viewer-${viewport.width}`);
      await context.close();
    }
  });

  it('pages with personal data carry the viewer’s watermark; other pages do not', async () => {
    const { context, page } = await openPage(env.browser, env.server.url, DESKTOP);
    await login(page, 'community');
    await openAndSettle(page, '/members');
    const mark = page.getByTestId('watermark');
    await mark.waitFor();
    expect(await mark.getAttribute('data-watermark')).toMatch(/（community） \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // Ant Design draws it as a repeated image over the page, which clicks pass through.
    const layer = await mark.evaluate((el) =>
      [...el.querySelectorAll('div')].some((d) =>
        getComputedStyle(d).backgroundImage.startsWith('url("data:image'),
      ),
    );
    expect(layer).toBe(true);
    await screenshot(page, 'watermark-members-1366');
    await openAndSettle(page, '/orgs');
    expect(await page.getByTestId('watermark').count()).toBe(0);
    await context.close();
  });
});
