/**
 * Steps many browser specs repeat: no untranslated catalogue key on the page, nothing wider than
 * the viewport, confirm the open dialog, a same-origin API call with the page's session cookie.
 */
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

/** Same-origin JSON call with the page's session cookie: the status and the parsed answer. */
export async function apiCall(
  page: Page,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
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
  );
}
