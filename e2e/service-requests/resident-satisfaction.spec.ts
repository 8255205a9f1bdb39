/**
 * 满意度回访 in the browser. The demo resident (phone, 390×844) reports a matter with a photo and
 * sees the photo with the request; the community desk (1366×800) completes it; the resident rates
 * it 满意, corrects the rating to 基本满意 within the window, then says 问题没有解决: the request is
 * open again with the whole history. Screenshots in test-results/screenshots/satisfaction-*.png.
 */
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, login, openPage, screenshot } from '../support/browser.ts';
import { expectNoHorizontalOverflow } from '../support/checks.ts';
import { fillRequestForm, residentAndDesk } from '../support/requests.ts';
import { browserSuite } from '../support/suite.ts';

const { server, browser } = browserSuite();

/** A 160×90 PNG of two colour bands (sky and water), built here so the test needs no file. */
function photo(): Buffer {
  const crc = (buf: Buffer) => {
    let c = ~0;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const [w, h] = [160, 90];
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    const [r, g, b] = y < h / 2 ? [150, 200, 240] : [60, 110, 160];
    for (let x = 0; x < w; x++) raw.set([r, g, b], y * (w * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const PNG = photo();

async function requestOf(page: Page, id: number) {
  return page.evaluate(async (rid) => {
    const res = await fetch(`/api/v1/service-requests/${rid}`);
    return (await res.json()).data as {
      status: string;
      visit: { rating: string; solved: boolean } | null;
      events: { kind: string }[];
    };
  }, id);
}

describe('resident satisfaction visit', () => {
  it('photo shown to the resident; rated, corrected, then "not solved" reopens it', async () => {
    const title = '7号楼门前积水';
    const { phone, official } = await residentAndDesk(browser, server.url);

    // The resident's own requests come first, above the form and the notifications.
    await phone.goto('/my-requests');
    const cards = phone.locator('[data-testid="my-requests"] > .ant-card');
    await cards.first().waitFor();
    expect(await cards.first().textContent()).toContain('我的诉求');
    await fillRequestForm(phone, title, '7号楼门前下雨后积水很深，老人出门要绕行。');
    await phone.locator('#sr-photo').setInputFiles({ name: 'water.png', mimeType: 'image/png', buffer: PNG });
    await phone.getByTestId('sr-submit').click();
    const item = phone.locator('[data-testid^="sr-item-"]', { hasText: title });
    await item.waitFor();
    const id = Number((await item.getAttribute('data-testid'))?.replace('sr-item-', ''));
    await item.click();
    // The resident sees the photo they attached (loaded, not a broken image).
    const photo = phone.getByTestId('sr-my-photo');
    await photo.waitFor();
    await expect
      .poll(() => photo.evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expectNoHorizontalOverflow(phone);
    await screenshot(phone, 'satisfaction-photo-phone');

    // The community desk completes it.
    await official.goto('/service-requests');
    await official.getByPlaceholder('搜索标题、地点或编号').fill(title);
    await official.getByPlaceholder('搜索标题、地点或编号').press('Enter');
    const row = official.getByTestId('sr-queue').locator('tr', { hasText: title });
    await row.waitFor();
    await row.click();
    await official.getByTestId('event-submitted').waitFor();
    await official.getByTestId('sr-complete').click();
    await official.getByTestId('sr-resolution').fill('疏通雨水井，积水已排净');
    await official.locator('#sr-action-ok').click();
    await official.getByTestId('event-completed').waitFor();
    await screenshot(official, 'satisfaction-desk-desktop');

    // The resident rates it: one of three answers and an optional comment.
    await phone.reload();
    await phone.locator('[data-testid^="sr-item-"]', { hasText: title }).click();
    await phone.getByTestId('sr-rating').waitFor();
    await expect.poll(() => phone.getByTestId('sr-confirm').isDisabled(), { timeout: 30_000 }).toBe(true);
    await screenshot(phone, 'satisfaction-rate-phone');
    await phone.getByTestId('sr-rating').getByText('满意', { exact: true }).click();
    await phone.getByLabel('评价说明（可选）').fill('处理很快');
    await phone.getByTestId('sr-confirm').click();
    await phone.getByTestId('sr-visit').waitFor();
    expect(await phone.getByTestId('sr-visit').textContent()).toContain('您的评价：满意');
    expect((await requestOf(phone, id)).visit).toMatchObject({ rating: 'satisfied', solved: true });

    // Within the window the rating can be corrected.
    await phone.getByTestId('sr-correct-rating').click();
    await phone.getByTestId('sr-rating').getByText('基本满意', { exact: true }).click();
    await phone.getByTestId('sr-confirm').click();
    await expect
      .poll(() => phone.getByTestId('sr-visit').textContent(), { timeout: 30_000 })
      .toContain('基本满意');
    await screenshot(phone, 'satisfaction-rated-phone');

    // 问题没有解决: back to the community, with the history kept.
    await phone.getByTestId('sr-not-solved').click();
    await phone.getByTestId('sr-reopen-reason').fill('昨晚下雨又积水了');
    await phone.getByTestId('sr-reopen').click();
    await expect
      .poll(() => phone.locator('[data-testid^="sr-item-"]', { hasText: title }).textContent(), {
        timeout: 30_000,
      })
      .toContain('办理中');
    const reopened = await requestOf(phone, id);
    expect(reopened.status).toBe('open');
    expect(reopened.visit).toMatchObject({ solved: false });
    expect(reopened.events.map((e) => e.kind)).toEqual([
      'submitted',
      'completed',
      'confirmed',
      'rating_corrected',
      'reopened',
    ]);
    await expectNoHorizontalOverflow(phone);
    await screenshot(phone, 'satisfaction-reopened-phone');

    // The resident's page at desktop width too.
    const wide = await openPage(browser, server.url, DESKTOP);
    await login(wide.page, 'resident');
    await wide.page.goto('/my-requests');
    await wide.page.locator('[data-testid^="sr-item-"]', { hasText: title }).click();
    await wide.page.getByTestId('sr-my-photo').waitFor();
    await screenshot(wide.page, 'satisfaction-resident-desktop');
  }, 300_000);
});
