/**
 * Accessibility (issue 18; GB/T 37668-2019 follows WCAG 2.0 AA): axe-core, injected into each page,
 * scans every page of every demo role (home and each menu entry, `e2e/support/pages.ts`) and the
 * login page at desktop (1366) and phone (390) width. No serious or critical violation is allowed,
 * and no empty table header, missing h1 or label not matching its visible text.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, settle } from '../support/browser.ts';
import { DEMO_ROLES, openAndSettle, pagesOf } from '../support/pages.ts';
import { browserSuite } from '../support/suite.ts';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** Rules whose every violation fails the test, whatever axe's impact rating. */
const ALWAYS = new Set(['empty-table-header', 'page-has-heading-one', 'label-content-name-mismatch']);

const { server, browser } = browserSuite();

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe on the page as it is now: the findings that count (see ALWAYS). */
/** A page whose navigations may wait on a loaded machine. */
async function open(viewport: { width: number; height: number }) {
  const opened = await openPage(browser, server.url, viewport);
  opened.context.setDefaultTimeout(60_000);
  opened.context.setDefaultNavigationTimeout(60_000);
  return opened;
}

async function scan(page: Page): Promise<Finding[]> {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  await settle(page);
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE_SOURCE}\n;void 0`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    })) as {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALWAYS.has(v.id));
}

/**
 * Every page of every demo role (about 400 page loads, some 20 minutes) runs when
 * JICENG_E2E_ALL_PAGES=1; CI runs the rest of this file.
 */
const ALL_PAGES = process.env.JICENG_E2E_ALL_PAGES === '1';

describe('accessibility (axe-core)', () => {
  it.skipIf(!ALL_PAGES).each(DEMO_ROLES)(
    'every page of %s has no serious or critical violation at desktop and phone width',
    async (username) => {
      const found: Record<string, Finding[]> = {};
      let scanned = 0;
      for (const viewport of [DESKTOP, PHONE]) {
        const { context, page } = await open(viewport);
        await login(page, username);
        for (const path of await pagesOf(page)) {
          await openAndSettle(page, path);
          const v = await scan(page);
          scanned += 1;
          if (v.length) found[`${path} @${viewport.width}`] = v;
        }
        await context.close();
      }
      expect(scanned).toBeGreaterThan(2);
      expect(found).toEqual({});
    },
    900_000,
  );

  it('the login page has no serious or critical violation at desktop and phone width', async () => {
    const found: Record<string, Finding[]> = {};
    for (const viewport of [DESKTOP, PHONE]) {
      const { context, page } = await open(viewport);
      await page.goto('/login');
      await page.getByRole('button', { name: /登\s*录/ }).waitFor();
      const v = await scan(page);
      if (v.length) found[`/login @${viewport.width}`] = v;
      expect(await page.locator('main').count()).toBe(1);
      expect(await page.locator('h1').count()).toBe(1);
      await context.close();
    }
    expect(found).toEqual({});
  });

  it('cockpit charts: a text description each, and a table view', async () => {
    const { context, page } = await open(DESKTOP);
    await login(page, 'district');
    await page.goto('/cockpit');
    const chart = page.getByTestId('chart-category');
    await chart.waitFor();
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.getAttribute('aria-label')).toMatch(/^党员类别图表：.+ \d+/);
    await page.getByTestId('chart-category-toggle').click();
    const table = page.getByTestId('chart-category-table');
    await table.waitFor();
    expect(await table.locator('th').allTextContents()).toEqual(['项目', '数量']);
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('chart-category-toggle').textContent()).toBe('以图表查看');
    await context.close();
  });
});
