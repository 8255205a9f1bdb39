/**
 * Issue 16's walk-through: the street reviews a branch's score on the demo district's published
 * scheme, drills from the 三会一课 indicator to the meetings behind it, opens one meeting, and
 * publishes the year's stars; then reads a debriefing session whose ratings are anonymous. Screenshots at 1366 and 390 px in
 * test-results/screenshots/assessment-*.png.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, PHONE, screenshot, settle } from '../support/browser.ts';
import { browserSuite } from '../support/suite.ts';

const env = browserSuite();

describe('street reviews a score → drills to the meetings → publishes stars', () => {
  it('explains a score down to its records', async () => {
    const { server, browser } = env;
    const street = (await openPage(browser, server.url, DESKTOP)).page;
    await login(street, 'street');
    await street.goto('/assessment');
    const board = street.getByTestId('assessment-board');
    await board.locator('tbody tr').first().waitFor({ timeout: 60_000 });
    await settle(street);
    await screenshot(street, 'assessment-board-1366');

    // The branch ranked first: its drawer lists every indicator with points, explanation and rule.
    await board.locator('tbody tr').first().click();
    const indicators = street.getByTestId('score-indicators');
    await indicators.waitFor();
    const meetings = indicators.locator('.ant-card', { hasText: '三会一课' });
    await expect(meetings.textContent()).resolves.toContain('依据');
    await meetings.getByRole('button', { name: /记录/ }).click();
    const facts = street.locator('[data-testid^="facts-"]').first();
    await facts.waitFor();
    await screenshot(street, 'assessment-score-1366');
    const first = facts.locator('a').first();
    const href = await first.getAttribute('href');
    expect(href).toMatch(/^\/org-life\/meetings\/\d+$/);
    await first.click();
    await street.waitForURL(/\/org-life\/meetings\/\d+$/);
    await settle(street);
    await screenshot(street, 'assessment-meeting-1366');

    // The year's stars, drafted from the scores, published by the street.
    await street.goto('/assessment?tab=stars');
    const publish = street.getByTestId('publish-stars');
    await publish.waitFor({ timeout: 60_000 });
    await publish.click();
    await street.getByText(/已发布 \d+ 个组织的星级/).waitFor();
    await settle(street);
    await screenshot(street, 'assessment-stars-1366');
    expect(await street.getByTestId('publish-stars').count()).toBe(0);

    // The debriefings (述职评议) behind the fourth dimension: anonymous ratings show no reviewer.
    await street.goto('/assessment?tab=debriefings');
    const sessions = street.getByTestId('assessment-debriefings');
    await sessions.locator('tbody tr').first().waitFor({ timeout: 60_000 });
    await sessions.locator('tbody tr').first().click();
    await street.getByText('匿名评议人').first().waitFor();
    await settle(street);
    await screenshot(street, 'assessment-debriefing-1366');
    expect(await street.getByText('区委组织部 王组织').count()).toBe(0);

    // The same pages on a phone, no sideways scroll.
    const phone = (await openPage(browser, server.url, PHONE)).page;
    await login(phone, 'street');
    for (const [path, name] of [
      ['/assessment', 'assessment-board-390'],
      ['/assessment?tab=stars', 'assessment-stars-390'],
      ['/assessment?tab=debriefings', 'assessment-debriefings-390'],
    ] as const) {
      await phone.goto(path);
      await phone.getByTestId('list-cards').first().waitFor({ timeout: 60_000 });
      await settle(phone);
      await screenshot(phone, name);
      const wide = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      expect(wide, path).toBe(false);
    }
    await phone.goto('/assessment');
    await phone.getByTestId('list-cards').first().locator('.ant-card').first().click();
    await phone.getByTestId('score-indicators').waitFor();
    await settle(phone);
    await screenshot(phone, 'assessment-score-390');
  });
});
