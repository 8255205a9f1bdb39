import { describe, expect, it } from 'vitest';
import { insertOrg, testCrypto } from '../../../test/app.ts';
import { memberBody, serverKit } from '../../../test/kit.ts';
import { runCrossScopeMatrix } from '../../../test/scope.ts';
import { hasInternalProvenance } from '../../platform/provenance.contract.ts';
import { conversionOverdue, joinAgeProblem, probationEnd, setupAdvice } from './member-checks.contract.ts';
import { insertMember, nextIdNumber } from './members.testkit.ts';

const { t, tree, district, branch } = serverKit({
  district: { org: 'd1', role: 'district_admin', username: 'r_district' },
  branch: { org: 'b1', role: 'branch_secretary', username: 'r_branch' },
});

const body = (over: Record<string, unknown> = {}) =>
  memberBody('李四', nextIdNumber('19850315'), { education: 'bachelor', ...over });

describe('age at joining (members.join_age)', () => {
  it('is one function: under 18 on the day refused, 18 on the birthday accepted', () => {
    const rule = { minAge: 18 };
    expect(joinAgeProblem('2003-09-01', '2020-07-01', rule)).toContain('入党时 16 周岁');
    expect(joinAgeProblem('2002-07-01', '2020-07-01', rule)).toBeNull();
    expect(joinAgeProblem('2002-07-02', '2020-07-01', rule)).toContain('17 周岁');
    // By year only: refuses what is under age whatever the days, never tells the birthday.
    expect(joinAgeProblem('2002-07-02', '2020-07-01', rule, 'year')).toBeNull();
    expect(joinAgeProblem('2003-01-01', '2020-12-31', rule, 'year')).toContain('未满 18 周岁');
  });

  it('refuses a member who joined at 16 through the API, naming the rule', async () => {
    const res = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/members`,
      payload: body({ idNumber: nextIdNumber('20030901'), joinedOn: '2020-07-01', fullOn: '2021-07-01' }),
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.fields.joinedOn).toContain('年满 18 周岁');
    const ok = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/members`,
      payload: body({ idNumber: nextIdNumber('20020601'), joinedOn: '2020-07-01', fullOn: '2021-07-01' }),
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('follows a newer version of the rule for the place', async () => {
    await t.db
      .insertInto('ruleSettings')
      .values({
        key: 'members.join_age',
        orgId: tree.b1.id,
        version: 1,
        effectiveFrom: '2026-01-01',
        source: '测试：本地版本',
        value: JSON.stringify({ minAge: 19 }),
      })
      .execute();
    const res = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/members`,
      payload: body({ idNumber: nextIdNumber('20011001'), joinedOn: '2020-07-01', fullOn: '2021-07-01' }),
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.fields.joinedOn).toContain('年满 19 周岁');
    await t.db.deleteFrom('ruleSettings').where('orgId', '=', tree.b1.id).execute();
  });

  it('refuses moving a join date under age on edit (by year, no birthday revealed)', async () => {
    const id = await insertMember(t.db, testCrypto, tree.b1.id, {
      birthDate: '2000-05-05',
      joinedOn: '2020-07-01',
    });
    const res = await branch({
      method: 'PATCH',
      url: `/api/v1/members/${id}`,
      payload: { joinedOn: '2017-07-01', fullOn: '2018-07-01' },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.fields.joinedOn).toContain('未满 18 周岁');
  });
});

describe('probation end and overdue conversion (members.probation)', () => {
  it('computes the end from the join date, clamping month ends', () => {
    expect(probationEnd('2025-07-01', { months: 12 })).toBe('2026-07-01');
    expect(probationEnd('2024-02-29', { months: 12 })).toBe('2025-02-28');
    expect(
      conversionOverdue({ status: 'probationary', joinedOn: '2024-03-01' }, '2026-11-21', { months: 12 }),
    ).toBe(true);
    expect(conversionOverdue({ status: 'full', joinedOn: '2024-03-01' }, '2026-11-21', { months: 12 })).toBe(
      false,
    );
  });

  it('shows the end on the record and lists overdue conversions of the branch', async () => {
    const late = await insertMember(t.db, testCrypto, tree.b1.id, {
      name: '逾期预备',
      status: 'probationary',
      joinedOn: '2024-03-01',
    });
    const current = await insertMember(t.db, testCrypto, tree.b1.id, {
      name: '在期预备',
      status: 'probationary',
      joinedOn: '2026-06-01',
    });
    const detail = await branch({ method: 'GET', url: `/api/v1/members/${late}` });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().data).toMatchObject({ probationEnd: '2025-03-01', conversionOverdue: true });
    const cur = (await branch({ method: 'GET', url: `/api/v1/members/${current}` })).json().data;
    expect(cur).toMatchObject({ probationEnd: '2027-06-01', conversionOverdue: false });
    const list = await branch({
      method: 'GET',
      url: '/api/v1/members',
      query: { orgId: String(tree.b1.id), conversionOverdue: 'true' },
    });
    expect(list.statusCode, list.body).toBe(200);
    const ids = list.json().data.map((m: { id: number }) => m.id);
    expect(ids).toContain(late);
    expect(ids).not.toContain(current);
    expect(list.json().page.total).toBe(ids.length);
  });
});

describe('organization setup advice (orgs.setup)', () => {
  const rule = { branchMinFull: 3, committeeMinFull: 7, branchMax: 50, generalBranchAbove: 50 };
  it('says what the setup rules say for a branch of each size', () => {
    expect(setupAdvice('branch', { full: 2, all: 2 }, rule).map((a) => a.code)).toEqual(['too_few']);
    expect(setupAdvice('branch', { full: 6, all: 6 }, rule).map((a) => a.code)).toEqual(['no_committee']);
    expect(setupAdvice('branch', { full: 7, all: 8 }, rule).map((a) => a.code)).toEqual(['committee']);
    expect(setupAdvice('branch', { full: 50, all: 51 }, rule).map((a) => a.code)).toEqual([
      'committee',
      'too_many',
    ]);
    expect(setupAdvice('general_branch', { full: 20, all: 30 }, rule).map((a) => a.code)).toEqual([
      'general_branch_small',
    ]);
    expect(setupAdvice('general_branch', { full: 60, all: 60 }, rule)).toEqual([]);
  });
});

describe('organization setup advice on the organization page (GET /orgs/:id/setup-advice)', () => {
  it('says in words what the rule of the place says for the branch, with the source in words', async () => {
    const small = await insertOrg(t.db, { code: 'ADV-SMALL', parentId: tree.c1.id, kind: 'branch' });
    for (let i = 0; i < 2; i++) await insertMember(t.db, testCrypto, small.id, {});
    await insertMember(t.db, testCrypto, small.id, { status: 'probationary', joinedOn: '2026-03-01' });
    const res = await district({ method: 'GET', url: `/api/v1/orgs/${small.id}/setup-advice` });
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json().data;
    expect(data.counts).toEqual({ full: 2, all: 3 });
    expect(data.items.map((a: { code: string }) => a.code)).toEqual(['too_few']);
    expect(data.items[0].text).toContain('不足 3 人');
    expect(data.rule.source).toContain('《中国共产党支部工作条例（试行）》');
    expect(hasInternalProvenance(data.rule.source)).toBe(false);
    // A place's own version changes the advice from its effective date.
    await t.db
      .insertInto('ruleSettings')
      .values({
        key: 'orgs.setup',
        orgId: tree.c1.id,
        version: 1,
        effectiveFrom: '2020-01-01',
        source: '本社区试点（L）',
        value: JSON.stringify({
          branchMinFull: 2,
          committeeMinFull: 2,
          branchMax: 50,
          generalBranchAbove: 50,
        }),
      })
      .execute();
    const again = (await district({ method: 'GET', url: `/api/v1/orgs/${small.id}/setup-advice` })).json()
      .data;
    expect(again.items.map((a: { code: string }) => a.code)).toEqual(['committee']);
    expect(again.rule.source).toBe('本社区试点');
  });

  it('is scoped: an organization out of scope is 404', async () => {
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: async (orgId) => orgId,
      read: { route: 'GET /api/v1/orgs/:id/setup-advice' },
    });
  });
});

describe('member export', () => {
  it('titles a district-wide export 党员名册, not 党员党员名册', async () => {
    const res = await district({
      method: 'POST',
      url: '/api/v1/members/export',
      payload: { format: 'xlsx' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const name = decodeURIComponent(String(res.headers['content-disposition']).split("''")[1]);
    expect(name).toBe('党员名册.xlsx');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(String(wb.worksheets[0]!.getCell(1, 1).value)).toBe('党员名册');
    const own = await branch({
      method: 'POST',
      url: '/api/v1/members/export',
      payload: { format: 'csv', orgId: tree.b1.id },
    });
    const b1 = await t.db
      .selectFrom('orgs')
      .select('name')
      .where('id', '=', tree.b1.id)
      .executeTakeFirstOrThrow();
    expect(decodeURIComponent(String(own.headers['content-disposition']).split("''")[1])).toBe(
      `${b1.name}党员名册.csv`,
    );
  });
});
