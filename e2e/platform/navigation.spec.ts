/**
 * The side menu follows the person's role (`navigation` from `GET /auth/me`, built from the module
 * manifests): a member sees their own pages, a branch secretary no district-only page, the district
 * every page for officials, an administrator only their own.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, screenshot } from '../support/browser.ts';
import { browserSuite } from '../support/suite.ts';

const { server, browser } = browserSuite();

const DISTRICT_ONLY = ['党员导入', '党员规则', '导出审批'];

const CASES = [
  {
    username: 'member',
    sees: ['我的积分', '我的组织生活', '我的党员档案', '党群服务中心'],
    never: ['组织架构', '党员管理', '驾驶舱', ...DISTRICT_ONLY, '账号与角色'],
  },
  {
    username: 'branch',
    sees: ['组织架构', '党员管理', '组织生活', '党员积分'],
    never: [...DISTRICT_ONLY, '组织生活督导', '我的积分', '账号与角色'],
  },
  {
    username: 'district',
    sees: ['驾驶舱', '组织架构', '党员管理', ...DISTRICT_ONLY, '组织生活督导', '民情诉求'],
    never: ['我的积分', '账号与角色', '审计日志'],
  },
  { username: 'resident', sees: ['我的诉求', '群众提案', '党群服务中心'], never: ['组织架构', '我的积分'] },
  { username: 'auditor', sees: ['审计日志'], never: ['账号与角色', '组织架构', '党员管理'] },
];

describe('navigation by role in the browser', () => {
  it.each(CASES)('$username sees its own menu', async ({ username, sees, never }) => {
    const { context, page } = await openPage(browser, server.url, DESKTOP);
    await login(page, username);
    const items = page.locator('.jc-side .ant-menu-item');
    await items.first().waitFor();
    const labels = (await items.allTextContents()).map((s) => s.trim());
    for (const label of sees) expect(labels, `${username} sees ${label}`).toContain(label);
    for (const label of never) expect(labels, `${username} does not see ${label}`).not.toContain(label);
    if (username === 'member') {
      await page.locator('.jc-side .ant-menu-item', { hasText: '我的组织生活' }).click();
      await page.getByText('即将召开').waitFor();
      await page.getByText('参加记录').waitFor();
      await screenshot(page, 'navigation-member');
    }
    await context.close();
  });
});
