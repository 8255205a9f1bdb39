/**
 * Resident proposals in the browser, the five steps end to end: the demo resident submits a
 * proposal from a phone (390×844) and seconds it; the community secretary at the desk (1366×800)
 * accepts it into deliberation, records the deliberation meeting, submits it for decision, records
 * the vote, adds an execution task and completes it, discloses the decision and the result; the
 * resident confirms on the phone and the proposal is closed. The street has set a local rule
 * (support threshold 1) for the community first, as a street may. Screenshots in
 * test-results/screenshots/proposals-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot } from '../support/browser.ts';
import { apiCall, expectNoHorizontalOverflow, expectNoRawKeys, okDialog } from '../support/checks.ts';
import { browserSuite } from '../support/suite.ts';

const { server, browser } = browserSuite();

/** A date field of an Ant Design modal: type the date and confirm with Enter. */
async function fillDate(page: Page, label: string, value: string) {
  const input = page.getByRole('dialog').getByLabel(label);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

function daysFromToday(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function status(page: Page): Promise<string | null> {
  return page.getByTestId('proposal-status').textContent();
}

async function deskAction(page: Page, key: string) {
  await page.getByTestId(`act-${key}`).click();
}

describe('proposals in the browser', () => {
  it('resident on a phone → community desk through five steps → resident confirms', async () => {
    const title = '楼道照明改为声控节能灯';
    const resident = await openPage(browser, server.url, PHONE);
    const desk = await openPage(browser, server.url, DESKTOP);
    const street = await openPage(browser, server.url, DESKTOP);
    await login(resident.page, 'resident');
    await login(desk.page, 'community');
    await login(street.page, 'street');

    // The street sets a local rule for 朝阳社区 (threshold 1) so one seconding suffices here.
    const me = await apiCall(desk.page, 'GET', '/auth/me');
    const communityId = (me.json as { data: { roles: { orgId: number; role: string }[] } }).data.roles.find(
      (r) => r.role === 'community_secretary',
    )?.orgId;
    expect(communityId).toBeTypeOf('number');
    const rule = await apiCall(street.page, 'POST', `/orgs/${communityId}/proposal-rules`, {
      version: 'sfq-01-01-e2e',
      supportThreshold: 1,
      passNumerator: 1,
      passDenominator: 2,
      effectiveFrom: daysFromToday(-30),
      source: '街道工委批复：朝阳社区试行附议 1 人即可提交决策',
    });
    expect(rule.status).toBe(201);
    await street.context.close();

    // 提案: the resident submits from the phone.
    const phone = resident.page;
    await phone.goto('/proposals');
    await phone.getByTestId('new-proposal').click();
    await phone.getByTestId('proposal-title').fill(title);
    await phone
      .getByTestId('proposal-content')
      .fill('3 号楼楼道灯常亮，既费电又容易坏，建议更换为声控节能灯。');
    await screenshot(phone, 'proposals-new-phone');
    await expectNoHorizontalOverflow(phone);
    // A missing title is refused in Chinese under the field.
    await phone.getByTestId('proposal-title').fill('');
    await phone.getByTestId('proposal-submit').click();
    await phone.locator('.ant-form-item-explain-error').first().waitFor();
    await phone.getByTestId('proposal-title').fill(title);
    await phone.getByTestId('proposal-submit').click();
    await expect.poll(() => status(phone)).toBe('提案');
    const id = Number(new URL(phone.url()).pathname.split('/').pop());
    expect(id).toBeGreaterThan(0);
    await expectNoRawKeys(phone, ['proposals']);
    await expectNoHorizontalOverflow(phone);
    await screenshot(phone, 'proposals-submitted-phone');

    // 协商: the desk finds it in the list and accepts it.
    const page = desk.page;
    await page.getByRole('menuitem', { name: '群众提案' }).click();
    await page.getByTestId(`proposal-${id}`).getByText('居民 赵明').waitFor();
    await screenshot(page, 'proposals-list-desktop');
    await page.getByTestId(`proposal-${id}`).getByRole('link').click();
    await page.getByTestId('act-decline').waitFor();
    await deskAction(page, 'accept');
    await expect.poll(() => status(page)).toBe('协商');
    // Buttons follow the record's state: accepting hid 受理 and 不予受理 and showed the meeting.
    await page.getByTestId('act-meeting').waitFor();
    expect(await page.getByTestId('act-accept').count()).toBe(0);
    expect(await page.getByTestId('act-decline').count()).toBe(0);

    // The resident seconds it (threshold of the street's rule); the 附议 button then goes.
    await phone.reload();
    await phone.getByTestId('support').click();
    await expect.poll(() => phone.getByTestId('support-count').textContent()).toContain('附议 1 / 1 人');
    await phone.getByTestId('support').waitFor({ state: 'detached' });

    // A deliberation meeting, then submit for decision.
    await page.reload();
    await deskAction(page, 'meeting');
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-form-item', { hasText: '会议类型' }).locator('.ant-select').click();
    await page.locator('.ant-select-item-option', { hasText: '党群议事会' }).click();
    await fillDate(page, '召开日期', daysFromToday(-2));
    await dialog.getByLabel('参会人数').fill('15');
    await dialog
      .getByLabel('会议纪要')
      .fill('居民代表、物业、网格员协商：先在 3 号楼试点，费用由维修资金列支。');
    await screenshot(page, 'proposals-meeting-desktop');
    await okDialog(page);
    await page.getByText('居民代表、物业、网格员协商').waitFor();
    await deskAction(page, 'toDecision');
    await expect.poll(() => status(page)).toBe('决策');

    // 决策: the vote of the 党群议事会.
    await deskAction(page, 'decide');
    await dialog.locator('.ant-form-item', { hasText: '表决主体' }).locator('.ant-select').click();
    await page.locator('.ant-select-item-option', { hasText: '党群议事会' }).click();
    await dialog.getByLabel('应到表决人数').fill('21');
    await dialog.getByLabel('赞成', { exact: true }).fill('17');
    await dialog.getByLabel('反对', { exact: true }).fill('2');
    await dialog.getByLabel('弃权', { exact: true }).fill('1');
    await dialog.getByLabel('决议内容').fill('同意在 3 号楼试点更换声控节能灯，由物业一个月内完成。');
    await screenshot(page, 'proposals-vote-desktop');
    await okDialog(page);
    await expect.poll(() => status(page)).toBe('执行');
    await page.getByTestId('decision').getByText('通过').waitFor();

    // 执行: a task with owner and deadline, completed; then the two disclosures.
    await deskAction(page, 'task');
    await dialog.getByLabel('任务', { exact: true }).fill('采购并安装声控节能灯');
    await dialog.getByLabel('责任人').fill('物业服务中心 周经理');
    await fillDate(page, '完成期限', daysFromToday(20));
    await okDialog(page);
    await page.getByText('采购并安装声控节能灯').waitFor();
    await page.getByRole('button', { name: '更新进度' }).click();
    await dialog.getByLabel('进度（%）').fill('100');
    await okDialog(page);
    await deskAction(page, 'discloseDecision');
    await page.getByTestId('act-discloseDecision').waitFor({ state: 'detached' });
    await deskAction(page, 'result');
    await dialog.getByLabel('结果说明').fill('3 号楼 6 层楼道已全部更换声控节能灯，请居民监督。');
    await okDialog(page);
    await expect.poll(() => status(page)).toBe('监督');
    await expectNoRawKeys(page, ['proposals']);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'proposals-detail-desktop');

    // 监督: the resident confirms on the phone; the proposal is closed.
    await phone.reload();
    await phone.getByText('3 号楼 6 层楼道已全部更换声控节能灯').waitFor();
    await screenshot(phone, 'proposals-supervision-phone');
    await phone.getByTestId('confirm').click();
    await expect.poll(() => status(phone)).toBe('已办结');
    await expectNoHorizontalOverflow(phone);
    await expectNoRawKeys(phone, ['proposals']);
    await phone.getByText('居民 赵明', { exact: false }).first().waitFor();
    await screenshot(phone, 'proposals-closed-phone');
    await phone.evaluate(() => window.scrollTo(0, 0));
    await screenshot(phone, 'proposals-closed-top-phone');

    // The desk sees the closed proposal with its full history.
    await page.reload();
    await expect.poll(() => status(page)).toBe('已办结');
    for (const step of ['受理', '表决', '公开']) {
      expect(await page.locator('.ant-timeline').textContent()).toContain(step);
    }
    await resident.context.close();
    await desk.context.close();
  });
});
