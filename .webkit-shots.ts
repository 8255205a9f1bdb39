import { launchBrowser, login, openPage, settle, DESKTOP, PHONE } from './e2e/support/browser.ts';
const url = 'http://127.0.0.1:4102';
const pages: [string, string, string][] = [
  ['proposals', '/proposals', 'community'],
  ['transfers', '/member-transfers', 'street'],
  ['co-building', '/co-building', 'community'],
  ['dual-reporting', '/dual-reporting', 'community'],
  ['work-calendar', '/work-calendar', 'sysadmin'],
];
const browser = await launchBrowser();
for (const [size, vp] of [['390', PHONE], ['1366', DESKTOP]] as const) {
  const byUser = new Map<string, Awaited<ReturnType<typeof openPage>>>();
  for (const [name, path, user] of pages) {
    let p = byUser.get(user);
    if (!p) {
      p = await openPage(browser, url, vp);
      await login(p.page, user);
      byUser.set(user, p);
    }
    await p.page.goto(path);
    await p.page.waitForTimeout(2500);
    await settle(p.page).catch(() => undefined);
    const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    console.log(name, size, 'overflow', overflow);
    await p.page.screenshot({ path: `/tmp/webkit-shots/${name}-${size}.png`, fullPage: false });
  }
}
await browser.close();
