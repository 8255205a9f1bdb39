import fs from 'node:fs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  type Client,
  insertOrg,
  insertTwoDistricts,
  insertUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { clientWithRole } from '../../../test/scope.ts';
import { recordAudit } from '../../platform/audit.ts';
import { readAuditAnchors, writeAuditAnchor } from './audit.anchor.ts';
import { verifyAuditChain } from './audit.service.ts';

const { t, tree } = serverKit();
let auditor: Client;

beforeAll(async () => {
  await insertUser(t.db, { username: 'aud', orgId: tree.d1.id, role: 'audit_admin' });
  await insertUser(t.db, { username: 'street', orgId: tree.s1.id, role: 'street_secretary' });
  auditor = await t.login('aud');
  const street = await t.login('street');
  await street({
    method: 'POST',
    url: `/api/v1/orgs/${tree.c1.id}/children`,
    payload: { code: 'AU-1', name: '审计测试支部', kind: 'branch', level: 'grid' },
  });
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'street', password: 'Wrong#Pass1' },
  });
});

describe('audit log', () => {
  it('records time, user, action, object, outcome, IP and request id, and never a password', async () => {
    const rows = await t.db.selectFrom('auditLog').selectAll().orderBy('id').execute();
    const create = rows.find((r) => r.action === 'orgs.create');
    expect(create).toMatchObject({
      username: 'street',
      objectType: 'org',
      outcome: 'success',
      ip: '127.0.0.1',
    });
    expect(create?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rows.find((r) => r.action === 'auth.login' && r.outcome === 'failure')).toBeTruthy();
    const text = JSON.stringify(rows);
    expect(text).not.toContain(TEST_PASSWORD);
    expect(text).not.toContain('Wrong#Pass1');
  });

  it('is append-only: the database refuses updates, deletes and truncation', async () => {
    await expect(sql`update audit_log set action = 'x'`.execute(t.db)).rejects.toThrow(/只允许追加/);
    await expect(sql`delete from audit_log`.execute(t.db)).rejects.toThrow(/只允许追加/);
    await expect(sql`truncate audit_log`.execute(t.db)).rejects.toThrow(/只允许追加/);
  });

  it('chains each row to the previous one; verification passes on an untouched log', async () => {
    const report = await verifyAuditChain(t.db, { key: t.app.deps.auditKey });
    expect(report.ok).toBe(true);
    expect(report.checked).toBeGreaterThan(3);
    const res = await auditor({ method: 'GET', url: '/api/v1/audit/verify' });
    expect(res.json().data.ok).toBe(true);
  });

  it('lets the auditor filter and export, and the export is itself audited', async () => {
    const list = await auditor({
      method: 'GET',
      url: '/api/v1/audit',
      query: { action: 'orgs.', username: 'street' },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.every((r: { action: string }) => r.action.startsWith('orgs.'))).toBe(true);
    const csv = await auditor({ method: 'GET', url: '/api/v1/audit/export', query: { action: 'orgs.' } });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('orgs.create');
    // The stored role, scope (organization) and user agent are shown, in the page and the CSV.
    const [header, ...lines] = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toContain('用户,角色,操作,对象');
    expect(header).toContain('范围');
    expect(header).toContain('用户代理');
    const create = lines.find((l) => l.includes('orgs.create'));
    expect(create).toContain('街道党工委书记');
    expect(create).toMatch(/审计测试支部|组织C1/);
    expect(create).toContain('lightMyRequest');
    const row = list.json().data.find((r: { action: string }) => r.action === 'orgs.create');
    expect(row).toMatchObject({ roles: ['street_secretary'], userAgent: 'lightMyRequest' });
    expect(row.scope).toMatch(/审计测试支部|组织C1/);
    const exported = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'audit.export')
      .execute();
    expect(exported).toHaveLength(1);
  });

  it('names people, actions and records in Chinese, in China time, in the page and the CSV', async () => {
    const grant = await t.db
      .selectFrom('roleGrants as g')
      .innerJoin('users as u', 'u.id', 'g.userId')
      .select(['g.id', 'u.id as userId'])
      .where('u.username', '=', 'street')
      .executeTakeFirstOrThrow();
    const d1 = await t.db
      .selectFrom('orgs')
      .select('path')
      .where('id', '=', tree.d1.id)
      .executeTakeFirstOrThrow();
    await recordAudit(
      t.db,
      {
        at: new Date('2026-11-20T16:30:05Z'), // 00:30:05 on 21 November in China
        userId: grant.userId,
        username: 'street',
        ip: null,
        userAgent: null,
        requestId: null,
        chainKey: t.app.deps.auditKey,
      },
      { action: 'roles.grant', objectType: 'role_grant', objectId: grant.id, orgPath: d1.path },
    );
    const list = await auditor({ method: 'GET', url: '/api/v1/audit', query: { action: 'roles.grant' } });
    const row = list.json().data[0];
    expect(row).toMatchObject({
      action: 'roles.grant',
      actionName: '授予角色',
      userName: 'street（street）',
      objectName: '角色授予 street（street）· 街道党工委书记 · 组织D1-S1',
      atChina: '2026-11-21 00:30:05',
    });
    const orgs = await auditor({ method: 'GET', url: '/api/v1/audit', query: { action: 'orgs.create' } });
    expect(orgs.json().data[0]).toMatchObject({ actionName: '新建组织', objectName: '组织 审计测试支部' });
    const login = await auditor({ method: 'GET', url: '/api/v1/audit', query: { action: 'auth.login' } });
    expect(login.json().data[0].actionName).toBe('登录');

    const csv = await auditor({
      method: 'GET',
      url: '/api/v1/audit/export',
      query: { action: 'roles.grant' },
    });
    const [header, line] = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(header?.startsWith('编号,时间（北京时间）,用户,角色,操作,对象,范围,结果')).toBe(true);
    const cells = line?.split(',') ?? [];
    expect(cells.slice(1, 3)).toEqual(['2026-11-21 00:30:05', 'street（street）']);
    expect(cells[4]).toBe('授予角色');
    expect(cells[5]).toBe('角色授予 street（street）· 街道党工委书记 · 组织D1-S1');
    expect(cells[7]).toBe('成功');
  });

  it('shows an auditor only the rows of organizations in scope', async () => {
    await insertUser(t.db, { username: 'aud2', orgId: tree.d2.id, role: 'audit_admin' });
    const other = await t.login('aud2');
    const res = await other({ method: 'GET', url: '/api/v1/audit', query: { action: 'orgs.create' } });
    expect(res.json().data).toHaveLength(0);
  });

  it('scope: audit rows of a sibling street or another district are invisible, a parent sees them', async () => {
    const c1 = await t.db
      .selectFrom('orgs')
      .select('path')
      .where('id', '=', tree.c1.id)
      .executeTakeFirstOrThrow();
    await recordAudit(
      t.db,
      {
        at: t.clock.now(),
        userId: null,
        username: null,
        ip: null,
        userAgent: null,
        requestId: null,
        chainKey: t.app.deps.auditKey,
      },
      { action: 'matrix.probe', orgPath: c1.path },
    );
    const expectations: [number, number][] = [
      [tree.c1.id, 1], // same
      [tree.s1.id, 1], // parent
      [tree.c2.id, 0], // sibling
      [tree.b1.id, 0], // child
      [tree.c3.id, 0], // other district
    ];
    for (const [orgId, count] of expectations) {
      const client = await clientWithRole(t, 'audit_admin', orgId);
      const res = await client({ method: 'GET', url: '/api/v1/audit', query: { action: 'matrix.probe' } });
      expect(res.json().data, `auditor at org ${orgId}`).toHaveLength(count);
    }
  });
});

describe('tamper evidence', () => {
  it('detects a row modified behind the application', async () => {
    const { rows } = await sql<{ id: number }>`select id from audit_log order by id limit 3`.execute(t.db);
    await t.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await sql`update audit_log set username = 'mallory' where id = ${rows[1].id}`.execute(trx);
    });
    const modified = await verifyAuditChain(t.db, { key: t.app.deps.auditKey });
    expect(modified).toMatchObject({ ok: false, brokenAt: { id: Number(rows[1].id), problem: 'modified' } });
    const res = await auditor({ method: 'GET', url: '/api/v1/audit/verify' });
    expect(res.json().data.ok).toBe(false);
  });

  it('detects a deleted row', async () => {
    const fresh = await buildTestApp();
    try {
      const d = await insertTwoDistricts(fresh.db);
      await insertUser(fresh.db, { username: 'xadmin', orgId: d.d1.id, role: 'district_admin' });
      for (let i = 0; i < 3; i++) await fresh.login('xadmin');
      const { rows } = await sql<{ id: number }>`select id from audit_log order by id`.execute(fresh.db);
      await fresh.db.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await sql`delete from audit_log where id = ${rows[1].id}`.execute(trx);
      });
      const report = await verifyAuditChain(fresh.db, { key: fresh.app.deps.auditKey });
      expect(report).toMatchObject({
        ok: false,
        brokenAt: { id: Number(rows[2].id), problem: 'link_broken' },
      });
    } finally {
      await fresh.close();
    }
  });
});

/** A log of `n` logins, and a checkpoint of it in the app's anchor file. */
async function loggedApp(n: number): Promise<TestApp> {
  const app = await buildTestApp();
  const d = await insertTwoDistricts(app.db);
  for (let i = 0; i < n; i++) {
    app.clock.advanceMinutes(1);
    await recordAudit(
      app.db,
      {
        at: app.clock.now(),
        userId: null,
        username: `u${i}`,
        roles: 'street_secretary',
        ip: '10.0.0.1',
        userAgent: 'test',
        requestId: null,
        chainKey: app.app.deps.auditKey,
      },
      {
        action: 'orgs.update',
        objectType: 'org',
        objectId: d.s1.id,
        orgPath: d.s1.path,
        detail: { n: i, z: { b: 1, a: [2.5, 'x'] } },
      },
    );
  }
  await writeAuditAnchor(app.db, app.app.deps.auditKey, app.config.auditAnchorFile, app.clock.now());
  return app;
}

const verifyWith = (app: TestApp) =>
  verifyAuditChain(app.db, {
    key: app.app.deps.auditKey,
    anchorFile: app.config.auditAnchorFile,
    batchSize: 7,
  });

describe('keyed chain and checkpoints (someone with database access)', () => {
  it('rows are signed by the application (HMAC, chain version 2), not by the database', async () => {
    const app = await loggedApp(2);
    try {
      const rows = await app.db.selectFrom('auditLog').select(['chainVersion', 'hash']).execute();
      expect(rows.every((r) => r.chainVersion === 2)).toBe(true);
      const { rows: unkeyed } = await sql<{ n: number }>`
        select count(*) as n from audit_log a where a.hash = audit_log_digest(a.prev_hash, a)`.execute(
        app.db,
      );
      expect(Number(unkeyed[0]!.n)).toBe(0);
      expect(await verifyWith(app)).toMatchObject({ ok: true, anchors: 1, brokenAt: null });
    } finally {
      await app.close();
    }
  });

  it('stays one chain when many transactions append at once (the database serializes the claims)', async () => {
    const app = await loggedApp(1);
    try {
      const ctx = (i: number) => ({
        at: app.clock.now(),
        userId: null,
        username: `p${i}`,
        ip: null,
        userAgent: null,
        requestId: null,
        chainKey: app.app.deps.auditKey,
      });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          app.db.transaction().execute(async (trx) => {
            await recordAudit(trx, ctx(i), { action: 'parallel.a' });
            await recordAudit(trx, ctx(i), { action: 'parallel.b' });
          }),
        ),
      );
      expect(await verifyWith(app)).toMatchObject({ ok: true, checked: 1 + 40 });
    } finally {
      await app.close();
    }
  });

  it('detects an edit made with triggers disabled and the chain recomputed with the in-database digest', async () => {
    const app = await loggedApp(12);
    try {
      const { rows } = await sql<{ id: number }>`select id from audit_log order by id`.execute(app.db);
      const target = Number(rows[4]!.id);
      const recompute = async (downgrade: boolean) =>
        app.db.transaction().execute(async (trx) => {
          await sql`set local session_replication_role = replica`.execute(trx);
          await sql`update audit_log set username = 'mallory' where id = ${target}`.execute(trx);
          if (downgrade) await sql`update audit_log set chain_version = 1`.execute(trx);
          // Recompute every hash from the edited row on, exactly as the old chain did.
          await sql`
            do $$
            declare r record; prev text;
            begin
              for r in select id from audit_log order by id loop
                update audit_log a
                   set prev_hash = coalesce(prev, repeat('0', 64)),
                       hash = audit_log_digest(coalesce(prev, repeat('0', 64)), a)
                 where a.id = r.id
                returning a.hash into prev;
              end loop;
            end $$`.execute(trx);
        });
      await recompute(false);
      expect(await verifyWith(app)).toMatchObject({
        ok: false,
        brokenAt: { id: rows[0]!.id, problem: 'modified' },
      });
      // Even with every row turned into an unkeyed one, the checkpoint outside the database shows it.
      await recompute(true);
      expect(await verifyAuditChain(app.db, { key: app.app.deps.auditKey })).toMatchObject({ ok: true });
      expect(await verifyWith(app)).toMatchObject({
        ok: false,
        brokenAt: { id: Number(rows.at(-1)!.id), problem: 'modified' },
      });
    } finally {
      await app.close();
    }
  });

  it('detects the last 50 rows deleted with triggers disabled (the rest of the chain is intact)', async () => {
    const app = await loggedApp(60);
    try {
      const { rows } = await sql<{ id: number }>`select id from audit_log order by id`.execute(app.db);
      await app.db.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await sql`delete from audit_log where id in (select id from audit_log order by id desc limit 50)`.execute(
          trx,
        );
      });
      expect(await verifyAuditChain(app.db, { key: app.app.deps.auditKey })).toMatchObject({ ok: true });
      expect(await verifyWith(app)).toMatchObject({
        ok: false,
        checked: rows.length - 50,
        brokenAt: { id: Number(rows.at(-1)!.id), problem: 'truncated' },
      });
      // The auditor's page says the same, and writes no checkpoint over the damage.
      await insertUser(app.db, {
        username: 'aud9',
        orgId: (await insertOrg(app.db, { code: 'AUD9' })).id,
        role: 'audit_admin',
      });
      const auditor = await app.login('aud9');
      const res = await auditor({ method: 'GET', url: '/api/v1/audit/verify' });
      expect(res.json().data).toMatchObject({ ok: false, brokenAt: { problem: 'truncated' } });
    } finally {
      await app.close();
    }
  });

  it('refuses a checkpoint file edited to hide the deletion', async () => {
    const app = await loggedApp(3);
    try {
      const file = app.config.auditAnchorFile;
      const [line] = fs.readFileSync(file, 'utf8').trim().split('\n');
      const forged = { ...JSON.parse(line!), count: 1 };
      fs.writeFileSync(file, `${JSON.stringify(forged)}\n`);
      expect(readAuditAnchors(app.app.deps.auditKey, file)).toEqual([{ line: 1, invalid: true }]);
      expect(await verifyWith(app)).toMatchObject({ ok: false, brokenAt: { problem: 'anchor_invalid' } });
    } finally {
      await app.close();
    }
  });
});
