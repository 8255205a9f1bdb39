import { type Kysely, sql } from 'kysely';

/**
 * 请假: a member asks, with a reason, to be excused from a planned meeting of their branch or
 * 党小组; the secretary approves or declines it. One request per member and meeting (asking again
 * after a decline or a withdrawal reuses the row).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('org_life_leave_requests')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('meeting_id', 'integer', (c) =>
      c.notNull().references('org_life_meetings.id').onDelete('cascade'),
    )
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('member_name', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'approved', 'declined', 'withdrawn')`),
    )
    .addColumn('requested_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_comment', 'text')
    .addUniqueConstraint('org_life_leave_requests_meeting_member', ['meeting_id', 'member_id'])
    .execute();
  await db.schema
    .createIndex('org_life_leave_requests_member')
    .on('org_life_leave_requests')
    .column('member_id')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('org_life_leave_requests').execute();
}
