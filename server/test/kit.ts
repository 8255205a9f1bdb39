/**
 * The shared server test kit: the setup almost every route test repeats, declared in one line.
 *
 *   const { t, tree, district, branch } = serverKit({
 *     district: { org: 'd1', role: 'district_admin', username: 'm_district' },
 *     branch: { org: 'b1', role: 'branch_secretary' },
 *   });
 *
 * registers `beforeAll` (the real app on a fresh database, the two districts of
 * `insertTwoDistricts`, one account per entry with the test password, logged in) and `afterAll`
 * (close). The returned values are *late-bound*: they may be named at module level and used inside
 * tests, helpers and later `beforeAll` hooks as if they were the objects themselves (`t.db`,
 * `tree.c1.id`, `district({ method: 'GET', url })`); touching one before the kit's `beforeAll`
 * has run throws. A file that needs more setup adds its own `beforeAll` after the kit's.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Role } from '../src/platform/permissions.ts';
import { buildTestApp, type Client, insertTwoDistricts, insertUser, type TestApp } from './app.ts';
import { lateBound } from './late-bound.ts';
import { type RouteCall, type ScopeTree, toInject } from './scope.ts';

export type { Client, TestApp } from './app.ts';
export type { ScopeTree } from './scope.ts';

/** One account of the kit: a role on an organization of the two-district tree. */
export interface KitUser {
  org: keyof ScopeTree;
  role: Role;
  /** Default: the key the account is declared under, in snake case (`farResident` → `far_resident`). */
  username?: string;
}

export type KitOptions = Parameters<typeof buildTestApp>[0];

export type Kit<U extends Record<string, KitUser>> = {
  t: TestApp;
  tree: ScopeTree;
  /** The accounts' user ids, by key. */
  userIds: { readonly [K in keyof U]: number };
  /** Sign every account in again (after the clock moved past the session's lifetime). */
  relogin: () => Promise<void>;
} & { readonly [K in keyof U]: Client };

const RESERVED = new Set(['t', 'tree', 'userIds', 'relogin']);

/** Usernames are lower case (users_username_format). */
const usernameOf = (key: string, user: KitUser) =>
  user.username ?? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The app, the two-district tree and logged-in clients for `users` (see the file comment).
 * `options` go to `buildTestApp`; `tree: false` skips the tree (no accounts then either).
 */
export function serverKit<U extends Record<string, KitUser> = Record<never, KitUser>>(
  users: U = {} as U,
  options: KitOptions & { tree?: boolean } = {},
): Kit<U> {
  for (const key of Object.keys(users)) {
    if (RESERVED.has(key)) throw new Error(`serverKit: "${key}" is reserved, name the account otherwise`);
  }
  const state: {
    t?: TestApp;
    tree?: ScopeTree;
    clients: Record<string, Client>;
    ids: Record<string, number>;
  } = { clients: {}, ids: {} };
  beforeAll(async () => {
    const { tree: withTree = true, ...appOptions } = options;
    state.t = await buildTestApp(appOptions);
    if (!withTree) return;
    const tree = await insertTwoDistricts(state.t.db);
    state.tree = tree;
    for (const [key, user] of Object.entries(users)) {
      const username = usernameOf(key, user);
      state.ids[key] = await insertUser(state.t.db, { username, orgId: tree[user.org].id, role: user.role });
      state.clients[key] = await state.t.login(username);
    }
  });
  afterAll(async () => {
    await state.t?.close();
  });
  const kit: Record<string, unknown> = {
    t: lateBound('t', () => state.t),
    tree: lateBound('tree', () => state.tree),
    userIds: lateBound('userIds', () => (state.t ? state.ids : undefined)),
    async relogin() {
      for (const [key, user] of Object.entries(users)) {
        state.clients[key] = await (state.t as TestApp).login(usernameOf(key, user));
      }
    },
  };
  for (const key of Object.keys(users)) {
    kit[key] = lateBound(key, () => state.clients[key], true);
  }
  return kit as Kit<U>;
}

/**
 * Scope check over a list of routes: every caller in `outsiders` gets exactly 404 from every route
 * (never 403, which would confirm the record exists). Routes are 'METHOD /api/v1/path/:id' strings
 * or `RouteCall`s; `:id` becomes `id`.
 */
export async function expectNotFoundFor(
  outsiders: Client | Client[],
  routes: (string | RouteCall)[],
  id: number | string,
): Promise<void> {
  for (const route of routes) {
    const call = typeof route === 'string' ? { route } : route;
    for (const client of Array.isArray(outsiders) ? outsiders : [outsiders]) {
      const res = await client(toInject(call, id));
      expect(res.statusCode, `${call.route} (${id}): ${res.body}`).toBe(404);
    }
  }
}

/**
 * A valid body for registering a full member (POST /api/v1/orgs/:id/members): joined 2010, full
 * 2011, in service. `idNumber` must be fresh (members.testkit.ts `nextIdNumber`).
 */
export function memberBody<O extends Record<string, unknown>>(name: string, idNumber: string, over?: O) {
  return {
    name,
    idNumber,
    joinedOn: '2010-07-01',
    fullOn: '2011-07-01',
    category: 'in_service',
    status: 'full',
    ...over,
  };
}
