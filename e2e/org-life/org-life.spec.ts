/**
 * Organizational life in a real browser against the real server (demo district): the street's
 * supervision grid shows the 支委会 of 朝阳社区第一网格党支部 as due; the branch secretary files a 支委会,
 * records attendance from the roster and minutes, signs it off; the street's view turns green for
 * it. The member checks their points at phone width. Screenshots go to test-results/screenshots/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot } from '../support/browser.ts';
import { orgIdByCode } from '../support/checks.ts';
import { browserSuite } from '../support/suite.ts';

const { server, browser } = browserSuite();

async function committeeCell(page: Page, communityId: number, branchId: number) {
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  await page.goto(`/org-life/supervision?orgId=${communityId}&period=${month}`);
  const cell = page.getByTestId(`cell-${branchId}-committee_meeting`);
  await cell.waitFor();
  return cell;
}

describe('organizational life in the browser', () => {
  it('a branch secretary files, records and signs a 支委会; the street view turns green', async () => {
    const street = await openPage(browser, server.url, DESKTOP);
    await login(street.page, 'street');
    const communityId = await orgIdByCode(street.page, 'SFQ-01-01');
    const branchId = await orgIdByCode(street.page, 'SFQ-01-01-G1');
    const before = await committeeCell(street.page, communityId, branchId);
    expect(await before.getAttribute('data-status')).toBe('due');
    await screenshot(street.page, 'org-life-supervision-before-desktop');

    const { context, page } = await openPage(browser, server.url, DESKTOP);
    await login(page, 'branch');
    // The home page carries one digest of what is overdue or due soon, instead of a flood of reminders.
    await page.getByTestId('org-life-digest').getByText('朝阳社区第一网格党支部').waitFor();
    await screenshot(page, 'org-life-home-digest-desktop');
    await page.goto('/org-life');
    await page.getByTestId('must-do').waitFor();
    await page
      .getByTestId('must-do-committee_meeting-open')
      .or(page.getByTestId('must-do-committee_meeting-due_soon'))
      .first()
      .waitFor();
    await screenshot(page, 'org-life-branch-desktop');

    await page.getByTestId('plan-meeting').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('plan-type').click();
    await page.locator('.ant-select-item-option', { hasText: '支委会' }).click();
    await dialog.getByTestId('plan-topic').fill('研究网格民情办理和主题党日安排');
    await dialog.getByTestId('plan-host').fill('陈书记');
    await dialog.getByTestId('plan-recorder').fill('王委员');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByTestId('meeting-title').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('meeting-status').textContent()).toBe('已备案');

    // Attendance checklist from the roster of the meeting date: the three committee members.
    const rows = page.getByTestId('attendance').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(3);
    await rows.nth(2).getByText('请假').click();
    await rows.nth(2).locator('input[type=text]').fill('外出学习');
    await page.getByTestId('minutes').fill('通报上月网格民情办理情况，研究确定本月主题党日活动方案。');
    await screenshot(page, 'org-life-record-desktop');
    await page.getByTestId('save-record').click();
    await expect.poll(() => page.getByTestId('meeting-status').textContent()).toBe('已纪实');
    await page.getByTestId('sign-meeting').click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(() => page.getByTestId('meeting-status').textContent()).toBe('已签发');
    await page.getByText('外出学习').waitFor();
    await screenshot(page, 'org-life-signed-desktop');
    await context.close();

    const after = await committeeCell(street.page, communityId, branchId);
    await expect.poll(() => after.getAttribute('data-status')).toBe('ok');
    await screenshot(street.page, 'org-life-supervision-after-desktop');
    // The stable contract says the same.
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const res = await street.page.request.get('/api/v1/org-life/compliance', {
      params: { orgId: branchId, period: month },
    });
    const row = (await res.json()).data.find((r: { type: string }) => r.type === 'committee_meeting');
    expect(row.status).toBe('ok');
    await street.context.close();
  });

  it('the district opens on per-street figures and drills down to the branch grid', async () => {
    for (const [viewport, label] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const { context, page } = await openPage(browser, server.url, viewport);
      await login(page, 'district');
      const streetId = await orgIdByCode(page, 'SFQ-01');
      const communityId = await orgIdByCode(page, 'SFQ-01-01');
      const branchId = await orgIdByCode(page, 'SFQ-01-01-G1');
      await page.goto('/org-life/supervision');
      // The district: one row per street, worst first, never the 8,000 branch rows.
      const table = page.getByTestId('summary-table');
      await table.waitFor();
      await page.getByTestId(`child-${streetId}`).waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('supervision-grid').count()).toBe(0);
      const ranks = await table.locator('tbody tr.ant-table-row td:first-child').allTextContents();
      expect(ranks[0]).toBe('1');
      await screenshot(page, `org-life-supervision-district-${label}`);

      // Drill down to the street: its communities, and a breadcrumb back to the district.
      await page.getByTestId(`child-${streetId}`).click();
      await page.getByTestId(`child-${communityId}`).waitFor({ timeout: 60_000 });
      const crumbs = page.getByTestId('supervision-breadcrumb');
      await crumbs.getByText('示范区委').waitFor();
      await screenshot(page, `org-life-supervision-street-${label}`);

      // Then the community: the branch grid with the explaining cells.
      await page.getByTestId(`child-${communityId}`).click();
      const cell = page.getByTestId(`cell-${branchId}-committee_meeting`);
      await cell.waitFor();
      expect(['ok', 'due', 'overdue']).toContain(await cell.getAttribute('data-status'));
      await screenshot(page, `org-life-supervision-community-${label}`);

      // Back up through the breadcrumb.
      await crumbs.getByRole('link', { name: '示范区委' }).click();
      await page.getByTestId(`child-${streetId}`).waitFor({ timeout: 60_000 });
      await context.close();
    }
  });

  it('pages at phone width: the branch calendar and a member’s own points', async () => {
    const branch = await openPage(browser, server.url, PHONE);
    await login(branch.page, 'branch');
    await branch.page.goto('/org-life');
    await branch.page.getByTestId('must-do').waitFor();
    await screenshot(branch.page, 'org-life-branch-phone');
    await branch.context.close();

    const member = await openPage(browser, server.url, PHONE);
    await login(member.page, 'member');
    await member.page.goto('/points/me');
    await member.page.getByTestId('my-points-total').waitFor();
    const total = await member.page
      .getByTestId('my-points-total')
      .locator('.ant-statistic-content-value')
      .textContent();
    expect(Number(total)).toBeGreaterThan(0);
    await screenshot(member.page, 'points-me-phone');
    await member.context.close();
  });
});
