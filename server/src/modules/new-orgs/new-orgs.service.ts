import { sql } from 'kysely';
import type { Executor } from '../../platform/db.ts';
import { getRule } from '../members/index.ts';

export const COVERAGE_LABELS = {
  own: '单独建',
  joint: '联合建',
  attached: '挂靠建',
  none: '未覆盖',
} as const;
export const KIND_LABELS = { enterprise: '非公有制企业', social_org: '社会组织' } as const;

/**
 * Coverage of a subtree, counted over the registry (a few thousand rows at most, so counted on
 * the fly): organizational coverage = has a covering party organization (own, joint or attached);
 * work coverage = covered, or an instructor assigned, or party work recorded. The "≥ N full
 * members must have its own organization" threshold is a versioned rule.
 */
export async function coverageOf(db: Executor, orgPath: string, today: string) {
  const rule = await getRule(db, 'new_orgs.own_org_threshold', orgPath, today);
  const min = rule.value.minFullMembers;
  const { rows } = await sql<{
    kind: 'enterprise' | 'social_org';
    total: number;
    orgCovered: number;
    workCovered: number;
    needsOwn: number;
  }>`
    select n.kind,
           count(*)::int as total,
           (count(*) filter (where n.coverage <> 'none'))::int as org_covered,
           (count(*) filter (where n.coverage <> 'none' or n.instructor_name is not null or n.work_covered))::int as work_covered,
           (count(*) filter (where n.full_member_count >= ${min} and n.coverage <> 'own'))::int as needs_own
      from new_orgs n join orgs o on o.id = n.org_id
     where o.path like ${`${orgPath}%`}
     group by n.kind`.execute(db);
  const byKind = (['enterprise', 'social_org'] as const).map((kind) => {
    const r = rows.find((x) => x.kind === kind);
    const total = r?.total ?? 0;
    const rate = (n: number) => (total ? Math.round((n / total) * 1000) / 10 : 0);
    return {
      kind,
      label: KIND_LABELS[kind],
      total,
      orgCovered: r?.orgCovered ?? 0,
      workCovered: r?.workCovered ?? 0,
      orgCoverageRate: rate(r?.orgCovered ?? 0),
      workCoverageRate: rate(r?.workCovered ?? 0),
      needsOwnOrg: r?.needsOwn ?? 0,
    };
  });
  return { rule: { version: rule.version, source: rule.source, minFullMembers: min }, byKind };
}
