import { type Kysely, sql } from 'kysely';

/**
 * Every organization-owned row carries its organization id (issue 19, ADR 0015): the sharding
 * column a Citus deployment would distribute by. It lives in the orgs migrations because the
 * platform has no migration folder of its own.
 *
 * - Rows whose owner is another column of the same row get `org_id` as a stored generated column
 *   (dual-reporting registrations and projects: the community; transfers: the organization the
 *   member leaves; registration conflicts: the requested organization).
 * - Child rows (attendance of a meeting, steps of a request, …) get `org_id` copied from their parent
 *   row: backfilled set-based here, then kept by triggers so module code does not change:
 *   a BEFORE INSERT (or UPDATE of the parent key) trigger fills it from the parent when it is null,
 *   and an AFTER UPDATE OF org_id trigger on the parent (only rows whose org changed) carries a move
 *   down to the children, so child.org_id = parent.org_id always holds.
 * - NOT NULL wherever the parent key is NOT NULL. No new indexes: child rows are reached through
 *   their parent's key; the Citus step turns primary keys into (org_id, id) (ADR 0015).
 */
// Frozen once merged.

/** child table, parent table, parent key column, in parent-before-child order. */
const CHILDREN: [string, string, string][] = [
  ['member_status_history', 'members', 'member_id'],
  ['member_notices', 'members', 'member_id'],
  ['org_life_attendance', 'org_life_meetings', 'meeting_id'],
  ['org_life_resolutions', 'org_life_meetings', 'meeting_id'],
  ['org_life_attachments', 'org_life_meetings', 'meeting_id'],
  ['org_life_amendments', 'org_life_meetings', 'meeting_id'],
  ['org_life_inspections', 'org_life_meetings', 'meeting_id'],
  ['org_life_leave_requests', 'org_life_meetings', 'meeting_id'],
  ['service_request_photos', 'service_requests', 'request_id'],
  ['service_request_events', 'service_requests', 'request_id'],
  ['service_request_notifications', 'service_requests', 'request_id'],
  ['service_request_visits', 'service_requests', 'request_id'],
  ['open311_request_details', 'service_requests', 'request_id'],
  ['service_center_rooms', 'service_centers', 'center_id'],
  ['room_bookings', 'service_center_rooms', 'room_id'],
  ['proposal_events', 'proposals', 'proposal_id'],
  ['proposal_supports', 'proposals', 'proposal_id'],
  ['proposal_comments', 'proposals', 'proposal_id'],
  ['proposal_meetings', 'proposals', 'proposal_id'],
  ['proposal_tasks', 'proposals', 'proposal_id'],
  ['proposal_feedback', 'proposals', 'proposal_id'],
  ['proposal_submission_keys', 'proposals', 'proposal_id'],
  ['dual_reporting_members', 'dual_reporting_units', 'unit_id'],
  ['dual_reporting_services', 'dual_reporting_members', 'registration_id'],
  ['co_building_meeting_units', 'co_building_meetings', 'meeting_id'],
  ['co_building_issues', 'co_building_meetings', 'meeting_id'],
  ['co_building_activity_units', 'co_building_activities', 'activity_id'],
  ['volunteer_team_members', 'volunteer_teams', 'team_id'],
  ['volunteer_signups', 'volunteer_activities', 'activity_id'],
  ['responsibility_signatures', 'responsibility_lists', 'list_id'],
  ['responsibility_progress', 'responsibility_items', 'item_id'],
  ['responsibility_attachments', 'responsibility_progress', 'progress_id'],
  ['inspection_inspectors', 'inspection_campaigns', 'campaign_id'],
  ['rectification_events', 'rectification_items', 'item_id'],
  ['rectification_interview_findings', 'rectification_interviews', 'interview_id'],
  ['rectification_interview_notes', 'rectification_interviews', 'interview_id'],
  ['breakthrough_milestones', 'breakthrough_projects', 'project_id'],
  ['assessment_indicators', 'assessment_schemes', 'scheme_id'],
  ['development_steps', 'development_cases', 'case_id'],
  ['development_files', 'development_cases', 'case_id'],
  ['assessment_debriefing_ratings', 'assessment_debriefing_reports', 'report_id'],
];

/** table, the column of the same row naming its owning organization. */
const SAME_ROW: [string, string][] = [
  ['dual_reporting_units', 'community_org_id'],
  ['dual_reporting_projects', 'community_org_id'],
  ['member_transfers', 'from_org_id'],
  ['member_registration_conflicts', 'requested_org_id'],
  ['assessment_debriefings', 'host_org_id'],
];

const id = (name: string) => sql.id(name);
const raw = (text: string) => sql.raw(text);

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, source] of SAME_ROW) {
    await sql`alter table ${id(table)} add column org_id integer generated always as (${id(source)}) stored`.execute(
      db,
    );
  }
  const { rows: nullable } = await sql<{ tbl: string; col: string }>`
    select table_name as tbl, column_name as col from information_schema.columns
     where table_schema = current_schema() and is_nullable = 'YES'`.execute(db);
  const isNullable = new Set(nullable.map((r) => `${r.tbl}.${r.col}`));

  for (const [table, parent, key] of CHILDREN) {
    const fill = `${table}_org_id_from_parent`;
    await sql`alter table ${id(table)} add column org_id integer`.execute(db);
    await sql`update ${id(table)} c set org_id = p.org_id from ${id(parent)} p where p.id = c.${id(key)}`.execute(
      db,
    );
    if (!isNullable.has(`${table}.${key}`)) {
      await sql`alter table ${id(table)} alter column org_id set not null`.execute(db);
    }
    await sql`
      create function ${id(fill)}() returns trigger language plpgsql as ${raw(`$fn$
      begin
        if new.org_id is null or (tg_op = 'UPDATE' and new.${key} is distinct from old.${key}) then
          select p.org_id into new.org_id from ${parent} p where p.id = new.${key};
        end if;
        return new;
      end $fn$`)}`.execute(db);
    await sql`create trigger ${id(`${table}_org_id`)} before insert or update of ${id(key)} on ${id(table)}
      for each row execute function ${id(fill)}()`.execute(db);
  }

  // Rectification evidence belongs to an item or to an inspection finding (one of them is set).
  await sql`
    alter table rectification_evidence add column org_id integer;
    update rectification_evidence e
       set org_id = coalesce((select i.org_id from rectification_items i where i.id = e.item_id),
                             (select f.org_id from inspection_findings f where f.id = e.finding_id));
    alter table rectification_evidence alter column org_id set not null;
    create function rectification_evidence_org_id_from_parent() returns trigger language plpgsql as $$
    begin
      if new.org_id is null or (tg_op = 'UPDATE' and (new.item_id is distinct from old.item_id
                                 or new.finding_id is distinct from old.finding_id)) then
        new.org_id := coalesce((select i.org_id from rectification_items i where i.id = new.item_id),
                               (select f.org_id from inspection_findings f where f.id = new.finding_id));
      end if;
      return new;
    end $$;
    create trigger rectification_evidence_org_id before insert or update of item_id, finding_id
      on rectification_evidence for each row execute function rectification_evidence_org_id_from_parent();
  `.execute(db);

  // A parent moving to another organization takes its children along (only rows whose org changed).
  const byParent = new Map<string, [string, string][]>();
  for (const [table, parent, key] of CHILDREN) {
    byParent.set(parent, [...(byParent.get(parent) ?? []), [table, key]]);
  }
  for (const [parent, children] of byParent) {
    const source = SAME_ROW.find(([t]) => t === parent)?.[1] ?? 'org_id';
    const body = children
      .map(([table, key]) => `update ${table} set org_id = new.org_id where ${key} = new.id;`)
      .join('\n        ');
    const cascade = `${parent}_org_id_to_children`;
    await sql`
      create function ${id(cascade)}() returns trigger language plpgsql as ${raw(`$fn$
      begin
        ${body}
        return null;
      end $fn$`)}`.execute(db);
    await sql`create trigger ${id(cascade)} after update of ${id(source)} on ${id(parent)}
      for each row when (old.${raw(source)} is distinct from new.${raw(source)})
      execute function ${id(cascade)}()`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  const parents = new Set(CHILDREN.map(([, parent]) => parent));
  for (const parent of parents) {
    await sql`drop trigger ${id(`${parent}_org_id_to_children`)} on ${id(parent)}`.execute(db);
    await sql`drop function ${id(`${parent}_org_id_to_children`)}()`.execute(db);
  }
  for (const [table] of [...CHILDREN, ['rectification_evidence']]) {
    await sql`drop trigger ${id(`${table}_org_id`)} on ${id(table)}`.execute(db);
    await sql`drop function ${id(`${table}_org_id_from_parent`)}()`.execute(db);
    await sql`alter table ${id(table)} drop column org_id`.execute(db);
  }
  for (const [table] of SAME_ROW) {
    await sql`alter table ${id(table)} drop column org_id`.execute(db);
  }
}
