/** How the audit viewer names organizations (manifest `auditObjects`). */
import { type AuditObjectNames, namesByNumericId } from '../../platform/module.ts';

export const orgsAuditObjects: Readonly<Record<string, AuditObjectNames>> = {
  org: {
    label: '组织',
    names: namesByNumericId((db, ids) =>
      db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids).execute(),
    ),
  },
};
