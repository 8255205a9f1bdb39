/**
 * Every page of every demo role: the accounts the demo district creates (`DEMO_ACCOUNTS`, so a new
 * demo account is covered without editing this list) and, per person, the home page and each entry
 * of their menu (`navigation` from `GET /auth/me`, built from the module manifests, so a new page is
 * checked without editing the specs that use this list).
 *
 * `planVisits` turns the roles' menus into the pages to open once per width: a page several roles
 * see is opened as the role holding the most permissions (the fullest version of the page), the home
 * page once per distinct set of permissions (it differs by role). `visitAll` opens them in a few
 * pages of one browser in parallel, signing in by cookie and moving between pages inside the app
 * (no reload) while the role stays the same.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/src/demo/demo-district.ts';
import { openPage, settle } from './browser.ts';

/** The demo accounts (README): officials at each level, a member, a resident, the 三员, the approver… */
export const DEMO_ROLES: readonly string[] = DEMO_ACCOUNTS.map((a) => a.username);

/** Pages every signed-in person reaches outside the menu (the header's to-do bell). */
export const HEADER_PAGES: readonly string[] = ['/todos'];

export interface MenuEntry {
  path: string;
  title: string;
}

/** A demo person signed in through the API: the session cookie, their menu and permissions. */
export interface RoleSession {
  username: string;
  cookies: { name: string; value: string }[];
  navigation: MenuEntry[];
  permissions: string[];
}

/** Sign in through `POST /auth/login` (as the browser would, with its Origin) and read `GET /auth/me`. */
export async function signIn(
  baseURL: string,
  username: string,
  password = DEMO_PASSWORD,
): Promise<RoleSession> {
  const res = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`${username}: login answered ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => {
    const [pair = ''] = c.split(';');
    const at = pair.indexOf('=');
    return { name: pair.slice(0, at), value: pair.slice(at + 1) };
  });
  const me = await fetch(`${baseURL}/api/v1/auth/me`, {
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
  });
  if (!me.ok) throw new Error(`${username}: /auth/me answered ${me.status}`);
  const { data } = (await me.json()) as {
    data: { navigation: MenuEntry[]; permissions: string[]; pending: unknown };
  };
  if (data.pending)
    throw new Error(`${username}: signed in with a pending step ${JSON.stringify(data.pending)}`);
  return { username, cookies, navigation: data.navigation, permissions: data.permissions };
}

/** One person per kind: people with the same permissions and menu (district, approver) see the same pages. */
export function distinctRoles(sessions: readonly RoleSession[]): RoleSession[] {
  const seen = new Set<string>();
  return sessions.filter((s) => {
    const key = `${[...s.permissions].sort().join(',')}|${s.navigation.map((n) => n.path).join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One page to open: its path and the person who opens it. */
export interface Visit {
  path: string;
  username: string;
}

/**
 * The pages to open once per width: every menu entry of every role and the header's pages, each
 * as the role with the most permissions among those who have it; the home page once per distinct
 * set of permissions and menu. Ordered by person, so a worker rarely changes who is signed in.
 */
export function planVisits(sessions: readonly RoleSession[]): Visit[] {
  const byReach = [...sessions].sort((a, b) => b.permissions.length - a.permissions.length);
  const visits: Visit[] = distinctRoles(sessions).map((s) => ({ path: '/', username: s.username }));
  const paths = new Set([...sessions.flatMap((s) => s.navigation.map((n) => n.path)), ...HEADER_PAGES]);
  for (const path of paths) {
    const owner =
      byReach.find((s) => s.navigation.some((n) => n.path === path)) ?? (byReach[0] as RoleSession);
    visits.push({ path, username: owner.username });
  }
  const order = new Map(sessions.map((s, i) => [s.username, i]));
  return visits.sort((a, b) => (order.get(a.username) ?? 0) - (order.get(b.username) ?? 0));
}

/** Requests a page has started and not finished: "the page is still loading" without networkidle's 500 ms. */
function trackRequests(page: Page): { busy: () => boolean } {
  const open = new Set<unknown>();
  let last = Date.now();
  const start = (r: unknown) => {
    open.add(r);
    last = Date.now();
  };
  const end = (r: unknown) => {
    open.delete(r);
    last = Date.now();
  };
  page.on('request', start);
  page.on('requestfinished', end);
  page.on('requestfailed', end);
  // A request the page no longer waits for (a navigation away) never finishes: forget it after 10 s.
  return { busy: () => (open.size > 0 && Date.now() - last < 10_000) || Date.now() - last < 150 };
}

/** Wait until no request runs, no spinner or skeleton shows and nothing moves. */
async function quiet(page: Page, requests: { busy: () => boolean }): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const spinning = await page.evaluate(
      () => document.querySelector('.ant-spin-spinning, .ant-skeleton, .jc-center .ant-spin') !== null,
    );
    if (!spinning && !requests.busy()) break;
    if (Date.now() > deadline) break;
    await page.waitForTimeout(50);
  }
  await settle(page);
  // A request started by the last render (a list fetched after its filters settled): wait for it too.
  if (requests.busy() && Date.now() < deadline) return quiet(page, requests);
}

/**
 * Move to `path` inside the app (React Router listens to popstate): no reload, no new bundle. The
 * old page's elements are marked first and the move waits until most of them are gone: the router
 * keeps the old page on screen while the new one's code loads, and wrappers the two pages share
 * (the watermark) stay. Returns false when the old page stays (the caller then reloads).
 */
async function navigateInApp(page: Page, path: string): Promise<boolean> {
  const marked = await page.evaluate((to) => {
    const old = document.querySelectorAll('.jc-content *:not([data-testid="page-h1"])');
    for (const el of old) el.setAttribute('data-e2e-left', '');
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.scrollTo(0, 0);
    return old.length;
  }, path);
  return page
    .waitForFunction((n) => document.querySelectorAll('[data-e2e-left]').length * 2 < n, marked, {
      timeout: 20_000,
    })
    .then(() => true)
    .catch(() => false);
}

/** A browser page signed in as one person after another. */
export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** Open `visit.path` as `visit.username` and wait until it has loaded and settled. */
  open: (visit: Visit) => Promise<void>;
  close: () => Promise<void>;
}

export async function visitor(
  browser: Browser,
  baseURL: string,
  sessions: ReadonlyMap<string, RoleSession>,
  viewport: { width: number; height: number },
): Promise<Visitor> {
  const { context, page } = await openPage(browser, baseURL, viewport);
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
  const requests = trackRequests(page);
  let signedIn = '';
  return {
    context,
    page,
    async open({ path, username }) {
      if (username !== signedIn) {
        const session = sessions.get(username);
        if (!session) throw new Error(`no session for ${username}`);
        await context.clearCookies();
        await context.addCookies(session.cookies.map((c) => ({ ...c, url: baseURL })));
        await page.goto(path);
        signedIn = username;
      } else if (!(await navigateInApp(page, path))) {
        await page.goto(path);
      }
      await page.waitForURL((url) => url.pathname === path);
      await page.getByTestId('page-h1').waitFor({ state: 'attached' });
      await quiet(page, requests);
    },
    close: () => context.close(),
  };
}

/**
 * Open every visit in `workers` parallel pages of one browser and run `check` on each; returns
 * the problems found, keyed `path（username）`. A page that fails to open is a problem too.
 */
export async function visitAll(
  browser: Browser,
  baseURL: string,
  sessions: readonly RoleSession[],
  visits: readonly Visit[],
  viewport: { width: number; height: number },
  check: (page: Page, visit: Visit) => Promise<string[]>,
  workers = 2,
): Promise<{ problems: Record<string, string[]>; opened: number; times: Record<string, [number, number]> }> {
  const byName = new Map(sessions.map((s) => [s.username, s]));
  const queue = [...visits];
  const problems: Record<string, string[]> = {};
  /** Per page: milliseconds to open and settle, milliseconds to check. */
  const times: Record<string, [number, number]> = {};
  let opened = 0;
  const work = async () => {
    const v = await visitor(browser, baseURL, byName, viewport);
    try {
      for (let visit = queue.shift(); visit; visit = queue.shift()) {
        const key = `${visit.path}（${visit.username}）`;
        try {
          const start = Date.now();
          await v.open(visit);
          opened += 1;
          const loaded = Date.now();
          const found = await check(v.page, visit);
          times[key] = [loaded - start, Date.now() - loaded];
          if (found.length) problems[key] = found;
        } catch (error) {
          problems[key] = [`打开失败：${(error as Error).message.split('\n')[0]}`];
        }
      }
    } finally {
      await v.close();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, work));
  return { problems, opened, times };
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
