/**
 * A member's week (issue 14) in a real browser against the demo district: the branch files a 党课
 * for today and a 主题党日 for next week; the member (刘红, phone width) sees both under
 * 我的组织生活 and asks for leave for the 主题党日; the secretary sees the request on that meeting,
 * approves it, and its attendance list shows 刘红 as 请假 with the reason; the secretary records and
 * signs the 党课; the member sees the answer and their points name the 党课 and its date.
 * Screenshots (1366 and 390 px) go to test-results/screenshots/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot } from '../support/browser.ts';
import { chinaDay, orgIdByCode } from '../support/checks.ts';
import { browserSuite } from '../support/suite.ts';

const env = browserSuite();

async function planMeeting(page: Page, branchId: number, typeCode: string, topic: string, plannedOn: string) {
  const res = await page.request.post(`/api/v1/orgs/${branchId}/meetings`, {
    data: { typeCode, topic, plannedOn, place: '党群服务中心', hostName: '陈书记', recorderName: '王委员' },
    headers: { origin: env.server.url },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).data.id as number;
}

describe("a member's week", () => {
  it('sees the next meetings, asks for leave, the secretary answers, and points name the meeting', async () => {
    const secretary = await openPage(env.browser, env.server.url, DESKTOP);
    await login(secretary.page, 'branch');
    const branchId = await orgIdByCode(secretary.page, 'SFQ-01-01-G1');
    const today = chinaDay();
    const lecture = await planMeeting(
      secretary.page,
      branchId,
      'party_lecture',
      '基层治理中的党员作用',
      today,
    );
    const themeDay = await planMeeting(secretary.page, branchId, 'theme_day', '走访独居老人', chinaDay(7));

    // The member, on a phone: both meetings are coming up; asks for leave for the 主题党日.
    const member = await openPage(env.browser, env.server.url, PHONE);
    await login(member.page, 'member');
    await member.page.goto('/org-life/mine');
    const upcoming = member.page.getByTestId('my-upcoming');
    const themeItem = upcoming.filter({ hasText: '走访独居老人' });
    await themeItem.waitFor();
    await upcoming.filter({ hasText: '基层治理中的党员作用' }).waitFor();
    await screenshot(member.page, 'org-life-mine-phone');
    await themeItem.getByTestId('request-leave').click();
    const dialog = member.page.getByRole('dialog');
    await dialog.locator('textarea').fill('陪家人就医');
    await dialog.getByRole('button', { name: /请\s*假/ }).click();
    await expect.poll(() => themeItem.getByTestId('leave-status').textContent()).toBe('请假待答复');
    expect(await themeItem.getByTestId('request-leave').count()).toBe(0);

    // The secretary sees it on the meeting, approves, and the attendance list shows 请假 with the reason.
    await secretary.page.goto(`/org-life/meetings/${themeDay}`);
    const request = secretary.page.getByTestId('leave-request').filter({ hasText: '刘红' });
    await request.getByText('陪家人就医').waitFor();
    await request.getByRole('button', { name: /^同\s*意$/ }).click();
    await expect.poll(() => request.getByTestId('leave-status').textContent()).toBe('请假已同意');
    // The approve button follows the request's abilities: gone once answered.
    expect(await request.getByRole('button', { name: /^同\s*意$/ }).count()).toBe(0);
    const row = secretary.page.getByTestId('attendance').locator('tbody tr').filter({ hasText: '刘红' });
    await expect.poll(() => row.locator('.ant-radio-button-wrapper-checked').textContent()).toBe('请假');
    expect(await row.locator('input[type=text]').inputValue()).toBe('陪家人就医');
    await screenshot(secretary.page, 'org-life-leave-secretary-desktop');

    // The secretary records the 党课 (everyone present by default) and signs it.
    await secretary.page.goto(`/org-life/meetings/${lecture}`);
    await secretary.page.getByTestId('attendance').locator('tbody tr').filter({ hasText: '刘红' }).waitFor();
    await secretary.page.getByTestId('minutes').fill('书记讲党课，党员交流学习体会。');
    await secretary.page.getByTestId('save-record').click();
    await expect.poll(() => secretary.page.getByTestId('meeting-status').textContent()).toBe('已纪实');
    await secretary.page.getByTestId('sign-meeting').click();
    await secretary.page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await screenshot(secretary.page, 'org-life-lecture-signing-desktop');
    await expect
      .poll(() => secretary.page.getByTestId('meeting-status').textContent(), { timeout: 30_000 })
      .toBe('已签发');
    await secretary.context.close();

    // The member sees the answer, the 党课 among what they attended, and points that name it.
    await member.page.goto('/org-life/mine');
    await expect.poll(() => themeItem.getByTestId('leave-status').textContent()).toBe('请假已同意');
    await member.page
      .getByTestId('my-meeting')
      .filter({ hasText: '基层治理中的党员作用' })
      .getByText('已出席')
      .waitFor();
    await screenshot(member.page, 'org-life-mine-answered-phone');
    await member.page.goto('/points/me');
    const entry = member.page
      .locator('.ant-list-item')
      .filter({ has: member.page.getByTestId('points-entry-title').getByText('党课：基层治理中的党员作用') });
    await entry.waitFor();
    const held = await member.page.request.get(`/api/v1/org-life/meetings/${lecture}`);
    const heldOn = (await held.json()).data.heldOn as string;
    expect(await entry.getByTestId('points-entry-for').textContent()).toContain(heldOn);
    await screenshot(member.page, 'points-me-meeting-phone');

    // The same page at desktop width.
    const wide = await openPage(env.browser, env.server.url, DESKTOP);
    await login(wide.page, 'member');
    await wide.page.goto('/org-life/mine');
    await wide.page.getByTestId('my-upcoming').first().waitFor();
    await screenshot(wide.page, 'org-life-mine-desktop');
    await wide.context.close();
    await member.context.close();
  });
});
