import { sql } from 'kysely';
import type { DemoSeedContext } from '../../platform/module.ts';
import { localDate } from '../work-calendar/index.ts';

/**
 * A term for every committee of the demo district, set-based: start dates spread over the last
 * five years by id (communities 5 years, branches 3), so some terms are due (within six months of
 * the end), a few overdue (every 23rd started a year earlier), most fine; one branch election
 * under way and one community election in its preparation (checklist half done).
 */
/** The branch (or community committee) of the district whose term ends first. */
function firstEnding(db: DemoSeedContext['db'], districtPath: string, which: 'branch' | 'community') {
  let q = db
    .selectFrom('orgs as o')
    .innerJoin('orgTerms as t', 't.orgId', 'o.id')
    .select(['o.id', 'o.path'])
    .where('o.path', 'like', `${districtPath}%`);
  q = which === 'branch' ? q.where('o.kind', '=', 'branch') : q.where('o.level', '=', 'community');
  return q.orderBy('t.endsOn').executeTakeFirst();
}

export async function seedElectionsDemo({ db, now }: DemoSeedContext): Promise<void> {
  const district = await db
    .selectFrom('orgs')
    .select(['id', 'path'])
    .where('code', '=', 'SFQ')
    .executeTakeFirst();
  if (!district) return;
  const today = localDate(now);
  await sql`
    insert into org_terms (org_id, org_path, started_on, length_years, ends_on, rule_version, created_at)
    select o.id, o.path, s.started_on, s.len, (s.started_on + make_interval(years => s.len))::date, '2021.1', ${now}
      from orgs o
      cross join lateral (select
        case when o.level = 'community' or o.kind = 'committee' then 5 else 3 end as len) l
      cross join lateral (select l.len,
        (${today}::date - make_interval(days => ((o.id * 97) % (l.len * 365 - 30))::int)
           - case when o.id % 23 = 0 then interval '1 year' else interval '0' end)::date as started_on) s
     where o.path like ${`${district.path}%`}
       and o.status = 'active'
       and o.kind in ('committee', 'general_branch', 'branch')
  `.execute(db);
  const branch = await firstEnding(db, district.path, 'branch');
  if (!branch) return;
  await db
    .insertInto('elections')
    .values({
      orgId: branch.id,
      orgPath: branch.path,
      status: 'approved',
      seats: 5,
      reason: '任期届满，按期换届',
      plannedOn: today,
      checklist: JSON.stringify({ survey: true, rectification: true, talks: true }),
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  // a community election: preparation checklist half done, the committee's term ending first
  const community = await firstEnding(db, district.path, 'community');
  if (!community) return;
  await db
    .insertInto('elections')
    .values({
      orgId: community.id,
      orgPath: community.path,
      status: 'requested',
      seats: 7,
      reason: '社区党组织任期即将届满，申请按期换届',
      plannedOn: today,
      checklist: JSON.stringify({ survey: true, talks: true }),
      createdAt: now,
      updatedAt: now,
    })
    .execute();
}
