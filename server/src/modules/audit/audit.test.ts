import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  type Client,
  insertTwoDistricts,
  insertUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../test/app.ts';
import { clientWithRole, type ScopeTree } from '../../../test/scope.ts';
import { verifyAuditChain } from './audit.service.ts';

let t: TestApp;
let tree: ScopeTree;
let auditor: Client;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await insertTwoDistricts(t.db);
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
afterAll(() => t.close());

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
    const report = await verifyAuditChain(t.db);
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
    const exported = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'audit.export')
      .execute();
    expect(exported).toHaveLength(1);
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
    await sql`insert into audit_log (at, action, outcome, org_path) values (now(), 'matrix.probe', 'success', ${c1.path})`.execute(
      t.db,
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
    const modified = await verifyAuditChain(t.db);
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
      const report = await verifyAuditChain(fresh.db);
      expect(report).toMatchObject({
        ok: false,
        brokenAt: { id: Number(rows[2].id), problem: 'link_broken' },
      });
    } finally {
      await fresh.close();
    }
  });
});
