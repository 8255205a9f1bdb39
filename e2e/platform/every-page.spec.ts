/**
 * Every page of every demo role at desktop (1366) and phone (390) width (issue 18: axe-core, GB/T
 * 37668-2019 follows WCAG 2.0 AA; issue 14: every page works at 390 px), in one pass that runs in
 * `npm test`:
 *
 * - The pages come from each demo person's menu (`GET /auth/me` navigation) and the header's pages,
 *   so a new module's page is checked without editing this file; also one record's detail page of
 *   each kind (organization, member, meeting, proposal, centre, volunteer activity). A page several roles see is opened
 *   once per width, as the role with the most permissions; the home page once per kind of person
 *   (`planVisits`, e2e/support/pages.ts).
 * - In the same visit: axe (no serious or critical violation, no empty table header, missing h1 or
 *   label not matching its visible text) and, at 390 px, nothing scrolls sideways and every button
 *   lies on the screen (e2e/support/checks.ts).
 * - Each person's menu, entry by entry, opens its page (not the "no access" page) under its title
 *   (people with the same permissions and menu once).
 * - The login page, the cockpit charts' text alternative, a drawer on the phone, and screenshots of
 *   the themed pages (cockpit, a list, a drawer) at both widths to look at.
 *
 * One demo server and one browser for the file; pages open in a few parallel tabs
 * (`JICENG_E2E_PAGE_WORKERS` per width, default 1). `JICENG_E2E_SCREENSHOTS=1` also saves every page
 * visited to test-results/screenshots/every-page/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, SCREENSHOT_DIR, screenshot } from '../support/browser.ts';
import { axeFindings, layoutFindings } from '../support/checks.ts';
import {
  DEMO_ROLES,
  distinctRoles,
  openAndSettle,
  planVisits,
  type RoleSession,
  signIn,
  type Visit,
  visitAll,
} from '../support/pages.ts';
import { browserSuite } from '../support/suite.ts';

const { server, browser } = browserSuite();

const WORKERS = Number(process.env.JICENG_E2E_PAGE_WORKERS) || 1;
const GALLERY = process.env.JICENG_E2E_SCREENSHOTS === '1';

let sessions: RoleSession[] = [];

beforeAll(async () => {
  sessions = [];
  for (const username of DEMO_ROLES) sessions.push(await signIn(server.url, username));
});

async function open(viewport: { width: number; height: number }) {
  const opened = await openPage(browser, server.url, viewport);
  opened.context.setDefaultTimeout(60_000);
  opened.context.setDefaultNavigationTimeout(60_000);
  return opened;
}

/**
 * Detail pages are reached from lists, not from the menu: one record of each kind, found through
 * the API as the person who opens it (the first row of their list).
 */
const DETAIL_PAGES = [
  { username: 'district', api: '/orgs?pageSize=1', path: (id: number) => `/orgs/${id}` },
  { username: 'community', api: '/members?pageSize=1', path: (id: number) => `/members/${id}` },
  {
    username: 'branch',
    api: '/org-life/meetings?pageSize=1&orgId=:home',
    path: (id: number) => `/org-life/meetings/${id}`,
  },
  { username: 'district', api: '/proposals?pageSize=1', path: (id: number) => `/proposals/${id}` },
  { username: 'member', api: '/service-centers', path: (id: number) => `/service-centers/${id}` },
  { username: 'member', api: '/volunteer-activities', path: (id: number) => `/volunteers/activities/${id}` },
] as const;

async function detailVisits(): Promise<Visit[]> {
  const visits: Visit[] = [];
  for (const d of DETAIL_PAGES) {
    const session = sessions.find((s) => s.username === d.username);
    expect(session, d.username).toBeDefined();
    const cookie = session!.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    let api: string = d.api;
    if (api.includes(':home')) {
      const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie } });
      const home = ((await me.json()) as { data: { user: { homeOrgId: number } } }).data.user.homeOrgId;
      api = api.replace(':home', String(home));
    }
    const res = await fetch(`${server.url}/api/v1${api}`, { headers: { cookie } });
    expect(res.status, `${d.username} GET ${api}`).toBe(200);
    const first = ((await res.json()) as { data: { id: number }[] }).data[0];
    expect(first, `${d.username} GET ${d.api}: no record to open`).toBeDefined();
    visits.push({ path: d.path(first!.id), username: d.username });
  }
  return visits;
}

describe('every page of every demo role', () => {
  it('passes axe at 1366 and 390 px, and fits the phone screen with its actions on it', async () => {
    const menuVisits = planVisits(sessions);
    // Keep each person's pages together (the scan moves between them inside the app).
    const order = new Map(DEMO_ROLES.map((u, i) => [u, i]));
    const visits = [...menuVisits, ...(await detailVisits())].sort(
      (a, b) => (order.get(a.username) ?? 0) - (order.get(b.username) ?? 0),
    );
    // Every entry of every person's menu is among the pages opened.
    const planned = new Set(visits.map((v) => v.path));
    for (const s of sessions)
      for (const n of s.navigation) expect(planned, `${s.username}`).toContain(n.path);
    expect(visits.length).toBeGreaterThan(DEMO_ROLES.length);

    const started = Date.now();
    const runs = await Promise.all(
      [DESKTOP, PHONE].map(async (viewport) => {
        const phone = viewport.width === PHONE.width;
        const check = async (page: Page, visit: Visit) => {
          const found = [...(await axeFindings(page)), ...(phone ? await layoutFindings(page) : [])];
          if (GALLERY) {
            const name = `${visit.path.slice(1).replaceAll('/', '_') || 'home'}-${visit.username}`;
            await page.screenshot({
              path: path.join(SCREENSHOT_DIR, 'every-page', `${viewport.width}`, `${name}.png`),
            });
          }
          return found;
        };
        const run = await visitAll(browser, server.url, sessions, visits, viewport, check, WORKERS);
        return { width: viewport.width, ...run };
      }),
    );
    const problems: Record<string, string[]> = {};
    for (const run of runs) {
      expect(run.opened, `${run.width} px: pages opened`).toBe(visits.length);
      for (const [page, found] of Object.entries(run.problems)) problems[`${page} @${run.width}`] = found;
    }
    const slowest = runs
      .flatMap((r) =>
        Object.entries(r.times).map(
          ([page, [load, check]]) => [`${page} @${r.width}`, load + check] as const,
        ),
      )
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([page, ms]) => `${page} ${(ms / 1000).toFixed(1)} s`);
    console.info(
      `every page: ${visits.length} pages × 2 widths in ${((Date.now() - started) / 1000).toFixed(0)} s (slowest: ${slowest.join(', ')})`,
    );
    expect(problems).toEqual({});
  }, 900_000);

  it("each person's menu opens every entry's page under its title", async () => {
    const { context, page } = await open(DESKTOP);
    const problems: string[] = [];
    for (const s of distinctRoles(sessions)) {
      await context.clearCookies();
      await context.addCookies(s.cookies.map((c) => ({ ...c, url: server.url })));
      await page.goto('/');
      await page.getByTestId('user-menu').waitFor();
      for (const entry of s.navigation) {
        const escaped = entry.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        // A click that lands while the menu re-renders (the to-do count arriving) can be lost: click
        // again, at most three times, before calling the entry broken.
        const item = page.locator('.jc-side .ant-menu-item', { hasText: new RegExp(`^${escaped}$`) });
        for (let attempt = 1; ; attempt++) {
          await item.click();
          const arrived = await page
            .waitForURL((url) => url.pathname === entry.path, { timeout: 20_000 })
            .then(() => true)
            .catch(() => false);
          if (arrived) break;
          if (attempt === 3) {
            problems.push(`${s.username}：${entry.title} 点击后没有打开 ${entry.path}`);
            break;
          }
        }
        if (new URL(page.url()).pathname !== entry.path) continue;
        await page.getByTestId('page-h1').filter({ hasText: entry.title }).waitFor({ state: 'attached' });
        // The page's own permission check answers at once: its "no access" page would show now.
        if (await page.locator('.ant-result-403').count())
          problems.push(`${s.username}：${entry.title}（${entry.path}）无权访问`);
      }
    }
    await context.close();
    expect(problems).toEqual([]);
  }, 300_000);

  it('the login page has no serious or critical violation at desktop and phone width', async () => {
    const found: Record<string, string[]> = {};
    for (const viewport of [DESKTOP, PHONE]) {
      const { context, page } = await open(viewport);
      await page.goto('/login');
      await page.getByRole('button', { name: /登\s*录/ }).waitFor();
      const v = [...(await axeFindings(page)), ...(viewport === PHONE ? await layoutFindings(page) : [])];
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

  it('a drawer fills the phone screen; the header keeps its menu button and person menu', async () => {
    const { context, page } = await open(PHONE);
    await login(page, 'auditor');
    await openAndSettle(page, '/audit');
    expect(await page.getByRole('button', { name: /打开导航/ }).isVisible()).toBe(true);
    expect(await page.getByTestId('user-menu').isVisible()).toBe(true);
    await page.getByTestId('list-cards').locator('.jc-list-card').first().click();
    const drawer = page.locator('.ant-drawer-content-wrapper');
    await drawer.waitFor();
    await screenshot(page, 'phone-audit-drawer');
    const box = await drawer.boundingBox();
    expect(box?.width).toBeLessThanOrEqual(PHONE.width);
    expect((box?.x ?? -1) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
    expect(box?.x).toBeGreaterThanOrEqual(0);
    await context.close();
  });

  it('themed pages at 1366 and 390 px: the cockpit, a list and a drawer (screenshots to look at)', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { context, page } = await open(viewport);
      await login(page, 'district');
      await openAndSettle(page, '/cockpit');
      await screenshot(page, `theme-cockpit-${viewport.width}`);
      await openAndSettle(page, '/service-requests');
      await screenshot(page, `theme-list-${viewport.width}`);
      const row = viewport === PHONE ? '.jc-list-card' : '.ant-table-row';
      await page.locator(row).first().click();
      await page.locator('.ant-drawer-content-wrapper').waitFor();
      await screenshot(page, `theme-drawer-${viewport.width}`);
      expect(await axeFindings(page)).toEqual([]);
      await context.close();
    }
  });
});
