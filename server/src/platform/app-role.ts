import { sql } from 'kysely';
import type { Db } from './db.ts';

/** Tables the application may read and append to, never change: the audit log and the migration list. */
const APPEND_ONLY = ['audit_log'];
const READ_ONLY = ['kysely_migration', 'kysely_migration_lock'];

export function assertRoleName(role: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role))
    throw new Error(`角色名不合法: ${role}（小写字母、数字、下划线）`);
}

/**
 * The SQL that makes `role` the application's PostgreSQL role (docs/security.md): it can log in,
 * read and write the business tables, only read and insert the audit log, and owns nothing, so it
 * cannot disable or drop a trigger, replace the chain functions, set session_replication_role or
 * rewrite the migration list. Run by the owner of the schema (who also runs the migrations); the
 * default privileges give the role the same rights on tables that later migrations create.
 * Idempotent.
 */
export function appRoleStatements(role: string, database: string): string[] {
  assertRoleName(role);
  const db = `"${database.replaceAll('"', '""')}"`;
  return [
    `do $$ begin
       if not exists (select 1 from pg_roles where rolname = '${role}') then
         create role ${role} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls noinherit;
       end if;
     end $$`,
    `alter role ${role} nosuperuser nocreatedb nocreaterole noreplication nobypassrls`,
    `grant connect, temporary on database ${db} to ${role}`,
    `revoke create on schema public from ${role}`,
    `grant usage on schema public to ${role}`,
    `grant select, insert, update, delete on all tables in schema public to ${role}`,
    `grant usage, select on all sequences in schema public to ${role}`,
    `alter default privileges in schema public grant select, insert, update, delete on tables to ${role}`,
    `alter default privileges in schema public grant usage, select on sequences to ${role}`,
    `revoke update, delete, truncate, references, trigger on ${APPEND_ONLY.join(', ')} from ${role}`,
    `revoke insert, update, delete, truncate, references, trigger on ${READ_ONLY.join(', ')} from ${role}`,
  ];
}

/** Create (if needed) and grant the application role in the connected database, as its owner. */
export async function grantAppRole(db: Db, role: string): Promise<void> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  await db.transaction().execute(async (trx) => {
    for (const statement of appRoleStatements(role, rows[0]!.name)) await sql.raw(statement).execute(trx);
  });
}
