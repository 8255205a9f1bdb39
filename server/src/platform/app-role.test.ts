import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildTestApp, insertTwoDistricts, insertUser } from '../../test/app.ts';
import { createTestDatabase, TEST_BACKEND } from '../../test/db.ts';
import { verifyAuditChain } from '../modules/audit/index.ts';
import { modules } from '../modules/index.ts';
import { grantAppRole } from './app-role.ts';
import { openDatabase } from './db.ts';
import { migrateToLatest } from './migrate.ts';

const ROLE = 'jiceng_app_test';

// The embedded engine has no roles (one superuser session): there the keyed chain and the
// checkpoints outside the database are the protection (ADR 0011).
describe.skipIf(TEST_BACKEND !== 'postgres')('the application role on PostgreSQL', () => {
  it('writes business data and appends audit rows, but cannot change, delete or unprotect the log', async () => {
    const owner = await createTestDatabase();
    await grantAppRole(owner.db, ROLE);
    await grantAppRole(owner.db, ROLE); // idempotent
    const url = new URL(owner.url!);
    url.username = ROLE;
    const app = await openDatabase({ databaseUrl: url.toString(), poolSize: 3 });
    try {
      const { rows: who } = await sql<{ user: string; superuser: string }>`
        select current_user as user, current_setting('is_superuser') as superuser`.execute(app.db);
      expect(who[0]).toEqual({ user: ROLE, superuser: 'off' });
      const { rows: owned } = await sql<{ n: number }>`
        select count(*) as n from pg_class c join pg_roles r on r.oid = c.relowner
         where r.rolname = ${ROLE}`.execute(owner.db);
      expect(Number(owned[0]!.n)).toBe(0);
      // Nothing pending: starting the app as this role needs no DDL.
      expect(await migrateToLatest(app.db, modules)).toEqual([]);

      // The real app over the role's connection: a login and an organization created, both audited.
      const tree = await insertTwoDistricts(owner.db);
      await insertUser(owner.db, { username: 'street', orgId: tree.s1.id, role: 'street_secretary' });
      const t = await buildTestApp({ database: app });
      try {
        const street = await t.login('street');
        const created = await street({
          method: 'POST',
          url: `/api/v1/orgs/${tree.c1.id}/children`,
          payload: { code: 'ROLE-1', name: '角色测试支部', kind: 'branch', level: 'grid' },
        });
        expect(created.statusCode, created.body).toBe(201);
        const actions = await app.db.selectFrom('auditLog').select('action').execute();
        expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.login', 'orgs.create']));
        expect(await verifyAuditChain(app.db, { key: t.app.deps.auditKey })).toMatchObject({ ok: true });
      } finally {
        await t.close();
      }

      const refused: [string, RegExp][] = [
        [`update audit_log set username = 'mallory'`, /permission denied/],
        ['delete from audit_log', /permission denied/],
        ['truncate audit_log', /permission denied/],
        ['alter table audit_log disable trigger all', /must be owner/],
        ['alter table audit_log disable trigger audit_log_no_update', /must be owner/],
        ['drop trigger audit_log_no_update on audit_log', /must be owner/],
        [
          `create or replace function audit_log_chain() returns trigger language plpgsql as $$ begin return new; end $$`,
          /must be owner|permission denied/,
        ],
        ['set session_replication_role = replica', /permission denied/],
        [`delete from kysely_migration`, /permission denied/],
        ['create table intruder (id int)', /permission denied/],
      ];
      for (const [statement, error] of refused) {
        await expect(sql.raw(statement).execute(app.db), statement).rejects.toThrow(error);
      }
    } finally {
      await app.close();
      await owner.close();
    }
  }, 120_000);
});
