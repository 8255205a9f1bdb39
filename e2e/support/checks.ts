/**
 * Steps many browser specs repeat: no untranslated catalogue key on the page, nothing wider than
 * the viewport, confirm the open dialog, a same-origin API call with the page's session cookie.
 *
 * What the every-page specs check on a page as it is now:
 *
 * - `axeFindings`: axe-core (WCAG 2.0/2.1 A and AA and best practice; GB/T 37668-2019 follows WCAG
 *   2.0 AA), injected through the DevTools protocol (the app's CSP refuses inline scripts). Serious
 *   and critical violations count, and any empty table header, missing h1 or label that does not
 *   contain its visible text.
 * - `layoutFindings`: the document is no wider than the screen (nothing scrolls sideways) and every
 *   button of the page and the header lies on the screen, apart from those inside a region that
 *   scrolls on purpose (a wide table, the tab bar).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** No raw `namespace.key` of these catalogues shows on the page (a missing translation). */
export async function expectNoRawKeys(page: Page, namespaces: readonly string[]): Promise<void> {
  const text = (await page.locator('body').textContent()) ?? '';
  const escaped = namespaces.map((ns) => ns.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|');
  expect(text).not.toMatch(new RegExp(`\\b(${escaped})\\.[a-z]+[A-Za-z.]*\\b`));
}

/** Nothing on the page is wider than the viewport (no sideways scroll at phone width). */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Press 确定 (or OK) in the open dialog and wait until it has closed. */
export async function okDialog(page: Page): Promise<void> {
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
}

/**
 * Same-origin JSON call with the page's session cookie: the status and the parsed answer (typed
 * as the caller expects it: `apiCall<{ data: Me }>(page, 'GET', '/auth/me')`).
 */
export async function apiCall<T = unknown>(
  page: Page,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const res = await fetch(`/api/v1${url}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: await res.json().catch(() => null) };
    },
    { method, url, body },
  ) as Promise<{ status: number; json: T }>;
}

/** The id of the organization with this code (searched in the caller's scope). */
export async function orgIdByCode(page: Page, code: string): Promise<number> {
  const res = await page.request.get('/api/v1/orgs', { params: { q: code, pageSize: 50 } });
  const org = (await res.json()).data.find((o: { code: string }) => o.code === code);
  if (!org) throw new Error(`organization ${code} not found`);
  return org.id;
}

/** Today in China (or `offsetDays` from it), YYYY-MM-DD, as the server's clock reads it. */
export const chinaDay = (offsetDays = 0): string =>
  new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** Rules whose every violation counts, whatever axe's impact rating. */
const ALWAYS = new Set(['empty-table-header', 'page-has-heading-one', 'label-content-name-mismatch']);

export async function axeFindings(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE_SOURCE}\n;void 0`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    })) as {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      // The last two steps of each selector: enough to find the element, short enough to read.
      targets: v.nodes.slice(0, 3).map((n) => String(n.target.at(-1)).split(' > ').slice(-2).join(' > ')),
      summary: v.nodes[0]?.failureSummary?.split('\n').slice(1, 2).join(' ').trim() ?? '',
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALWAYS.has(v.id))
    .map(
      (v) => `axe ${v.id} (${v.impact}, ${v.nodes}×): ${v.help} — ${v.targets.join(' | ')} — ${v.summary}`,
    );
}

export async function layoutFindings(page: Page): Promise<string[]> {
  // No named functions inside: a runner that keeps function names (tsx) would call its own helper.
  const layout = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const offScreen: string[] = [];
    // The widest element that sticks out on the right: where to look when the page scrolls sideways.
    let widest = '';
    let right = width + 1;
    for (const el of document.querySelectorAll<HTMLElement>('.jc-layout *')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const button = el.tagName === 'BUTTON' && el.closest('.jc-header, .jc-content') !== null;
      if (box.right <= right && !(button && (box.left < -1 || box.right > width + 1))) continue;
      // Inside a region that scrolls sideways on purpose (a wide table, the tab bar): reachable.
      let scrollsAside = false;
      for (let p = el.parentElement; p && p !== document.body && !scrollsAside; p = p.parentElement) {
        const style = getComputedStyle(p);
        scrollsAside = /(auto|scroll|hidden)/.test(style.overflowX) && p.scrollWidth > p.clientWidth + 1;
      }
      if (scrollsAside) continue;
      if (box.right > right) {
        right = box.right;
        widest = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
      }
      if (button && el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) {
        const name = el.textContent?.trim() || el.getAttribute('aria-label');
        offScreen.push(`按钮「${name}」在屏幕外 ${Math.round(box.left)}–${Math.round(box.right)} px`);
      }
    }
    return {
      scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      width,
      offScreen,
      widest,
    };
  });
  const found: string[] = [];
  if (layout.scrollWidth > layout.width)
    found.push(`页面宽 ${layout.scrollWidth} px，屏幕 ${layout.width} px（最宽：${layout.widest}）`);
  found.push(...layout.offScreen);
  return found;
}
