/**
 * Every page of every demo role: the accounts the demo district creates and, per person, the home
 * page and each entry of their menu (`navigation` from `GET /auth/me`, built from the module
 * manifests, so a new page is checked without editing the specs that use this list).
 */
import type { Page } from 'playwright-core';
import { settle } from './browser.ts';

/** The demo accounts (README): officials at each level, a member, a resident, the 三员, the approver. */
export const DEMO_ROLES = [
  'district',
  'street',
  'community',
  'branch',
  'member',
  'resident',
  'sysadmin',
  'secadmin',
  'auditor',
  'approver',
] as const;

/** The signed-in person's pages: home first, then the menu in order. */
export async function pagesOf(page: Page): Promise<string[]> {
  const me = (await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json())) as {
    data?: { navigation: { path: string }[] };
    navigation?: { path: string }[];
  };
  const navigation = me.data?.navigation ?? me.navigation ?? [];
  return ['/', ...new Set(navigation.map((n) => n.path))];
}

/** Open a page of the app and wait until its data has loaded and nothing moves. */
export async function openAndSettle(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.getByTestId('page-h1').waitFor({ state: 'attached' });
  await page.waitForLoadState('networkidle');
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
  await settle(page);
}
