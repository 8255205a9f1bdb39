/**
 * Members in a real browser against the real server (demo district): the branch secretary
 * imports a file through the import page, sees the row errors, fixes the file, commits and
 * finds the new members (masked IDs) in the register. The street's cockpit and the member's own
 * record at phone width are screenshotted. Screenshots go to test-results/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { checkDigit } from '../../server/src/modules/members/idcard.ts';
import { DESKTOP, login, openPage, PHONE, screenshot } from '../support/browser.ts';
import { browserSuite, csvFile } from '../support/suite.ts';

// A smaller register keeps the start fast; the cockpit and lists work the same way.
const { server, browser, tmp } = browserSuite({ JICENG_DEMO_MEMBERS: '3000' }, { tmp: 'import' });

const id = (body: string) => body + checkDigit(body);
const GOOD_A = id('33010219880808123');
const GOOD_B = id('33010219900909124');
const BAD = '330102199101011230'.slice(0, 17) + (checkDigit('33010219910101123') === '0' ? '1' : '0');
const header = '姓名,身份证号,手机号,入党日期,转正日期,党员类别,党员状态';

const csv = (name: string, rows: string[]) => csvFile(tmp, name, header, rows);

describe('members in the browser', () => {
  it('imports a file with errors, then the fixed file, and finds the members', async () => {
    const { page } = await openPage(browser, server.url, DESKTOP);
    await login(page, 'branch');
    await page.goto('/member-import');
    const bad = csv('bad.csv', [
      `陈导入,${GOOD_A},13800001111,2012-07-01,2013-07-01,在职党员,正式党员`,
      `林导入,${BAD},13800002222,2012-07-01,2013-07-01,在职党员,正式党员`,
      `周导入,${GOOD_B},12345,2012-07-01,2013-07-01,在职党员,正式党员`,
    ]);
    await page.locator('input[type=file]').setInputFiles(bad);
    const errors = page.getByTestId('import-errors');
    await errors.waitFor({ timeout: 60_000 });
    await expect.poll(() => errors.innerText()).toContain('校验位');
    expect(await errors.innerText()).toContain('手机号');
    expect(await page.getByTestId('import-commit').count()).toBe(0);
    await screenshot(page, 'members-import-errors-desktop');

    const fixed = csv('fixed.csv', [
      `陈导入,${GOOD_A},13800001111,2012-07-01,2013-07-01,在职党员,正式党员`,
      `周导入,${GOOD_B},13800003333,2012-07-01,2013-07-01,在职党员,正式党员`,
    ]);
    await page.locator('input[type=file]').setInputFiles(fixed);
    await page.getByTestId('import-commit').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-summary').innerText()).toContain('全部通过检查');
    await screenshot(page, 'members-import-preview-desktop');
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-done').waitFor();
    expect(await page.getByTestId('import-done').innerText()).toContain('已导入 2 人');

    await page.goto(`/members?q=${encodeURIComponent('导入')}`);
    const table = page.locator('.ant-table-tbody');
    await table.getByText('陈导入').waitFor({ timeout: 60_000 });
    const text = await table.innerText();
    expect(text).toContain('周导入');
    expect(text).toContain(`${GOOD_A.slice(0, 3)}**************${GOOD_A.slice(-1)}`);
    expect(text).not.toContain(GOOD_A);
    await screenshot(page, 'members-list-desktop');

    // Reveal needs a reason.
    await table
      .getByRole('button', { name: /查\s*看/ })
      .first()
      .click();
    await page.getByLabel('查看理由').fill('核对导入的身份信息');
    await page
      .getByRole('button', { name: /查\s*看/ })
      .last()
      .click();
    await page.getByTestId('revealed').waitFor();
    expect(await page.getByTestId('revealed').innerText()).toMatch(/330102(19880808|19900909)/);
  });

  it('shows the cockpit with figures that open their lists', async () => {
    const { page } = await openPage(browser, server.url, DESKTOP);
    await login(page, 'street');
    await page.goto('/cockpit');
    await page.getByTestId('figure-total').waitFor({ timeout: 30_000 });
    await page.getByTestId('chart-category').locator('canvas').waitFor();
    await screenshot(page, 'cockpit-desktop');
    const total = await page.getByTestId('figure-total').innerText();
    await page.getByTestId('figure-total').click();
    await page.waitForURL(/\/members\?/);
    await page.locator('.ant-pagination-total-text').waitFor({ timeout: 60_000 });
    const count = total.match(/([\d,]+)/)?.[1]?.replace(/,/g, '');
    expect(await page.locator('.ant-pagination-total-text').innerText()).toContain(`共 ${count} 人`);
  });

  it('a member reads their own record at phone width', async () => {
    const { page } = await openPage(browser, server.url, PHONE);
    await login(page, 'member');
    await page.goto('/me/member');
    await page.getByTestId('my-member').getByText('刘红').first().waitFor();
    expect(await page.getByTestId('my-member').innerText()).toMatch(/\d{3}\*{14}[\dX]/);
    await screenshot(page, 'members-my-record-phone');
    const secretary = await openPage(browser, server.url, PHONE);
    await login(secretary.page, 'branch');
    await secretary.page.goto('/members');
    // At phone width the register shows one card per member.
    await secretary.page
      .getByTestId('list-cards')
      .locator('.jc-list-card')
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot(secretary.page, 'members-list-phone');
  });
});
