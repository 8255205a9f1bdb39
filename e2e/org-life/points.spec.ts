/**
 * Manual points in a real browser against the real server (demo district): the secretary of
 * 朝阳社区第一网格党支部 requests an award for a member of the branch; the community secretary sees it
 * pending and approves it; the member's yearly points rise by the award. The branch secretary then
 * reverses the entry with a reason and the reversal shows in the history. Desktop and phone
 * screenshots go to test-results/screenshots/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot } from '../support/browser.ts';
import { orgIdByCode } from '../support/checks.ts';
import { browserSuite } from '../support/suite.ts';

const { server, browser } = browserSuite();

async function totalOf(page: Page, branchId: number, memberId: number): Promise<number> {
  const res = await page.request.get(`/api/v1/orgs/${branchId}/points/ranking`, { params: { limit: 1000 } });
  const row = (await res.json()).data.ranking.find((r: { memberId: number }) => r.memberId === memberId);
  return row.total;
}

const OK = /确\s*定|OK/;

describe('manual points in the browser', () => {
  it('a branch secretary requests an award, the community approves it, the member’s points rise', async () => {
    const branch = await openPage(browser, server.url, DESKTOP);
    await login(branch.page, 'branch');
    const branchId = await orgIdByCode(branch.page, 'SFQ-01-01-G1');
    const roster = await branch.page.request.get('/api/v1/members', {
      params: { orgId: branchId, pageSize: 5 },
    });
    const member: { id: number; name: string } = (await roster.json()).data[0];
    const before = await totalOf(branch.page, branchId, member.id);

    await branch.page.goto('/points/requests');
    await branch.page.getByTestId('new-points-request').click();
    const dialog = branch.page.getByRole('dialog');
    await dialog.getByTestId('request-member').click();
    await branch.page.keyboard.type(member.name);
    await branch.page.locator('.ant-select-item-option', { hasText: member.name }).first().click();
    await dialog.getByText('加分', { exact: true }).click();
    await dialog.getByLabel(/分值/).fill('2');
    await dialog.getByTestId('request-reason').fill('带头参加网格民情走访，协助化解邻里纠纷');
    await screenshot(branch.page, 'points-request-form-desktop');
    await dialog.getByRole('button', { name: OK }).click();
    const pending = branch.page.getByTestId('points-requests').locator('[data-testid^="points-request-"]', {
      hasText: '协助化解邻里纠纷',
    });
    await pending.getByText('待审核').waitFor();
    await screenshot(branch.page, 'points-requests-branch-desktop');
    // The branch cannot approve its own request.
    expect(await pending.locator('[data-testid^="approve-"]').count()).toBe(0);

    const community = await openPage(browser, server.url, DESKTOP);
    await login(community.page, 'community');
    await community.page.goto('/points/requests');
    const row = community.page
      .getByTestId('points-requests')
      .locator('[data-testid^="points-request-"]', { hasText: '协助化解邻里纠纷' });
    await row.waitFor();
    await screenshot(community.page, 'points-requests-community-desktop');
    await row.locator('[data-testid^="approve-"]').click();
    const decision = community.page.getByRole('dialog');
    await decision.getByTestId('decision-comment').fill('事迹属实，同意加分');
    await decision.getByRole('button', { name: OK }).click();
    await community.page.getByText('已通过，积分已记入流水').waitFor();
    await community.context.close();

    await expect.poll(() => totalOf(branch.page, branchId, member.id)).toBe(before + 2);

    // The branch sees the approval, opens the member's ledger and reverses the entry with a reason.
    await branch.page.reload();
    await branch.page.getByTestId('status-filter').getByText('已通过').click();
    await pending.getByText('已通过').waitFor();
    await pending.getByText(member.name).click();
    const ledger = branch.page.getByTestId('ledger');
    const award = ledger.locator('[data-testid^="entry-"]', { hasText: '协助化解邻里纠纷' }).first();
    await award.waitFor();
    await award.getByRole('button', { name: /冲\s*正/ }).click();
    await branch.page.getByRole('dialog').getByTestId('reverse-reason').fill('重复申报，予以冲正');
    await branch.page.getByRole('dialog').getByRole('button', { name: OK }).click();
    await ledger.getByText('重复申报，予以冲正').waitFor();
    await ledger.locator('.ant-tag', { hasText: '已冲正' }).first().waitFor();
    await screenshot(branch.page, 'points-ledger-reversal-desktop');
    await expect.poll(() => totalOf(branch.page, branchId, member.id)).toBe(before);
    expect(await branch.page.getByTestId('ledger-total').textContent()).toContain(`${before} 分`);
    await branch.context.close();
  });

  it('the requests page at phone width', async () => {
    const community = await openPage(browser, server.url, PHONE);
    await login(community.page, 'community');
    await community.page.goto('/points/requests');
    await community.page.getByTestId('points-requests').waitFor();
    await community.page.getByTestId('status-filter').getByText('全部').click();
    await community.page.getByTestId('points-requests').getByText('已通过').first().waitFor();
    await screenshot(community.page, 'points-requests-community-phone');
    await community.context.close();

    const branch = await openPage(browser, server.url, PHONE);
    await login(branch.page, 'branch');
    await branch.page.goto('/points/requests');
    await branch.page.getByTestId('new-points-request').click();
    await branch.page.getByRole('dialog').getByTestId('request-reason').waitFor();
    await screenshot(branch.page, 'points-request-form-phone');
    await branch.context.close();
  });
});
