import type { Executor } from '../../platform/db.ts';
import { probationEnd } from './member-checks.contract.ts';
import { getRule } from './rules.ts';

/**
 * 转正逾期: probationary members of a subtree whose probation (the rule in effect at the subtree's
 * root) ended before `today`, oldest first, with their organization. For supervision.
 */
export async function overdueConversions(db: Executor, rootPath: string, today: string, limit = 500) {
  const rule = (await getRule(db, 'members.probation', rootPath, today)).value;
  const rows = await db
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.orgId')
    .select(['m.id as memberId', 'm.name', 'm.orgId', 'o.name as orgName', 'm.joinedOn'])
    .where('o.path', 'like', `${rootPath}%`)
    .where('m.status', '=', 'probationary')
    // probationEnd(joinedOn) < today  ⇔  joinedOn < today − the probation's months
    .where('m.joinedOn', '<', probationEnd(today, { months: -rule.months }))
    .orderBy('m.joinedOn')
    .orderBy('m.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, probationEnd: probationEnd(r.joinedOn, rule) }));
}
