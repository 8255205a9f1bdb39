/** How the audit viewer names resident requests (manifest `auditObjects`): number and title. */
import { type AuditObjectNames, namesByNumericId } from '../../platform/module.ts';

export const serviceRequestsAuditObjects: Readonly<Record<string, AuditObjectNames>> = {
  service_request: {
    label: '民情诉求',
    names: namesByNumericId(async (db, ids) =>
      (
        await db
          .selectFrom('serviceRequests')
          .select(['id', 'code', 'title'])
          .where('id', 'in', ids)
          .execute()
      ).map((r) => ({ id: r.id, name: `${r.code} ${r.title}` })),
    ),
  },
};
