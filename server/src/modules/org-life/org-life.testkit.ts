import type { Db } from '../../platform/db.ts';

/**
 * A planned meeting written straight into the database under the default catalogue (tests only:
 * scope matrices and to-do lists need meetings without going through the planning route).
 */
export async function insertPlannedMeeting(
  db: Db,
  orgId: number,
  over: Partial<{ typeCode: string; topic: string; plannedOn: string; place: string | null; at: Date }> = {},
): Promise<number> {
  const catalogue = await db
    .selectFrom('orgLifeCatalogues')
    .select('id')
    .where('profile', '=', 'default')
    .executeTakeFirstOrThrow();
  const at = over.at ?? new Date('2026-11-20T00:00:00Z');
  const { id } = await db
    .insertInto('orgLifeMeetings')
    .values({
      orgId,
      typeCode: over.typeCode ?? 'committee_meeting',
      catalogueId: catalogue.id,
      topic: over.topic ?? '矩阵测试',
      plannedOn: over.plannedOn ?? '2026-11-25',
      place: over.place ?? null,
      hostName: '主持',
      recorderName: '记录',
      // Not held, recorded, signed or inspected yet: those columns stay empty.
      filedBy: 1,
      filedAt: at,
      updatedAt: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
