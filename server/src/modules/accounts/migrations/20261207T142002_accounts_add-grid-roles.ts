import { type Kysely, sql } from 'kysely';

// Frozen once merged. Three grantable roles of community governance: 网格员 (grid_worker, on a
// grid), 楼栋长 (building_leader, on a building) and 共建单位联络员 (unit_liaison, on a resident
// unit's organization). Business roles (the 三员 trigger counts them as such).
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table role_grants drop constraint role_grants_role_check;
    alter table role_grants add constraint role_grants_role_check check (role in ('district_admin',
      'street_secretary', 'community_secretary', 'branch_secretary', 'member', 'resident',
      'system_admin', 'security_admin', 'audit_admin', 'grid_worker', 'building_leader', 'unit_liaison'));
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    update role_grants set revoked_at = now()
     where revoked_at is null and role in ('grid_worker', 'building_leader', 'unit_liaison');
    alter table role_grants drop constraint role_grants_role_check;
    alter table role_grants add constraint role_grants_role_check check (role in ('district_admin',
      'street_secretary', 'community_secretary', 'branch_secretary', 'member', 'resident',
      'system_admin', 'security_admin', 'audit_admin'));
  `.execute(db);
}
