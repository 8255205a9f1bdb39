/**
 * A resident registers on a 390 px phone (居民注册): phone number, the SMS code the demo's console
 * sender writes to the server log, their community; then they are signed in as a resident of that
 * community. The same page at 1366 px. Screenshots at both widths.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, openPage, PHONE, screenshot, settle } from '../support/browser.ts';
import { browserSuite } from '../support/suite.ts';

// the console sender logs at info level: the spec reads the code from the server output
const { server, browser } = browserSuite({ JICENG_DEMO_MEMBERS: '300', LOG_LEVEL: 'info' });

/** The newest code texted to a number ending in `tail` (the log shows the number masked). */
async function codeFromLog(tail: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.includes('demo SMS') && l.includes(`****${tail}`));
    const match = /验证码为 (\d{6})/.exec(lines.at(-1) ?? '');
    if (match) return match[1]!;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no SMS code in the server log');
}

describe('居民注册', () => {
  it('a resident registers with a phone number and an SMS code on a 390 px phone', async () => {
    const desk = await openPage(browser, server.url, DESKTOP);
    await desk.page.goto('/login/register');
    await desk.page.getByTestId('register-page').waitFor();
    await settle(desk.page);
    await screenshot(desk.page, 'register-desktop');

    const { page } = await openPage(browser, server.url, PHONE);
    await page.goto('/login');
    await page.getByRole('link', { name: '居民注册' }).click();
    await page.getByTestId('register-page').waitFor();
    const phone = '13912345678';
    await page.getByLabel('手机号码').fill(phone);
    await page.getByTestId('register-send').click();
    await page.getByText('验证码已发送').waitFor();
    await page.getByTestId('register-code').fill(await codeFromLog('5678'));
    await page.getByLabel('称呼').fill('王居民');
    await page.getByLabel('所在社区').click();
    await page.getByLabel('所在社区').fill('朝阳');
    await page.locator('.ant-select-item-option', { hasText: '朝阳社区' }).first().click();
    await page.getByTestId('register-password').fill('Lan!Tian#2026q');
    await screenshot(page, 'register-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId('register-submit').click();
    await page.getByTestId('user-menu').waitFor();
    await settle(page);
    await screenshot(page, 'registered-resident-phone');
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json());
    expect(JSON.stringify(me.data.roles)).toContain('resident');
  });
});
