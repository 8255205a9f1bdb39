/** How the audit viewer names accounts and role grants (manifest `auditObjects`). */
import { type AuditObjectNames, namesByNumericId } from '../../platform/module.ts';
import { ROLE_LABELS } from '../../platform/permissions.ts';

export const accountsAuditObjects: Readonly<Record<string, AuditObjectNames>> = {
  user: {
    label: '账号',
    names: namesByNumericId(async (db, ids) =>
      (
        await db
          .selectFrom('users')
          .select(['id', 'username', 'displayName'])
          .where('id', 'in', ids)
          .execute()
      ).map((u) => ({ id: u.id, name: `${u.displayName}（${u.username}）` })),
    ),
  },
  role_grant: {
    label: '角色授予',
    names: namesByNumericId(async (db, ids) =>
      (
        await db
          .selectFrom('roleGrants as g')
          .innerJoin('users as u', 'u.id', 'g.userId')
          .innerJoin('orgs as o', 'o.id', 'g.orgId')
          .select(['g.id', 'g.role', 'u.displayName', 'u.username', 'o.name as orgName'])
          .where('g.id', 'in', ids)
          .execute()
      ).map((g) => ({
        id: g.id,
        name: `${g.displayName}（${g.username}）· ${ROLE_LABELS[g.role]['zh-CN']} · ${g.orgName}`,
      })),
    ),
  },
};
