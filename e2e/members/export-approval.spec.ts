/**
 * An unmasked member export needs a second person (PIPL-06), in a real browser against the demo
 * district: the district organization department asks for an unmasked roster with a reason, a
 * colleague with the approval permission approves it on 导出审批, and the requester downloads the
 * file once; the download button is gone afterwards. Screenshots at desktop and phone width.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot, settle } from '../support/browser.ts';
import { browserSuite } from '../support/suite.ts';

const { server, browser } = browserSuite({ JICENG_DEMO_MEMBERS: '1500' });

describe('unmasked export with a second person', () => {
  it('is requested, approved by a colleague, downloaded once by the requester', async () => {
    const requester = await openPage(browser, server.url, DESKTOP);
    await login(requester.page, 'district');
    await requester.page.goto('/members');
    await requester.page.getByTestId('request-unmasked').click();
    const dialog = requester.page.getByRole('dialog', { name: /申请导出明文/ });
    await dialog.getByPlaceholder(/导出用途/).fill('上报市委组织部年度党员信息核对，按上级通知要求');
    await dialog.getByRole('button', { name: '提交申请' }).click();
    await requester.page.getByText(/已提交申请/).waitFor();

    // The requester cannot approve their own request: no approve button on their own row.
    await requester.page.goto('/member-export-requests');
    const mine = requester.page.locator('.ant-table-row').first();
    await mine.getByText('待审批').waitFor();
    expect(await mine.getByRole('button', { name: /批\s*准/ }).count()).toBe(0);

    const approver = await openPage(browser, server.url, DESKTOP);
    await login(approver.page, 'approver');
    await approver.page.goto('/member-export-requests');
    await approver.page.getByText('待我审批').click();
    const row = approver.page.locator('.ant-table-row').first();
    await row.getByText('区委组织部 王组织').waitFor();
    await settle(approver.page);
    await screenshot(approver.page, 'export-approval-desktop');
    await row.getByRole('button', { name: /批\s*准/ }).click();
    const decide = approver.page.getByRole('dialog', { name: /批准不打码导出/ });
    await decide.getByPlaceholder(/审批意见/).fill('同意，按规定保管');
    await decide.getByRole('button', { name: /确\s*定|OK/ }).click();
    await row.getByText('已批准').waitFor();

    await requester.page.reload();
    const approved = requester.page.locator('.ant-table-row').first();
    const button = approved.getByRole('button', { name: '下载（仅一次）' });
    await button.waitFor();
    const [download] = await Promise.all([requester.page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toMatch(/^未打码.*党员名册.*\.xlsx$/);
    // Once only: the row now offers no download.
    await approved.getByText('已下载').waitFor();
    expect(await approved.getByRole('button', { name: '下载（仅一次）' }).count()).toBe(0);

    const phone = await openPage(browser, server.url, PHONE);
    // The requester's own list on a phone: the request, its decision and its state.
    await login(phone.page, 'district');
    await phone.page.goto('/member-export-requests');
    // At phone width the rows are cards (label: value lines), the state among them.
    const card = phone.page.getByTestId('list-cards').locator('.jc-list-card').first();
    await card.getByText('已下载').waitFor();
    expect(await phone.page.getByTestId('list-table').count()).toBe(0);
    await settle(phone.page);
    await screenshot(phone.page, 'export-approval-phone');
  });
});
