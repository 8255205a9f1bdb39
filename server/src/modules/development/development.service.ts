import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';

/** Step 1's record: the application (入党申请书) received on `appliedOn`. */
export async function recordApplication(
  trx: Executor,
  caseId: number,
  appliedOn: string,
  actorId: number | null,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('developmentSteps')
    .values({
      caseId,
      step: 1,
      doneOn: appliedOn,
      record: '入党申请书',
      detail: '{}',
      actorId,
      createdAt: now,
    })
    .execute();
}

/**
 * The people of these cases become probationary members of the register (the approval step,
 * 上级党委审批): one member record each, carrying the case's identity, joined on the day of the
 * branch assembly, with its status history; the case keeps the member's id, so the person is one
 * record from application to conversion. Set-based: one statement for any number of cases.
 * `approvedOn` is the approval date of each case (same order as `caseIds`).
 */
export async function admitMembers(
  trx: Executor,
  cases: { caseIds: number[]; approvedOn: string[] },
  actorId: number | null,
  now: Date,
): Promise<Map<number, number>> {
  if (cases.caseIds.length === 0) return new Map();
  const { rows } = await sql<{ caseId: number; memberId: number }>`
    with c as (
      select d.id, d.org_id, d.name, d.gender, d.birth_date, d.id_number_enc, d.id_number_hash,
             d.id_number_masked, coalesce(d.assembly_on, a.approved_on) as joined_on, a.approved_on
        from unnest(${cases.caseIds}::int[], ${cases.approvedOn}::date[]) as a (case_id, approved_on)
        join development_cases d on d.id = a.case_id
       where d.member_id is null
    ), ins as (
      insert into members (org_id, user_id, name, gender, ethnicity, birth_date, id_number_enc, id_number_hash,
                           id_number_masked, phone_enc, phone_hash, phone_masked, address_enc, education,
                           work_unit, position, joined_on, full_on, category, status, status_since, import_id,
                           created_at, updated_at)
      select c.org_id, null, c.name, c.gender, null, c.birth_date, c.id_number_enc, c.id_number_hash,
             c.id_number_masked, null, null, null, null, null, null, null, c.joined_on, null, 'in_service',
             'probationary', c.joined_on, null, ${now}, ${now}
        from c
      returning id, id_number_hash
    ), hist as (
      insert into member_status_history (member_id, status, since, reason, actor_id, at)
      select ins.id, 'probationary', c.joined_on,
             '发展党员：支部大会 ' || c.joined_on::text || ' 通过，上级党委 ' || c.approved_on::text || ' 批准为预备党员',
             ${actorId}, ${now}
        from ins join c on c.id_number_hash = ins.id_number_hash
    )
    update development_cases d set member_id = ins.id
      from ins join c on c.id_number_hash = ins.id_number_hash
     where d.id = c.id
    returning d.id as "caseId", d.member_id as "memberId"`.execute(trx);
  return new Map(rows.map((r) => [r.caseId, r.memberId]));
}
