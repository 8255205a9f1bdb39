/** How the audit viewer names members (manifest `auditObjects`): the name only, never a number. */
import { type AuditObjectNames, namesByNumericId } from '../../platform/module.ts';

export const membersAuditObjects: Readonly<Record<string, AuditObjectNames>> = {
  member: {
    label: '党员',
    names: namesByNumericId((db, ids) =>
      db.selectFrom('members').select(['id', 'name']).where('id', 'in', ids).execute(),
    ),
  },
};
