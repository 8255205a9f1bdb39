import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { hashPassword } from '../src/modules/accounts/passwords.ts';
import type { OrgKind, OrgLevel, UnitType } from '../src/modules/orgs/orgs.contract.ts';
import { FakeClock } from '../src/platform/clock.ts';
import { createFieldCrypto } from '../src/platform/crypto.ts';
import type { Database, Db } from '../src/platform/db.ts';
import type { Role } from '../src/platform/permissions.ts';
import { SESSION_COOKIE } from '../src/platform/session.ts';
import { createTestDatabase } from './db.ts';

export const TEST_PASSWORD = 'Test#Pass2026';
export const TEST_SECRET = Buffer.alloc(32, 7);
export const testCrypto = createFieldCrypto(TEST_SECRET);
/** The origin of `inject` requests (Host `localhost:80`): what a browser on the app's page sends. */
export const TEST_ORIGIN = 'http://localhost';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  database: Database;
  clock: FakeClock;
  config: Config;
  /** Log in and return a client that sends the session cookie. */
  login(username: string, password?: string): Promise<Client>;
  close(): Promise<void>;
}

export type Client = ((options: InjectOptions) => ReturnType<FastifyInstance['inject']>) & { cookie: string };

/** The real app on a fresh database, with a fake clock and MFA off unless asked for. */
export async function buildTestApp(
  options: {
    config?: Partial<Config>;
    security?: Partial<Config['security']>;
    database?: Database;
    /** Like a browser, every inject without Origin/Referer sends `Origin: TEST_ORIGIN` (default on). */
    browserOrigin?: boolean;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const base = loadConfig({ NODE_ENV: 'test' });
  const config: Config = {
    ...base,
    demo: false,
    // Request limits stay out of the way; tests of the limits set their own.
    rateLimits: { ...base.rateLimits, perSession: 1_000_000, perApiKey: 1_000_000, perIp: 1_000_000 },
    // Each test app keeps its own audit checkpoints (never the repository's ./data).
    auditAnchorFile: path.join(os.tmpdir(), `jiceng-audit-anchors-${randomUUID()}.log`),
    ...options.config,
    security: { ...base.security, loginRateLimit: 1000, mfaRequiredForAdmins: false, ...options.security },
  };
  const clock = new FakeClock();
  const app = await buildApp({ database, config, secret: TEST_SECRET, clock, serveWeb: false });
  await app.ready();
  if (options.browserOrigin !== false) {
    const inject = app.inject.bind(app);
    const withOrigin = (opts?: InjectOptions | string) => {
      if (opts === undefined) return inject();
      const o: InjectOptions = typeof opts === 'string' ? { url: opts } : opts;
      const headers = o.headers ?? {};
      if (Object.hasOwn(headers, 'origin') || Object.hasOwn(headers, 'referer')) return inject(o);
      return inject({ ...o, headers: { origin: TEST_ORIGIN, ...headers } });
    };
    app.inject = withOrigin as unknown as FastifyInstance['inject'];
  }
  const client = (cookie: string): Client => {
    const fn = ((opts: InjectOptions) =>
      app.inject({ ...opts, headers: { cookie, ...(opts.headers ?? {}) } })) as Client;
    fn.cookie = cookie;
    return fn;
  };
  return {
    app,
    db: database.db,
    database,
    clock,
    config,
    async login(username, password = TEST_PASSWORD) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
        headers: { origin: TEST_ORIGIN },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
      if (!cookie) throw new Error('no session cookie');
      return client(`${SESSION_COOKIE}=${cookie.value}`);
    },
    async close() {
      await app.close();
      if (!options.database) await database.close();
    },
  };
}

let cachedHash: Promise<string> | undefined;

export interface OrgSpec {
  code: string;
  name?: string;
  kind?: OrgKind;
  level?: OrgLevel | null;
  unitType?: UnitType | null;
  parentId?: number | null;
}

export async function insertOrg(db: Db, spec: OrgSpec): Promise<{ id: number; path: string }> {
  const now = new Date('2026-01-01T00:00:00Z');
  return db
    .insertInto('orgs')
    .values({
      parentId: spec.parentId ?? null,
      code: spec.code,
      name: spec.name ?? `组织${spec.code}`,
      shortName: null,
      kind: spec.kind ?? 'committee',
      level: spec.level === undefined ? (spec.unitType ? null : 'community') : spec.level,
      unitType: spec.unitType ?? null,
      establishedOn: null,
      closedOn: null,
      closedReason: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning(['id', 'path'])
    .executeTakeFirstOrThrow();
}

/** An account with one role on one organization (and the test password). */
export async function insertUser(
  db: Db,
  spec: {
    username: string;
    orgId: number;
    role?: Role;
    roles?: { role: Role; orgId: number }[];
    phone?: string;
    totp?: string;
  },
): Promise<number> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const now = new Date('2026-01-01T00:00:00Z');
  const { id } = await db
    .insertInto('users')
    .values({
      username: spec.username,
      displayName: spec.username,
      phoneHash: spec.phone ? testCrypto.blindIndex(spec.phone) : null,
      phoneEnc: spec.phone ? testCrypto.encrypt(spec.phone) : null,
      homeOrgId: spec.orgId,
      passwordHash: await cachedHash,
      passwordChangedAt: new Date('2026-11-01T00:00:00Z'),
      totpSecretEnc: spec.totp ? testCrypto.encrypt(spec.totp) : null,
      totpEnabled: Boolean(spec.totp),
      totpLastStep: null,
      lockedUntil: null,
      disabledAt: null,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const roles = spec.roles ?? (spec.role ? [{ role: spec.role, orgId: spec.orgId }] : []);
  for (const r of roles) {
    await db
      .insertInto('roleGrants')
      .values({
        userId: id,
        role: r.role,
        orgId: r.orgId,
        grantedBy: null,
        grantedAt: now,
        revokedAt: null,
        revokedBy: null,
      })
      .execute();
  }
  return id;
}

/**
 * Two districts with streets, communities and branches: the shape the cross-scope matrix needs.
 * Names are codes so tests read clearly.
 */
export async function insertTwoDistricts(db: Db) {
  const org = (code: string, parent: { id: number } | null, kind: OrgKind, level: OrgLevel) =>
    insertOrg(db, { code, parentId: parent?.id ?? null, kind, level });
  const d1 = await org('D1', null, 'committee', 'district');
  const s1 = await org('D1-S1', d1, 'working_committee', 'street');
  const s2 = await org('D1-S2', d1, 'working_committee', 'street');
  const c1 = await org('D1-S1-C1', s1, 'committee', 'community');
  const c2 = await org('D1-S1-C2', s1, 'committee', 'community');
  const b1 = await org('D1-S1-C1-B1', c1, 'branch', 'grid');
  const d2 = await org('D2', null, 'committee', 'district');
  const s3 = await org('D2-S1', d2, 'working_committee', 'street');
  const c3 = await org('D2-S1-C1', s3, 'committee', 'community');
  return { d1, s1, s2, c1, c2, b1, d2, s3, c3 };
}
