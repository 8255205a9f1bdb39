import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { Role } from '../src/platform/permissions.ts';
import { type Client, insertOrg, type insertTwoDistricts, insertUser, type TestApp } from './app.ts';

/**
 * Reusable scope checks (security.md items 8–9). Routes are written as 'METHOD /api/v1/path/:id';
 * `:id` is the resource id, other `:params` come from `params`. The route strings also let
 * `routes.test.ts` check that every route has a scope test.
 */
export type Relation = 'same' | 'parent' | 'sibling' | 'child' | 'other_district';
export const RELATIONS: readonly Relation[] = ['same', 'parent', 'sibling', 'child', 'other_district'];

export interface RouteCall {
  route: string;
  payload?: unknown | ((id: number | string) => unknown);
  query?: Record<string, string>;
  params?: Record<string, string | number>;
}

export function toInject(call: RouteCall, id: number | string): InjectOptions {
  const [method, pattern] = call.route.split(' ');
  let url = pattern.replace(':id', String(id));
  for (const [k, v] of Object.entries(call.params ?? {})) url = url.replace(`:${k}`, String(v));
  const payload =
    typeof call.payload === 'function' ? (call.payload as (i: number | string) => unknown)(id) : call.payload;
  return {
    method: method as InjectOptions['method'],
    url,
    query: call.query
      ? Object.fromEntries(Object.entries(call.query).map(([k, v]) => [k, v.replace(':id', String(id))]))
      : undefined,
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  };
}

export type ScopeTree = Awaited<ReturnType<typeof insertTwoDistricts>>;

const clients = new WeakMap<TestApp, Map<string, Client>>();
let counter = 0;

/** A logged-in client with `role` granted on `orgId` (cached per app). */
export async function clientWithRole(t: TestApp, role: Role, orgId: number): Promise<Client> {
  let cache = clients.get(t);
  if (!cache) {
    cache = new Map();
    clients.set(t, cache);
  }
  const key = `${role}@${orgId}`;
  const existing = cache.get(key);
  if (existing) return existing;
  counter += 1;
  const username = `u${counter}_${role.slice(0, 8)}_${orgId}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 32);
  await insertUser(t.db, { username, orgId, role });
  const client = await t.login(username);
  cache.set(key, client);
  return client;
}

export interface MatrixOptions {
  /** The role every caller holds, each on a different organization relative to the resource. */
  role: Role;
  /** Create a fresh resource belonging to organization `orgId` (usually directly in the DB); return its id. */
  create: (orgId: number, tree: ScopeTree) => Promise<number | string>;
  read?: RouteCall;
  update?: RouteCall;
  delete?: RouteCall;
  /** Which relations the role may act from (default: same and parent). */
  allowedFrom?: readonly Relation[];
  /** Per action overrides of allowedFrom. */
  allowedFromByAction?: Partial<Record<'read' | 'update' | 'delete', readonly Relation[]>>;
  /** Called after a refused call: assert the resource did not change. */
  unchanged?: (id: number | string) => Promise<void>;
  /** Where the resource lives (default: community C1 of street S1 in district D1). */
  home?: 'c1' | 's1' | 'b1';
}

/**
 * The cross-scope matrix: callers at the same org, its parent, a sibling, a child and another
 * district × read / update / delete. Allowed calls answer 2xx; all others answer 404 (never 403,
 * which would confirm the record exists) and change nothing.
 */
export async function runCrossScopeMatrix(
  t: TestApp,
  tree: ScopeTree,
  options: MatrixOptions,
): Promise<void> {
  const home = options.home ?? 'c1';
  const homeOrg = tree[home];
  const callerOrg: Record<Relation, number> = {
    same: homeOrg.id,
    parent: home === 'c1' ? tree.s1.id : home === 's1' ? tree.d1.id : tree.c1.id,
    sibling: home === 'c1' ? tree.c2.id : home === 's1' ? tree.s2.id : tree.c2.id,
    child: home === 'c1' ? tree.b1.id : home === 's1' ? tree.c1.id : (await childOf(t, tree.b1.id)).id,
    other_district: home === 's1' ? tree.s3.id : tree.c3.id,
  };
  for (const action of ['read', 'update', 'delete'] as const) {
    const call = options[action];
    if (!call) continue;
    const allowed = options.allowedFromByAction?.[action] ?? options.allowedFrom ?? ['same', 'parent'];
    for (const relation of RELATIONS) {
      const id = await options.create(homeOrg.id, tree);
      const client = await clientWithRole(t, options.role, callerOrg[relation]);
      const res = await client(toInject(call, id));
      const label = `${options.role} at ${relation} → ${call.route} (${action})`;
      if (allowed.includes(relation)) {
        expect(res.statusCode, `${label}: ${res.body}`).toBeGreaterThanOrEqual(200);
        expect(res.statusCode, `${label}: ${res.body}`).toBeLessThan(300);
      } else {
        expect(res.statusCode, `${label}: ${res.body}`).toBe(404);
        if (action !== 'read' && options.unchanged) await options.unchanged(id);
      }
    }
  }
}

const extraChildren = new WeakMap<TestApp, { id: number; path: string }>();
async function childOf(t: TestApp, parentId: number) {
  const existing = extraChildren.get(t);
  if (existing) return existing;
  const child = await insertOrg(t.db, {
    code: `CHILD-${parentId}-${Date.now()}`,
    parentId,
    kind: 'group',
    level: 'building',
  });
  extraChildren.set(t, child);
  return child;
}

export interface PropertyOptions {
  role: Role;
  /** Does the role hold the route's permission at all? */
  roleAllows: boolean;
  /** Permission acts only strictly below the grant (e.g. orgs.update). */
  belowOnly?: boolean;
  create: (orgId: number) => Promise<number | string>;
  call: RouteCall;
  runs?: number;
}

/**
 * Property over random trees: allowed ⇔ the resource's organization lies in the caller's
 * subtree ∧ the role allows the action. Refusals outside the subtree are 404; inside, 403; a role
 * without the permission at all gets 403 before anything is looked up.
 */
export async function checkScopeProperty(t: TestApp, options: PropertyOptions): Promise<void> {
  let treeNo = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.nat(), { minLength: 2, maxLength: 9 }),
      fc.nat(),
      fc.nat(),
      async (shape, g, r) => {
        treeNo += 1;
        const prefix = `P${Date.now().toString(36)}${treeNo}`;
        const nodes: { id: number; path: string }[] = [
          await insertOrg(t.db, { code: `${prefix}-0`, kind: 'committee', level: 'district' }),
        ];
        for (const [i, pick] of shape.entries()) {
          const parent = nodes[pick % nodes.length];
          nodes.push(
            await insertOrg(t.db, {
              code: `${prefix}-${i + 1}`,
              parentId: parent.id,
              kind: 'branch',
              level: 'grid',
            }),
          );
        }
        const grant = nodes[g % nodes.length];
        const target = nodes[r % nodes.length];
        const id = await options.create(target.id);
        const client = await clientWithRole(t, options.role, grant.id);
        const res = await client(toInject(options.call, id));
        const inSubtree = target.path.startsWith(grant.path);
        const allowed = inSubtree && options.roleAllows && !(options.belowOnly && target.id === grant.id);
        if (allowed) {
          expect(res.statusCode, res.body).toBeLessThan(300);
        } else if (!options.roleAllows) {
          // A role without the permission is refused before anything is looked up.
          expect(res.statusCode, res.body).toBe(403);
        } else if (!inSubtree) {
          expect(res.statusCode, res.body).toBe(404);
        } else {
          expect(res.statusCode, res.body).toBe(403);
        }
      },
    ),
    { numRuns: options.runs ?? 15 },
  );
}
