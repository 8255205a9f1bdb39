import { hashPassword } from '../modules/accounts/passwords.ts';
import type { OrgKind, OrgLevel, UnitType } from '../modules/orgs/orgs.contract.ts';
import type { FieldCrypto } from '../platform/crypto.ts';
import type { Db } from '../platform/db.ts';
import type { Role } from '../platform/permissions.ts';

/** Password of every demo account; accepted only while demo mode is on. */
export const DEMO_PASSWORD = 'Demo#2026';

export const DEMO_ACCOUNTS: readonly { username: string; displayName: string; role: Role; at: DemoAnchor }[] =
  [
    { username: 'district', displayName: '区委组织部 王组织', role: 'district_admin', at: 'district' },
    { username: 'street', displayName: '中山街道党工委 李书记', role: 'street_secretary', at: 'street' },
    {
      username: 'community',
      displayName: '朝阳社区党委 张书记',
      role: 'community_secretary',
      at: 'community',
    },
    { username: 'branch', displayName: '第一网格党支部 陈书记', role: 'branch_secretary', at: 'branch' },
    { username: 'member', displayName: '党员 刘红', role: 'member', at: 'branch' },
    { username: 'resident', displayName: '居民 赵明', role: 'resident', at: 'community' },
    { username: 'sysadmin', displayName: '系统管理员', role: 'system_admin', at: 'district' },
    { username: 'secadmin', displayName: '安全管理员', role: 'security_admin', at: 'district' },
    { username: 'auditor', displayName: '审计管理员', role: 'audit_admin', at: 'district' },
    // A second officer of the department: an unmasked export needs another person's approval.
    { username: 'approver', displayName: '区委组织部 周审核', role: 'district_admin', at: 'district' },
    // Community governance on a phone: the grid worker of 朝阳社区第一网格 and a resident unit's liaison.
    { username: 'grid', displayName: '第一网格 网格员 孙网格', role: 'grid_worker', at: 'branch' },
    { username: 'unit', displayName: '中山供电所 共建联络员 吴联络', role: 'unit_liaison', at: 'unit' },
  ];

type DemoAnchor = 'district' | 'street' | 'community' | 'branch' | 'unit';

const STREETS = [
  '中山',
  '解放',
  '和平',
  '新华',
  '胜利',
  '人民',
  '建设',
  '光明',
  '东风',
  '朝晖',
  '友谊',
  '红旗',
  '长江',
];
const COMMUNITY_WORDS = [
  '朝阳',
  '幸福',
  '花园',
  '春晖',
  '翠苑',
  '锦绣',
  '明珠',
  '金桥',
  '丽景',
  '康乐',
  '文昌',
  '福寿',
  '绿洲',
  '映月',
  '兴隆',
  '和谐',
  '星光',
  '海棠',
  '桂香',
  '安居',
  '长青',
  '东湖',
  '西溪',
  '南苑',
];
const UNIT_BRANCHES: readonly [string, UnitType][] = [
  ['街道机关', 'agency'],
  ['社区卫生服务中心', 'public_institution'],
  ['第一小学', 'public_institution'],
  ['供电所', 'state_enterprise'],
  ['科技有限公司', 'non_public_enterprise'],
  ['物业服务有限公司', 'non_public_enterprise'],
  ['社会工作服务中心', 'social_org'],
  ['农贸市场', 'market'],
  ['商务楼宇', 'office_building'],
  ['商圈', 'business_district'],
];

const NEW_ORG_WORDS = [
  '华信',
  '恒达',
  '瑞丰',
  '博远',
  '智联',
  '宏图',
  '启航',
  '嘉禾',
  '鼎盛',
  '易通',
  '同创',
  '众合',
  '天成',
  '普惠',
  '安信',
  '青禾',
  '云帆',
];
const NEW_ORG_SUFFIXES = [
  '科技有限公司',
  '建设工程有限公司',
  '商贸有限公司',
  '物流有限公司',
  '信息技术有限公司',
  '餐饮管理有限公司',
];

interface OrgSeed {
  code: string;
  name: string;
  kind: OrgKind;
  level: OrgLevel | null;
  unitType: UnitType | null;
  children?: OrgSeed[];
}

/** The demo tree: 13 streets, about 140 communities and villages, grids, buildings and unit branches. */
export function demoTree(): OrgSeed {
  const streets: OrgSeed[] = STREETS.map((s, si) => {
    const isTown = s === '长江';
    const code = `SFQ-${String(si + 1).padStart(2, '0')}`;
    const communityCount = 10 + (si % 3);
    const communities: OrgSeed[] = Array.from({ length: communityCount }, (_, ci) => {
      const ccode = `${code}-${String(ci + 1).padStart(2, '0')}`;
      const word = COMMUNITY_WORDS[(si * 7 + ci) % COMMUNITY_WORDS.length];
      const grids: OrgSeed[] = Array.from({ length: 4 }, (_, gi) => ({
        code: `${ccode}-G${gi + 1}`,
        name: `${word}${isTown ? '村' : '社区'}第${'一二三四'[gi]}网格党支部`,
        kind: 'branch',
        level: 'grid',
        unitType: null,
        children: Array.from({ length: 2 }, (_, bi) => ({
          code: `${ccode}-G${gi + 1}-B${bi + 1}`,
          name: `${gi * 2 + bi + 1}号楼党小组`,
          kind: 'group' as const,
          level: 'building' as const,
          unitType: null,
        })),
      }));
      return {
        code: ccode,
        name: `${word}${isTown ? '村' : '社区'}党委`,
        kind: 'committee',
        level: 'community',
        unitType: null,
        children: grids,
      };
    });
    const units: OrgSeed[] = UNIT_BRANCHES.map(([unitName, unitType], ui) => ({
      code: `${code}-U${String(ui + 1).padStart(2, '0')}`,
      name: `${s}${unitName}党支部`,
      kind: 'branch',
      level: null,
      unitType,
    }));
    // 两新 organizations with their own party branch (about 30 per street): with the grid and unit
    // branches the district has about 1,100 branches, like the source reports.
    const newOrgBranches: OrgSeed[] = Array.from({ length: 30 }, (_, ni) => {
      const social = ni % 5 === 4;
      return {
        code: `${code}-N${String(ni + 1).padStart(2, '0')}`,
        name: `${s}${NEW_ORG_WORDS[(si * 11 + ni) % NEW_ORG_WORDS.length]}${social ? '社会服务中心' : NEW_ORG_SUFFIXES[ni % NEW_ORG_SUFFIXES.length]}党支部`,
        kind: 'branch',
        level: null,
        unitType: social ? 'social_org' : 'non_public_enterprise',
      };
    });
    return {
      code,
      name: `${s}${isTown ? '镇党委' : '街道党工委'}`,
      kind: isTown ? 'committee' : 'working_committee',
      level: 'street',
      unitType: null,
      children: [
        {
          code: `${code}-DGW`,
          name: `${s}${isTown ? '镇' : '街道'}大工委`,
          kind: 'street_alliance_committee',
          level: 'street',
          unitType: null,
        },
        ...communities,
        ...units,
        ...newOrgBranches,
      ],
    };
  });
  return {
    code: 'SFQ',
    name: '示范区委',
    kind: 'committee',
    level: 'district',
    unitType: null,
    children: streets,
  };
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * The demo tree level by level (breadth-first), each organization with its parent's code: the
 * order in which `buildDemoDistrict` inserts them, so a fresh database numbers them 1, 2, 3, …
 */
export function demoTreeLevels(): { seed: OrgSeed; parentCode: string | null }[][] {
  const levels: { seed: OrgSeed; parentCode: string | null }[][] = [];
  let level: { seed: OrgSeed; parentCode: string | null }[] = [{ seed: demoTree(), parentCode: null }];
  while (level.length > 0) {
    levels.push(level);
    level = level.flatMap(({ seed }) =>
      (seed.children ?? []).map((child) => ({ seed: child, parentCode: seed.code })),
    );
  }
  return levels;
}

/**
 * The demo branches as a fresh database numbers them (ids in insertion order): what the member
 * generator needs to know before the tree is written (start-up generates members meanwhile).
 */
export function expectedDemoBranches(): { id: number; level: OrgLevel | null; unitType: UnitType | null }[] {
  return demoTreeLevels()
    .flat()
    .map(({ seed }, i) => ({ id: i + 1, kind: seed.kind, level: seed.level, unitType: seed.unitType }))
    .filter((o) => o.kind === 'branch')
    .map(({ id, level, unitType }) => ({ id, level, unitType }));
}

/** Build the demo district and one demo account per role. Deterministic: same tree every time. */
export async function buildDemoDistrict(db: Db, crypto: FieldCrypto, now: Date): Promise<void> {
  // argon2 hashes on a thread of its own: start it while the tree goes in.
  const hashing = hashPassword(DEMO_PASSWORD);
  hashing.catch(() => {}); // awaited below; a failure surfaces there
  await db.transaction().execute(async (trx) => {
    const ids = new Map<string, number>();
    // Breadth-first so that every parent exists before its children.
    let sort = 0;
    for (const level of demoTreeLevels()) {
      for (let i = 0; i < level.length; i += 500) {
        const batch = level.slice(i, i + 500);
        const rows = await trx
          .insertInto('orgs')
          .values(
            batch.map(({ seed, parentCode }) => ({
              parentId: parentCode === null ? null : ids.get(parentCode)!,
              code: seed.code,
              name: seed.name,
              shortName: null,
              kind: seed.kind,
              level: seed.level,
              unitType: seed.unitType,
              establishedOn: '2018-07-01',
              closedOn: null,
              closedReason: null,
              sortOrder: sort++,
              createdAt: now,
              updatedAt: now,
            })),
          )
          .returning(['id', 'code'])
          .execute();
        for (const r of rows) ids.set(r.code, r.id);
      }
    }
    const anchors: Record<DemoAnchor, number> = {
      district: ids.get('SFQ')!,
      street: ids.get('SFQ-01')!,
      community: ids.get('SFQ-01-01')!,
      branch: ids.get('SFQ-01-01-G1')!,
      unit: ids.get('SFQ-01-U04')!,
    };
    const passwordHash = await hashing;
    for (const [i, account] of DEMO_ACCOUNTS.entries()) {
      const phone = `1380000${String(i + 1).padStart(4, '0')}`;
      const { id } = await trx
        .insertInto('users')
        .values({
          username: account.username,
          displayName: account.displayName,
          phoneHash: crypto.blindIndex(phone),
          phoneEnc: crypto.encrypt(phone),
          homeOrgId: anchors[account.at],
          passwordHash,
          passwordChangedAt: now,
          totpSecretEnc: null,
          totpLastStep: null,
          lockedUntil: null,
          disabledAt: null,
          lastLoginAt: null,
          isDemo: true,
          createdAt: now,
          updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('roleGrants')
        .values({
          userId: id,
          role: account.role,
          orgId: anchors[account.at],
          grantedBy: null,
          grantedAt: now,
          revokedAt: null,
          revokedBy: null,
        })
        .execute();
    }
  });
}

export async function hasDemoAccounts(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('isDemo', '=', true)
    .where('disabledAt', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
