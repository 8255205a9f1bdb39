/**
 * Buttons follow the record's abilities: the desk's buttons for a request are exactly the actions
 * its action table allows now, so each step hides the buttons it made impossible and shows the
 * next one (当场解决 goes once the request is transferred; 办结 and 登记转办 go once it is resolved;
 * the resident's 确认 appears then and goes once confirmed). Screenshots in
 * test-results/screenshots/abilities-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser.ts';
import { fillRequestForm, residentAndDesk } from '../support/requests.ts';
import { browserSuite } from '../support/suite.ts';

const { server, browser } = browserSuite();

/** The test ids of the action buttons shown in the desk's drawer. */
async function deskButtons(page: Page): Promise<string[]> {
  const ids = await page
    .locator('.ant-drawer [data-testid^="sr-"]')
    .evaluateAll((els) =>
      els.filter((e) => e.tagName === 'BUTTON').map((e) => e.getAttribute('data-testid')),
    );
  return (ids as string[]).filter((id) => !['sr-proposal-link'].includes(id)).sort();
}

describe('buttons follow abilities', () => {
  it('each state change hides the buttons it made impossible and shows the next step', async () => {
    const title = '2号楼电梯异响';
    const { phone, official } = await residentAndDesk(browser, server.url);
    await phone.goto('/my-requests');
    await fillRequestForm(phone, title, '2号楼电梯运行时有很大的异响，担心安全。');
    await phone.getByTestId('sr-submit').click();
    await phone.locator('[data-testid^="sr-item-"]', { hasText: title }).waitFor();

    await official.goto('/service-requests');
    // A loaded machine may take a while for the first visit of the desk's page.
    await official.getByPlaceholder('搜索标题、地点或编号').waitFor({ timeout: 60_000 });
    await official.getByPlaceholder('搜索标题、地点或编号').fill(title);
    await official.getByPlaceholder('搜索标题、地点或编号').press('Enter');
    await official.getByTestId('sr-queue').locator('tr', { hasText: title }).click();
    await official.getByTestId('sr-resolve-on-spot').waitFor();
    expect(await deskButtons(official)).toEqual(
      ['sr-complete', 'sr-escalate', 'sr-promote', 'sr-resolve-on-spot', 'sr-transfer'].sort(),
    );
    await screenshot(official, 'abilities-open-desktop');

    // Transferred: solving on the spot is no longer possible, so its button is gone.
    await official.getByTestId('sr-transfer').click();
    await official.getByRole('dialog').last().getByLabel('原因').fill('电梯属物业维保范围');
    await official.getByRole('dialog').last().getByLabel('下一步去向').fill('转物业公司电梯维保');
    await official.locator('#sr-action-ok').click();
    await official.getByTestId('event-transferred').waitFor();
    await expect.poll(() => official.getByTestId('sr-resolve-on-spot').count()).toBe(0);
    expect(await deskButtons(official)).toEqual(
      ['sr-complete', 'sr-escalate', 'sr-promote', 'sr-transfer'].sort(),
    );
    await screenshot(official, 'abilities-transferred-desktop');

    // Completed: handling buttons go; only the promotion to a proposal stays.
    await official.getByTestId('sr-complete').click();
    await official.getByTestId('sr-resolution').fill('物业已更换曳引机轴承，异响消除');
    await official.locator('#sr-action-ok').click();
    await official.getByTestId('event-completed').waitFor();
    await expect.poll(() => official.getByTestId('sr-complete').count()).toBe(0);
    expect(await deskButtons(official)).toEqual(['sr-promote']);
    await screenshot(official, 'abilities-completed-desktop');

    // The resident's confirmation button appears now, and goes once confirmed.
    await phone.reload();
    await phone.locator('[data-testid^="sr-item-"]', { hasText: title }).click();
    await phone.getByTestId('sr-confirm').waitFor();
    await phone.getByTestId('sr-rating').getByText('满意', { exact: true }).click();
    await phone.getByTestId('sr-confirm').click();
    await expect
      .poll(() => phone.locator('[data-testid^="sr-item-"]', { hasText: title }).textContent())
      .toContain('已完成');
    await expect.poll(() => phone.getByTestId('sr-confirm').count()).toBe(0);
    await screenshot(phone, 'abilities-confirmed-phone');
  }, 240_000);
});
