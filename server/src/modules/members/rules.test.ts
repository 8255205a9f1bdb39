import { describe, expect, it } from 'vitest';
import { type Client, testCrypto } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { runCrossScopeMatrix } from '../../../test/scope.ts';
import { hasInternalProvenance } from '../../platform/provenance.contract.ts';
import { today } from './members.service.ts';
import { insertMember, nextIdNumber } from './members.testkit.ts';
import { getRule } from './rules.ts';

const { t, tree, district, community, relogin } = serverKit({
  district: { org: 'd1', role: 'district_admin', username: 'r_district' },
  community: { org: 'c1', role: 'community_secretary', username: 'r_community' },
});

/** Move the clock by whole days; sessions time out meanwhile, so sign in again. */
async function advanceDays(days: number) {
  t.clock.advanceDays(days);
  await relogin();
}

const day = (offset = 0) => today(new Date(t.clock.now().getTime() + offset * 86_400_000));
const DEFAULT_CATEGORIES = [
  { code: 'in_service', label: '在职党员' },
  { code: 'retired', label: '离退休党员' },
  { code: 'mobile', label: '流动党员' },
  { code: 'elderly_sick', label: '年老体弱党员' },
  { code: 'student', label: '学生党员' },
  { code: 'farmer', label: '农民党员' },
  { code: 'unemployed', label: '下岗失业党员' },
  { code: 'other', label: '其他' },
];
const post = (client: Client, orgId: number, payload: Record<string, unknown>) =>
  client({ method: 'POST', url: `/api/v1/orgs/${orgId}/member-rules`, payload });
const rulesOf = async (client: Client, orgId: number) => {
  const res = await client({ method: 'GET', url: `/api/v1/orgs/${orgId}/member-rules` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data as {
    canManage: boolean;
    today: string;
    rules: {
      key: string;
      version: number;
      value: unknown;
      source: string;
      own: boolean;
      from: { id: number; name: string } | null;
      upcoming: { version: number; effectiveFrom: string }[];
    }[];
  };
};
const birthdays = async (orgId: number, client = community) => {
  const res = await client({ method: 'GET', url: `/api/v1/orgs/${orgId}/party-birthdays` });
  expect(res.statusCode, res.body).toBe(200);
  return { basis: res.json().basis, days: res.json().days };
};

describe('member rules: reading', () => {
  it('shows each rule in effect with its version, source and where it comes from', async () => {
    const data = await rulesOf(district, tree.s1.id);
    expect(data.canManage).toBe(true);
    expect(data.today).toBe(day());
    expect(data.rules.map((r) => r.key)).toEqual([
      'members.categories',
      'members.party_birthday',
      'members.transfer_letter',
      'new_orgs.own_org_threshold',
      'members.join_age',
      'members.probation',
      'orgs.setup',
      'members.education_synonyms',
    ]);
    for (const r of data.rules) {
      // The source in words: no status letters (V/S/L/U), no reference tags ([P19]).
      expect(hasInternalProvenance(r.source), r.source).toBe(false);
      expect(r.source.length, r.key).toBeGreaterThan(4);
      expect(r.from).toBeNull();
      expect(r.own).toBe(false);
      expect(r.version).toBe(1);
    }
    expect(data.rules[0].value).toEqual(DEFAULT_CATEGORIES);
    // Whoever reads members reads the rules; only members.configure may add versions.
    expect((await rulesOf(community, tree.c1.id)).canManage).toBe(false);
  });

  it('keeps reads and new versions inside the caller’s scope (out of scope is 404)', async () => {
    let n = 0;
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: async (orgId) => orgId,
      read: { route: 'GET /api/v1/orgs/:id/member-rules' },
    });
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: async (orgId) => orgId,
      read: { route: 'GET /api/v1/orgs/:id/member-rules/history', query: { key: 'members.categories' } },
    });
    await runCrossScopeMatrix(t, tree, {
      role: 'district_admin',
      home: 's1',
      create: async (orgId) => orgId,
      update: {
        route: 'POST /api/v1/orgs/:id/member-rules',
        payload: () => {
          n += 1;
          return {
            key: 'members.transfer_letter',
            effectiveFrom: day(100 + n),
            source: '范围测试用的依据',
            value: { validDays: 30 + n },
          };
        },
      },
      unchanged: async (orgId) => {
        const rows = await t.db
          .selectFrom('ruleSettings')
          .select('id')
          .where('orgId', '=', Number(orgId))
          .where('key', '=', 'members.transfer_letter')
          .where('effectiveFrom', '>', day(100))
          .execute();
        // Only the allowed callers (same, parent) wrote versions for S1.
        expect(rows.length).toBeLessThanOrEqual(2);
      },
    });
    // Visible but not permitted: a community secretary cannot add versions.
    const res = await post(community, tree.c1.id, {
      key: 'members.transfer_letter',
      effectiveFrom: day(),
      source: '社区自行调整',
      value: { validDays: 60 },
    });
    expect(res.statusCode).toBe(403);
    const other = await post(district, tree.c3.id, {
      key: 'members.transfer_letter',
      effectiveFrom: day(),
      source: '其他区的组织',
      value: { validDays: 60 },
    });
    expect(other.statusCode).toBe(404);
  });
});

describe('member rules: validation', () => {
  const base = { effectiveFrom: '', source: '区委组织部会议决定' };
  const errorsOf = async (payload: Record<string, unknown>, orgId = tree.s2.id) => {
    const res = await post(district, orgId, { ...base, effectiveFrom: day(), ...payload });
    // Schema errors answer 400, checks in the service 422: both name the field.
    expect([400, 422], res.body).toContain(res.statusCode);
    return res.json().error as { message: string; fields: Record<string, string> };
  };

  it('names the field in Chinese for every rule', async () => {
    const categories = (extra: { code: string; label: string }) => ({
      key: 'members.categories',
      value: [...DEFAULT_CATEGORIES, extra],
    });
    const letter = { key: 'members.transfer_letter', value: { validDays: 45 } };
    /** A refused version, the field its message stands under (`*`: any field) and what it says. */
    const cases: { payload: Record<string, unknown>; field: string; is?: string; has?: string[] }[] = [
      {
        payload: categories({ code: 'retired', label: '退休党员' }),
        field: 'value.8.code',
        has: ['类别编码', '重复'],
      },
      {
        payload: categories({ code: 'veteran', label: 'Veteran' }),
        field: 'value.8.label',
        has: ['类别名称', '中文'],
      },
      {
        payload: categories({ code: 'veteran', label: '  ' }),
        field: 'value.8.label',
        is: '类别名称不能为空',
      },
      {
        payload: categories({ code: '退役', label: '退役军人党员' }),
        field: 'value.8.code',
        has: ['类别编码'],
      },
      { payload: categories({ code: 'other2', label: '其他' }), field: 'value.8.label', has: ['重复'] },
      {
        payload: { key: 'members.party_birthday', value: { basis: 'joined', windowDays: 0 } },
        field: 'value.windowDays',
        is: '提前提醒天数不能小于 1',
      },
      {
        payload: { key: 'members.party_birthday', value: { basis: 'joined', windowDays: 400 } },
        field: 'value.windowDays',
        is: '提前提醒天数不能大于 90',
      },
      {
        payload: { key: 'members.party_birthday', value: { basis: 'born', windowDays: 30 } },
        field: 'value.basis',
        has: ['政治生日依据'],
      },
      {
        payload: { key: 'members.transfer_letter', value: { validDays: 1000 } },
        field: 'value.validDays',
        has: ['介绍信有效天数'],
      },
      {
        payload: { key: 'new_orgs.own_org_threshold', value: { minFullMembers: 0 } },
        field: 'value.minFullMembers',
        is: '正式党员人数不能小于 1',
      },
      {
        payload: { key: 'members.join_age', value: { minAge: 12 } },
        field: 'value.minAge',
        is: '入党最低年龄不能小于 14',
      },
      {
        payload: { key: 'members.probation', value: { months: 0 } },
        field: 'value.months',
        is: '预备期月数不能小于 1',
      },
      {
        payload: {
          key: 'orgs.setup',
          value: { branchMinFull: 5, committeeMinFull: 3, branchMax: 50, generalBranchAbove: 50 },
        },
        field: 'value.committeeMinFull',
        has: ['设立支部委员会的正式党员人数', '不能少于成立党支部的正式党员人数（5）'],
      },
      {
        payload: {
          key: 'members.education_synonyms',
          value: [
            { label: '大专', education: 'college' },
            { label: '大专', education: 'bachelor' },
          ],
        },
        field: 'value.1.label',
        has: ['重复'],
      },
      {
        payload: { key: 'members.education_synonyms', value: [{ label: '夜大', education: 'evening' }] },
        field: 'value.0.education',
        has: ['学历'],
      },
      { payload: { ...letter, source: undefined }, field: 'source', is: '依据或原因为必填项' },
      {
        payload: { ...letter, effectiveFrom: day(-1) },
        field: 'effectiveFrom',
        has: ['生效日期不能早于今天'],
      },
      {
        payload: { ...letter, effectiveFrom: '2027-02-30' },
        field: 'effectiveFrom',
        is: '生效日期不是有效的日期',
      },
      { payload: { key: 'members.dues', value: {} }, field: '*', has: ['规则'] },
      { payload: { ...letter, orgId: tree.s1.id }, field: '*', has: ['不允许提交的字段'] },
    ];
    for (const { payload, field, is, has } of cases) {
      const { fields } = await errorsOf(payload);
      const message = field === '*' ? Object.values(fields).join() : fields[field];
      const where = `${String(payload.key)} → ${field}: ${JSON.stringify(fields)}`;
      if (is !== undefined) expect(message, where).toBe(is);
      for (const part of has ?? []) expect(message, where).toContain(part);
    }

    const inherit = await errorsOf({ key: 'members.party_birthday', value: null });
    expect(inherit.fields.value).toContain('已经沿用上级规则');
    // Nothing was written.
    const rows = await t.db.selectFrom('ruleSettings').select('id').where('orgId', '=', tree.s2.id).execute();
    expect(rows).toHaveLength(0);
  });

  it('refuses to drop a category members still use, naming it and the head count', async () => {
    await insertMember(t.db, testCrypto, tree.c2.id, { category: 'farmer' });
    await insertMember(t.db, testCrypto, tree.c2.id, { category: 'farmer' });
    await insertMember(t.db, testCrypto, tree.c2.id, { category: 'farmer', status: 'transferred_out' });
    const without = DEFAULT_CATEGORIES.filter((c) => c.code !== 'farmer');
    const res = await post(district, tree.s1.id, {
      key: 'members.categories',
      effectiveFrom: day(),
      source: '街道不再单列农民党员',
      value: without,
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.fields.value).toContain('农民党员（farmer）2 人');
    // A place below with its own list keeps its members: C2 keeps farmers in its own list.
    const own = await post(district, tree.c2.id, {
      key: 'members.categories',
      effectiveFrom: day(),
      source: '社区保留农民党员类别',
      value: DEFAULT_CATEGORIES.slice(0, 6),
    });
    expect(own.statusCode, own.body).toBe(201);
    const ok = await post(district, tree.s1.id, {
      key: 'members.categories',
      effectiveFrom: day(),
      source: '街道不再单列农民党员',
      value: without,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const again = await post(district, tree.s1.id, {
      key: 'members.categories',
      effectiveFrom: day(),
      source: '重复提交同一清单',
      value: without,
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.fields.value).toContain('无需新增版本');
    // …but C2 cannot go back to the street's list while farmers are registered there.
    const back = await post(district, tree.c2.id, {
      key: 'members.categories',
      effectiveFrom: day(),
      source: '恢复沿用街道清单',
      value: null,
    });
    expect(back.statusCode, back.body).toBe(422);
    expect(back.json().error.fields.value).toContain('农民党员（farmer）2 人');
  });
});

describe('member rules: versions over time', () => {
  it('a new version applies from its effective date, not before, and never edits old ones', async () => {
    expect(await birthdays(tree.c1.id)).toEqual({ basis: 'joined', days: 30 });
    const res = await post(district, tree.s1.id, {
      key: 'members.party_birthday',
      effectiveFrom: day(10),
      source: '中山街道党工委2026年第12次会议：政治生日按转正日期',
      value: { basis: 'full', windowDays: 60 },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json().data;
    expect(created).toMatchObject({
      version: 1,
      scheduled: true,
      inEffect: false,
      org: { id: tree.s1.id },
      value: { basis: 'full', windowDays: 60 },
    });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'objectId', 'orgPath'])
      .where('action', '=', 'members.configure')
      .where('objectId', '=', String(created.id))
      .executeTakeFirstOrThrow();
    expect(audit.orgPath).toBe(tree.s1.path);

    const before = await rulesOf(community, tree.c1.id);
    const pb = before.rules.find((r) => r.key === 'members.party_birthday');
    expect(pb).toMatchObject({ own: false, from: null, upcoming: [{ version: 1, effectiveFrom: day(10) }] });
    expect(await birthdays(tree.c1.id)).toEqual({ basis: 'joined', days: 30 });

    await advanceDays(9);
    expect(await birthdays(tree.c1.id)).toEqual({ basis: 'joined', days: 30 });
    await advanceDays(1);
    expect(await birthdays(tree.c1.id)).toEqual({ basis: 'full', days: 60 });
    expect(await birthdays(tree.s2.id, district)).toEqual({ basis: 'joined', days: 30 });
    const after = await rulesOf(community, tree.c1.id);
    expect(after.rules.find((r) => r.key === 'members.party_birthday')).toMatchObject({
      own: false,
      from: { id: tree.s1.id },
      upcoming: [],
    });

    // A later version for day +30, then one for day +5: the +5 one replaces it (it never applies).
    const v2 = await post(district, tree.s1.id, {
      key: 'members.party_birthday',
      effectiveFrom: day(30),
      source: '拟将提醒提前到 90 天',
      value: { basis: 'full', windowDays: 90 },
    });
    expect(v2.statusCode, v2.body).toBe(201);
    const v3 = await post(district, tree.s1.id, {
      key: 'members.party_birthday',
      effectiveFrom: day(5),
      source: '改为 45 天，取代第 2 版',
      value: { basis: 'full', windowDays: 45 },
    });
    expect(v3.statusCode, v3.body).toBe(201);
    const back = await post(district, tree.s1.id, {
      key: 'members.party_birthday',
      effectiveFrom: day(40),
      source: '恢复执行全区统一规定',
      value: null,
    });
    expect(back.statusCode, back.body).toBe(201);
    expect(back.json().data).toMatchObject({ version: 4, value: null });

    await advanceDays(5);
    expect(await birthdays(tree.c1.id)).toEqual({ basis: 'full', days: 45 });
    await advanceDays(30);
    expect(await birthdays(tree.c1.id)).toEqual({ basis: 'full', days: 45 });
    await advanceDays(5);
    expect(await birthdays(tree.c1.id)).toEqual({ basis: 'joined', days: 30 });

    const history = await community({
      method: 'GET',
      url: `/api/v1/orgs/${tree.c1.id}/member-rules/history`,
      query: { key: 'members.party_birthday' },
    });
    expect(history.statusCode, history.body).toBe(200);
    const rows = history.json().data as {
      version: number;
      org: { id: number } | null;
      value: unknown;
      inEffect: boolean;
      replaced: boolean;
    }[];
    expect(rows.map((r) => [r.org?.id ?? null, r.version, r.inEffect, r.replaced])).toEqual([
      [tree.s1.id, 4, false, false],
      [tree.s1.id, 3, false, false],
      [tree.s1.id, 2, false, true],
      [tree.s1.id, 1, false, false],
      [null, 1, true, false],
    ]);
    expect(rows[0].value).toBeNull();
    // Old versions are untouched rows.
    const stored = await t.db
      .selectFrom('ruleSettings')
      .select(['version', 'effectiveFrom'])
      .where('orgId', '=', tree.s1.id)
      .where('key', '=', 'members.party_birthday')
      .orderBy('version')
      .execute();
    expect(stored.map((r) => r.version)).toEqual([1, 2, 3, 4]);
  });

  it('a category added for a street is offered to its members from that day, not elsewhere', async () => {
    const street = await rulesOf(district, tree.s1.id);
    const current = street.rules[0].value as { code: string; label: string }[];
    const res = await post(district, tree.s1.id, {
      key: 'members.categories',
      effectiveFrom: day(1),
      source: '街道党工委决定单列退役军人党员',
      value: [...current, { code: 'veteran', label: '退役军人党员' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const member = (orgId: number) =>
      district({
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/members`,
        payload: {
          name: '王退役',
          idNumber: nextIdNumber('19700101'),
          education: 'bachelor',
          joinedOn: '1995-07-01',
          fullOn: '1996-07-01',
          category: 'veteran',
          status: 'full',
        },
      });
    const early = await member(tree.c1.id);
    expect(early.statusCode, early.body).toBe(422);
    await advanceDays(1);
    const categories = await district({
      method: 'GET',
      url: '/api/v1/member-categories',
      query: { orgId: String(tree.c1.id) },
    });
    expect(categories.json().data.items.map((c: { code: string }) => c.code)).toContain('veteran');
    expect((await member(tree.c1.id)).statusCode).toBe(201);
    expect((await member(tree.s2.id)).statusCode).toBe(422);
    const rule = await getRule(t.db, 'members.categories', tree.s2.path, day());
    expect(rule.orgId).toBeNull();
  });

  it('the member rules of issue 13 are versioned like the others and apply from their day', async () => {
    const ruleOf = async (key: string, orgId = tree.c1.id) =>
      (await rulesOf(district, orgId)).rules.find((r) => r.key === key);
    const cases = [
      ['members.join_age', { minAge: 18 }, { minAge: 20 }],
      ['members.probation', { months: 12 }, { months: 18 }],
      [
        'orgs.setup',
        { branchMinFull: 3, committeeMinFull: 7, branchMax: 50, generalBranchAbove: 50 },
        { branchMinFull: 3, committeeMinFull: 5, branchMax: 40, generalBranchAbove: 40 },
      ],
    ] as const;
    for (const [key, before, after] of cases) {
      expect((await ruleOf(key))?.value, key).toEqual(before);
      const res = await post(district, tree.s1.id, {
        key,
        effectiveFrom: day(1),
        source: '街道党工委试点决定',
        value: after,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().data).toMatchObject({
        key,
        version: 1,
        scheduled: true,
        source: '街道党工委试点决定',
      });
      expect(
        (await ruleOf(key))?.upcoming.map((u) => u.version),
        key,
      ).toEqual([1]);
    }
    const synonyms = (await ruleOf('members.education_synonyms'))?.value as { label: string }[];
    const res = await post(district, tree.s1.id, {
      key: 'members.education_synonyms',
      effectiveFrom: day(1),
      source: '本街道花名册用语',
      value: [...synonyms, { label: '电大', education: 'college' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    await advanceDays(1);
    expect((await ruleOf('members.join_age'))?.value).toEqual({ minAge: 20 });
    expect((await ruleOf('members.probation'))?.value).toEqual({ months: 18 });
    expect((await ruleOf('orgs.setup'))?.from?.id).toBe(tree.s1.id);
    const after = (await ruleOf('members.education_synonyms'))?.value as { label: string }[] | undefined;
    expect(after?.at(-1)?.label).toBe('电大');
    // What the services read follows too; another street keeps the default.
    expect((await getRule(t.db, 'members.join_age', tree.b1.path, day())).value.minAge).toBe(20);
    expect((await getRule(t.db, 'members.join_age', tree.s2.path, day())).value.minAge).toBe(18);
    expect((await getRule(t.db, 'orgs.setup', tree.c1.path, day())).value.committeeMinFull).toBe(5);
    // Every version is kept in the history, with its source.
    const history = await district({
      method: 'GET',
      url: `/api/v1/orgs/${tree.c1.id}/member-rules/history`,
      query: { key: 'members.probation' },
    });
    expect(history.json().data.map((v: { version: number; source: string }) => v.version)).toEqual([1, 1]);
  });

  it('the 两新 threshold of a place changes from its effective date', async () => {
    const threshold = async (orgId: number) => {
      const data = await rulesOf(district, orgId);
      const rule = data.rules.find((r) => r.key === 'new_orgs.own_org_threshold');
      return (rule?.value as { minFullMembers: number } | undefined)?.minFullMembers;
    };
    const res = await post(district, tree.d1.id, {
      key: 'new_orgs.own_org_threshold',
      effectiveFrom: day(2),
      source: '试行：正式党员2人以上的两新组织单独建立党组织',
      value: { minFullMembers: 2 },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await threshold(tree.c1.id)).toBe(3);
    await advanceDays(2);
    expect(await threshold(tree.c1.id)).toBe(2);
    expect(
      (await getRule(t.db, 'new_orgs.own_org_threshold', tree.c3.path, day())).value.minFullMembers,
    ).toBe(3);
    expect(
      (await getRule(t.db, 'new_orgs.own_org_threshold', tree.b1.path, day())).value.minFullMembers,
    ).toBe(2);
  });
});
