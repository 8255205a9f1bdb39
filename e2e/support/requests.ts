/**
 * Steps the resident-request specs share: the two sides of a request (the demo resident on a
 * phone, the community desk on a desktop, both signed in) and the resident's report form.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, login, openPage, PHONE } from './browser.ts';

export interface TwoSides {
  resident: { context: BrowserContext; page: Page };
  desk: { context: BrowserContext; page: Page };
  /** The resident's page (390×844). */
  phone: Page;
  /** The community secretary's page (1366×800). */
  official: Page;
  close: () => Promise<void>;
}

/** The demo `resident` on a phone and the `community` desk on a desktop, signed in. */
export async function residentAndDesk(browser: Browser, url: string): Promise<TwoSides> {
  const resident = await openPage(browser, url, PHONE);
  const desk = await openPage(browser, url, DESKTOP);
  await login(resident.page, 'resident');
  await login(desk.page, 'community');
  return {
    resident,
    desk,
    phone: resident.page,
    official: desk.page,
    close: async () => {
      await resident.context.close();
      await desk.context.close();
    },
  };
}

/**
 * On /my-requests (already open): the first category, the title and the description typed in;
 * the caller adds what else the case needs (a place, a photo) and submits.
 */
export async function fillRequestForm(phone: Page, title: string, description: string): Promise<void> {
  // A loaded machine may take a while for the first visit of the page.
  await phone.getByTestId('sr-category').waitFor({ timeout: 60_000 });
  await phone.getByTestId('sr-category').click();
  await phone.locator('.ant-select-item-option').first().click();
  await phone.getByTestId('sr-title').fill(title);
  await phone.getByTestId('sr-description').fill(description);
}
