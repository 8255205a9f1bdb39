import { beforeAll, expect } from 'vitest';
import { type ActionTable, abilitiesOf, auditTypesOf, refusalOf } from '../src/platform/actions.ts';
import { Actor } from '../src/platform/actor.ts';
import type { Db } from '../src/platform/db.ts';
import { NotFoundError } from '../src/platform/errors.ts';
import { loadGrants } from '../src/platform/session.ts';
import { type Client, insertUser, type TestApp } from './app.ts';
import { type KitOptions, type KitUser, serverKit } from './kit.ts';

/** The Actor the server builds for this account (its grants on active organizations). */
export async function actorOf(db: Db, userId: number): Promise<Actor> {
  const u = await db
    .selectFrom('users as u')
    .innerJoin('orgs as h', 'h.id', 'u.homeOrgId')
    .select(['u.id', 'u.username', 'u.displayName', 'u.homeOrgId', 'h.path as homeOrgPath'])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
  return new Actor(u, await loadGrants(db, userId), 'test');
}

export interface Caller {
  name: string;
  client: Client;
  actor: Actor;
}

export interface Fixture {
  /** The record's state, for messages. */
  state: string;
  /** Makes a fresh record in that state and answers the route params (`{ id }`). */
  make: () => Promise<Record<string, string | number>>;
}

const bodyFor = (body: unknown, caller: Caller) =>
  (typeof body === 'function' ? body(caller) : body) as Record<string, unknown> | undefined;

/**
 * For each action × fixture state × caller, on a fresh record: `abilities[action]` (what the
 * record's presenter sends) is true exactly when the mounted route succeeds; a refusal answers
 * the status and the Chinese reason of the failed check; out of scope is 404; a success leaves
 * the action's audit row.
 */
export async function checkAbilitiesAgree<Row, Out>(
  db: Db,
  table: ActionTable<Row, Out>,
  options: {
    callers: Caller[];
    fixtures: Fixture[];
    /** Each action's body, or the body for a caller (e.g. desk staff add the resident's name). */
    bodies: Record<string, unknown | ((caller: Caller) => unknown)>;
  },
): Promise<{ succeeded: number; refused: number; hidden: number }> {
  const counts = { succeeded: 0, refused: 0, hidden: 0 };
  // A record no success has changed serves the next action's refusals too (a refusal changes nothing).
  const unused = new Map<Fixture, Record<string, string | number>>();
  for (const [name, def] of Object.entries(table.actions)) {
    for (const fixture of options.fixtures) {
      // One record serves every refusal; each success after the first gets a fresh one.
      let params = unused.get(fixture) ?? (await fixture.make());
      unused.delete(fixture);
      let used = false;
      const judged = [];
      for (const caller of options.callers) {
        let row: Row | null = null;
        try {
          row = await table.load(db, caller.actor, params, { lock: false });
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
        }
        judged.push({ caller, row, allowed: row !== null && abilitiesOf(table, caller.actor, row)[name] });
      }
      judged.sort((a, b) => Number(a.allowed) - Number(b.allowed));
      for (const { caller, row: loaded, allowed } of judged) {
        const where = `${name} on ${fixture.state} by ${caller.name}`;
        let row = loaded;
        if (allowed && used) {
          params = await fixture.make();
          row = await table.load(db, caller.actor, params, { lock: false });
        }
        let url = def.path;
        for (const [k, v] of Object.entries(params)) url = url.replace(`:${k}`, String(v));
        const res = await caller.client({
          method: def.method ?? 'POST',
          url: `/api/v1${url}`,
          payload: bodyFor(options.bodies[name], caller) ?? {},
        });
        if (def.permission !== 'authenticated' && !caller.actor.hasPermission(def.permission)) {
          // The route's declared access refuses before anything is loaded.
          expect(res.statusCode, `${where}: no such permission`).toBe(403);
          expect(allowed, where).toBe(false);
          counts.refused += 1;
          continue;
        }
        if (row === null) {
          expect(res.statusCode, `${where}: out of scope`).toBe(404);
          counts.hidden += 1;
          continue;
        }
        if (allowed) {
          used = true;
          expect(res.statusCode, `${where}: ${res.body}`).toBeLessThan(300);
          const audit = await db
            .selectFrom('auditLog')
            .select('id')
            .where('action', 'in', [...auditTypesOf(def)])
            .where('objectId', '=', String(table.id(row)))
            .where('outcome', '=', 'success')
            .executeTakeFirst();
          expect(audit, `${where}: audit ${def.audit}`).toBeDefined();
          counts.succeeded += 1;
        } else {
          const refused = refusalOf(table, def, caller.actor, row);
          expect(res.statusCode, `${where}: ${res.body}`).toBe(refused?.status);
          const reason = typeof refused?.refusal === 'string' ? refused.refusal : refused?.refusal.reason;
          expect(res.json().error.message, where).toBe(reason);
          counts.refused += 1;
        }
      }
      if (!used) unused.set(fixture, params);
    }
  }
  return counts;
}

/** A signed-in caller holding `spec`'s role, for the table drives above. */
export async function callerWith(
  t: TestApp,
  name: string,
  username: string,
  spec: Omit<Parameters<typeof insertUser>[1], 'username'>,
): Promise<Caller> {
  const id = await insertUser(t.db, { ...spec, username });
  return { name, client: await t.login(username), actor: await actorOf(t.db, id) };
}

/** `POST /api/v1<url>` that must succeed (a fixture's step): its `data`. */
export async function postOk(client: Client, url: string, payload: Record<string, unknown>) {
  const res = await client({ method: 'POST', url: `/api/v1${url}`, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json().data;
}

/** Sessions that outlive a long table drive (and a clock moved by the fixtures). */
export const LONG_SESSIONS = {
  security: { mfaRequiredForAdmins: false, sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 },
} as const;

/**
 * `serverKit` for an action-table test: the accounts of `users` signed in with long sessions,
 * and the same accounts as `callers` (client and Actor) for `checkAbilitiesAgree`.
 */
export function tableKit<U extends Record<string, KitUser>>(users: U, options: KitOptions = {}) {
  const kit = serverKit(users, { ...LONG_SESSIONS, ...options });
  const callers: Caller[] = [];
  beforeAll(async () => {
    for (const key of Object.keys(users)) {
      const client = (kit as unknown as Record<string, Client>)[key] as Client;
      callers.push({ name: key, client, actor: await actorOf(kit.t.db, kit.userIds[key] as number) });
    }
  });
  return { kit, callers };
}

/**
 * The officials every table drive judges by scope: the community secretary of C1 (where the
 * fixtures live), the street above it, another community's secretary and another district's
 * administrator. Usernames start with `prefix`.
 */
export function scopeCallers(prefix: string) {
  return {
    community: { org: 'c1', role: 'community_secretary', username: `${prefix}_comm` },
    street: { org: 's1', role: 'street_secretary', username: `${prefix}_street` },
    otherCommunity: { org: 'c3', role: 'community_secretary', username: `${prefix}_c3` },
    far: { org: 'd2', role: 'district_admin', username: `${prefix}_far` },
  } as const satisfies Record<string, KitUser>;
}
