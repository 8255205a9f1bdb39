/**
 * The community secretary imports the office's own roster (issue 13): a 所在支部 column written as
 * the office writes branch names (第一网格党支部 for 朝阳社区第一网格党支部), a 工作单位及职务
 * column, a 备注 column the import does not read, a numbered empty row and a 填表人 footer. The
 * preview says all of it before the commit; each person is then found in their branch. The
 * preview is screenshotted at 1366 and 390 px into /tmp/shots-import/ (JICENG_IMPORT_SHOTS).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkDigit } from '../../server/src/modules/members/idcard.ts';
import { DESKTOP, login, openPage, PHONE, settle } from '../support/browser.ts';
import { browserSuite } from '../support/suite.ts';

const SHOTS = process.env.JICENG_IMPORT_SHOTS ?? '/tmp/shots-import';
const { server, browser, tmp } = browserSuite({ JICENG_DEMO_MEMBERS: '3000' }, { tmp: 'roster' });
const id = (body: string) => body + checkDigit(body);

async function shot(page: Page, name: string) {
  await settle(page);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function roster(file: string, people: [string, string, string, string][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('朝阳社区党员花名册');
  ws.addRow(['朝阳社区党员花名册（2026年11月）']);
  ws.mergeCells('A1:J1');
  ws.addRow([
    '序号',
    '姓名',
    '公民身份号码',
    '所在支部',
    '工作单位及职务',
    '联系电话',
    '入党时间',
    '转正时间',
    '党员类别',
    '党员状态',
    '备注',
  ]);
  people.forEach(([name, idNumber, branch, unit], i) => {
    ws.addRow([
      String(i + 1),
      name,
      idNumber,
      branch,
      unit,
      '010-65001234',
      '2012-07-01',
      '2013-07-01',
      '在职党员',
      '正式党员',
      i === 0 ? '新转入' : '',
    ]);
  });
  ws.addRow([String(people.length + 1)]);
  const footer = ws.addRow(['填表人：李文　　审核人：张红　　填表日期：2026年11月30日']);
  ws.mergeCells(`A${footer.number}:K${footer.number}`);
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
}

describe('the community secretary imports the office roster', () => {
  it('places each person in their branch, and says before the commit what is not imported', async () => {
    const people: [string, string, string, string][] = [
      ['王　芳', id('11010519850315222'), '第一网格党支部', '朝阳区第一小学 教师'],
      ['刘建国', id('11010519790921113'), '第二网格党支部', '朝阳街道卫生服务中心 医生'],
      ['赵晓梅', id('11010519900102224'), '朝阳社区第一网格党支部', '个体经营'],
    ];
    const file = path.join(tmp, '朝阳社区党员花名册.xlsx');
    await roster(file, people);

    // Phone first (preview only), then the desktop commits: the same file again reads "already imported".
    for (const viewport of [PHONE, DESKTOP]) {
      const { page } = await openPage(browser, server.url, viewport);
      await login(page, 'community');
      await page.goto('/member-import');
      await page.locator('input[type=file]').setInputFiles(file);
      await page.getByTestId('import-commit').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('import-warnings').innerText()).toContain('“备注”列不在导入范围内');
      const skipped = await page.getByTestId('import-skipped').innerText();
      expect(skipped).toContain('已跳过 2 行');
      expect(skipped).toContain('填表人');
      const sample = await page.getByTestId('import-sample').innerText();
      expect(sample).toContain('朝阳社区第一网格党支部');
      expect(sample).toContain('朝阳社区第二网格党支部');
      await shot(page, `import-preview-${viewport.width}`);
      if (viewport === DESKTOP) {
        await page.getByTestId('import-commit').click();
        await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
        expect(await page.getByTestId('import-done').innerText()).toContain('已导入 3 人');
      }
      await page.close();
    }

    // The same roster again, in "add new and update changed" mode, with one new person and one
    // changed work unit: the preview lists every change (field, old, new).
    const changed: [string, string, string, string][] = [
      people[0]!,
      [people[1]![0], people[1]![1], people[1]![2], '朝阳街道社区卫生服务中心 主任'],
      people[2]!,
      ['孙立新', id('11010519881212331'), '第二网格党支部', '朝阳物业 经理'],
    ];
    const second = path.join(tmp, '朝阳社区党员花名册（更新）.xlsx');
    await roster(second, changed);
    // Phone first (preview only), then the desktop commits: the same file again reads "already imported".
    for (const viewport of [PHONE, DESKTOP]) {
      const { page } = await openPage(browser, server.url, viewport);
      await login(page, 'community');
      await page.goto('/member-import');
      await page.getByTestId('import-mode').getByText('新增并更新已登记人员').click();
      await page.locator('input[type=file]').setInputFiles(second);
      await page.getByTestId('import-commit').waitFor({ timeout: 60_000 });
      const changes = await page.getByTestId('import-changes').innerText();
      expect(changes).toContain('刘建国');
      expect(changes).toContain('朝阳街道卫生服务中心 医生');
      expect(changes).toContain('朝阳街道社区卫生服务中心 主任');
      expect(await page.getByTestId('import-summary').innerText()).toContain(
        '新增 1 人，更新 1 人，无变化 2 人',
      );
      await shot(page, `import-preview-update-${viewport.width}`);
      if (viewport === DESKTOP) {
        await page.getByTestId('import-commit').click();
        await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
        expect(await page.getByTestId('import-done').innerText()).toContain('已导入 1 人，更新 1 人');
      }
      await page.close();
    }

    // Each person is in their branch; 王芳 (typed without the aligning space) finds 王　芳.
    const { page } = await openPage(browser, server.url, DESKTOP);
    await login(page, 'community');
    const expected: [string, string, string][] = [
      ['王芳', '王　芳', '朝阳社区第一网格党支部'],
      ['刘建国', '刘建国', '朝阳社区第二网格党支部'],
      ['赵晓梅', '赵晓梅', '朝阳社区第一网格党支部'],
      ['孙立新', '孙立新', '朝阳社区第二网格党支部'],
    ];
    for (const [q, name, branch] of expected) {
      await page.goto(`/members?q=${encodeURIComponent(q)}`);
      const row = page.locator('.ant-table-tbody tr', { hasText: name });
      await row.first().waitFor({ timeout: 30_000 });
      expect(await row.first().innerText()).toContain(branch);
    }
  }, 600_000);
});
