/** How the audit viewer names meetings (manifest `auditObjects`). */
import { type AuditObjectNames, namesByNumericId } from '../../platform/module.ts';

export const orgLifeAuditObjects: Readonly<Record<string, AuditObjectNames>> = {
  org_life_meeting: {
    label: '组织生活会议',
    names: namesByNumericId(async (db, ids) =>
      (
        await db
          .selectFrom('orgLifeMeetings')
          .select(['id', 'topic', 'plannedOn'])
          .where('id', 'in', ids)
          .execute()
      ).map((m) => ({ id: m.id, name: `${m.topic}（${m.plannedOn}）` })),
    ),
  },
};
