/**
 * Organization import in a real browser against the real server (demo district): the community
 * secretary opens 导入组织 on the community, uploads a file with errors (children listed before
 * their parent, an unknown parent, an unknown kind), sees the row errors, uploads the fixed file,
 * commits and finds the new organizations under the community. Desktop and phone screenshots go to
 * test-results/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot } from '../support/browser.ts';
import { browserSuite, csvFile } from '../support/suite.ts';

const { server, browser, tmp } = browserSuite({ JICENG_DEMO_MEMBERS: '0' }, { tmp: 'org-import' });
const header = '组织编码,组织名称,上级组织编码,组织类别,行政层级,单位类型,成立日期';

const csv = (name: string, rows: string[]) => csvFile(tmp, name, header, rows);

describe('organization import in the browser', () => {
  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`imports sub-organizations with parents after children (${label})`, async () => {
      const { page } = await openPage(browser, server.url, viewport);
      await login(page, 'community');
      const res = await page.request.get(`${server.url}/api/v1/orgs?q=SFQ-01-01&pageSize=5`);
      const community = (await res.json()).data.find((o: { code: string }) => o.code === 'SFQ-01-01');
      await page.goto(`/orgs/${community.id}`);
      await page.getByTestId('org-import').click();
      const p = label === 'desktop' ? 'E2E-D' : 'E2E-P';
      const bad = csv(`bad-${label}.csv`, [
        `${p}-G1,导入网格支部,${p}-C,党支部,网格,,2021-07-01`,
        `${p}-C,导入综合党委,,综合党委,社区,,`,
        `${p}-X,未知上级,NO-SUCH-ORG,党支部,网格,,`,
        `${p}-Y,未知类别,,党组,网格,,`,
      ]);
      await page.locator('input[type=file]').setInputFiles(bad);
      const errors = page.getByTestId('org-import-errors');
      await errors.waitFor({ timeout: 60_000 });
      expect(await errors.innerText()).toContain('NO-SUCH-ORG');
      expect(await errors.innerText()).toContain('党组');
      expect(await page.getByTestId('org-import-commit').isDisabled()).toBe(true);
      await screenshot(page, `orgs-import-errors-${label}`);

      const fixed = csv(`fixed-${label}.csv`, [
        `${p}-G1,导入网格支部,${p}-C,党支部,网格,,2021-07-01`,
        `${p}-C,导入综合党委,,综合党委,社区,,`,
      ]);
      await page.locator('input[type=file]').setInputFiles(fixed);
      await page
        .getByTestId('org-import-summary')
        .filter({ hasText: '全部通过检查' })
        .waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('org-import-commit').isDisabled()).toBe(false);
      await screenshot(page, `orgs-import-preview-${label}`);
      await page.getByTestId('org-import-commit').click();
      await page.getByTestId('org-import-result').waitFor();
      expect(await page.getByTestId('org-import-result').innerText()).toContain('已导入 2 个组织');

      const list = await page.request.get(`${server.url}/api/v1/orgs?q=${p}&pageSize=10`);
      const codes = (await list.json()).data.map((o: { code: string }) => o.code).sort();
      expect(codes).toEqual([`${p}-C`, `${p}-G1`]);
    });
  }
});
