import { rng } from '../../demo/demo-members.ts';
import type { DemoSeedContext } from '../../platform/module.ts';

/**
 * 两新 organizations of the demo district: every 两新 branch (code …-Nxx) covers its own company,
 * and each street has further companies covered jointly, attached, or not yet covered, some of
 * them with 3 or more full members (flagged by the rule).
 */
export async function seedDemoNewOrgs({ db, now, seed }: DemoSeedContext): Promise<void> {
  const r = rng(seed + 17);
  const streets = await db
    .selectFrom('orgs')
    .select(['id', 'code', 'name'])
    .where('level', '=', 'street')
    .where('kind', '!=', 'street_alliance_committee')
    .where('code', 'like', 'SFQ-__')
    .orderBy('code')
    .execute();
  const branches = await db
    .selectFrom('orgs')
    .select(['id', 'code', 'name', 'parentId', 'unitType'])
    .where('code', 'like', 'SFQ-__-N%')
    .orderBy('code')
    .execute();
  const rows = [];
  for (const b of branches) {
    const members = 3 + Math.floor(r() * 20);
    rows.push({
      orgId: b.parentId as number,
      code: `XL-${b.code.slice(4)}`,
      name: b.name.replace(/党支部$/, ''),
      kind: b.unitType === 'social_org' ? ('social_org' as const) : ('enterprise' as const),
      creditCode: null,
      employeeCount: 20 + Math.floor(r() * 400),
      memberCount: members,
      fullMemberCount: members - Math.floor(r() * 2),
      coverage: 'own' as const,
      coveringOrgId: b.id,
      instructorName: null,
      workCovered: true,
      createdAt: now,
      updatedAt: now,
    });
  }
  for (const s of streets) {
    const units = branches.filter((b) => b.code.startsWith(`${s.code}-`));
    for (let i = 0; i < 20; i++) {
      const roll = r();
      const coverage = roll < 0.45 ? 'joint' : roll < 0.7 ? 'attached' : 'none';
      const members = Math.floor(r() * (coverage === 'none' ? 5 : 3));
      const cover = units[Math.floor(r() * units.length)];
      rows.push({
        orgId: s.id,
        code: `XL-${s.code.slice(4)}-M${String(i + 1).padStart(2, '0')}`,
        name: `${s.name.slice(0, 2)}${['小微', '个体', '连锁', '文化', '家政'][i % 5]}${i % 4 === 3 ? '协会' : '有限公司'}${i + 1}`,
        kind: i % 4 === 3 ? ('social_org' as const) : ('enterprise' as const),
        creditCode: null,
        employeeCount: 5 + Math.floor(r() * 60),
        memberCount: members,
        fullMemberCount: members,
        coverage: coverage as 'joint' | 'attached' | 'none',
        coveringOrgId: coverage === 'none' || !cover ? null : cover.id,
        instructorName: r() < 0.5 ? `指导员${['王', '李', '张', '陈'][i % 4]}${i + 1}` : null,
        workCovered: false,
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  const valid = rows.map((row) => (row.coveringOrgId === null ? { ...row, coverage: 'none' as const } : row));
  for (let i = 0; i < valid.length; i += 500)
    await db
      .insertInto('newOrgs')
      .values(valid.slice(i, i + 500))
      .execute();
}
