import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  callerWith,
  checkAbilitiesAgree,
  LONG_SESSIONS,
  postOk,
} from '../../../test/actions.ts';
import { insertOrg, testCrypto } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import type { Role } from '../../platform/permissions.ts';
import { insertMember } from '../members/index.ts';
import { leaveActions, meetingActions } from './org-life.actions.ts';

/**
 * The meeting workflow and leave requests on their action tables: each record's `abilities` say
 * true exactly when the route succeeds, for every action, state and caller (server/test/actions.ts).
 */
const { t, tree } = serverKit({}, LONG_SESSIONS);
let sec: Caller;
let member: Caller;
let otherMember: Caller;
let street: Caller;
let farSecretary: Caller;
let groupMember: Caller;
let group: { id: number };
let onRoll: number[];

const caller = (name: string, username: string, orgId: number, role: Role) =>
  callerWith(t, name, username, { orgId, role });
const post = (client: Caller['client'], url: string, payload: Record<string, unknown> = {}) =>
  postOk(client, url, payload);

async function planned(plannedOn = '2026-11-25', orgId = tree.b1.id, typeCode = 'theme_day') {
  const res = await post(sec.client, `/orgs/${orgId}/meetings`, {
    typeCode,
    topic: '学习新党章',
    plannedOn,
    hostName: '陈书记',
    recorderName: '王委员',
  });
  return res.id as number;
}

const attendance = () => onRoll.map((memberId) => ({ memberId, status: 'present' as const }));
const recordBody = () => ({
  heldOn: '2026-11-20',
  minutes: '学习并讨论。',
  attendance: attendance(),
  resolutions: [],
});

beforeAll(async () => {
  t.clock.set('2026-11-21T09:00:00+08:00');
  group = await insertOrg(t.db, {
    code: 'D1-S1-C1-B1-G1',
    parentId: tree.b1.id,
    kind: 'group',
    level: 'grid',
  });
  sec = await caller('branch secretary', 'ol_sec', tree.b1.id, 'branch_secretary');
  member = await caller('member', 'ol_mem', tree.b1.id, 'member');
  otherMember = await caller('another member', 'ol_mem2', tree.b1.id, 'member');
  groupMember = await caller('group member', 'ol_gmem', group.id, 'member');
  street = await caller('street', 'ol_street', tree.s1.id, 'street_secretary');
  farSecretary = await caller('other district secretary', 'ol_far', tree.c3.id, 'branch_secretary');
  onRoll = [
    await insertMember(t.db, testCrypto, tree.b1.id, { name: '张党员', userId: member.actor.user.id }),
    await insertMember(t.db, testCrypto, tree.b1.id, { name: '李党员', userId: otherMember.actor.user.id }),
    await insertMember(t.db, testCrypto, group.id, { name: '赵党员', userId: groupMember.actor.user.id }),
    await insertMember(t.db, testCrypto, tree.b1.id, { name: '钱党员' }),
  ];
});

describe('member leave requests (请假)', () => {
  it('a member sees the next meeting, asks for leave; the secretary sees it and answers; the member sees the answer', async () => {
    const id = await planned('2026-11-28');
    // The member of the 党小组 sees the branch's meeting too; the secretary of another district does not.
    for (const who of [member, groupMember]) {
      const mine = await who.client({ method: 'GET', url: '/api/v1/org-life/mine' });
      expect(mine.statusCode, mine.body).toBe(200);
      const next = mine.json().data.upcoming.find((m: { id: number }) => m.id === id);
      expect(next, who.name).toMatchObject({
        topic: '学习新党章',
        plannedOn: '2026-11-28',
        myLeave: null,
      });
      expect(next.abilities.requestLeave).toBe(true);
    }
    const far = await farSecretary.client({ method: 'GET', url: `/api/v1/org-life/meetings/${id}` });
    expect(far.statusCode).toBe(404);
    const farLeave = await farSecretary.client({
      method: 'POST',
      url: `/api/v1/org-life/meetings/${id}/leave`,
      payload: { reason: '出差' },
    });
    expect(farLeave.statusCode).toBe(404);

    const noReason = await member.client({
      method: 'POST',
      url: `/api/v1/org-life/meetings/${id}/leave`,
      payload: { reason: '' },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields.reason).toContain('原因');

    const asked = await post(member.client, `/org-life/meetings/${id}/leave`, { reason: '在外地出差' });
    expect(asked.myLeave).toMatchObject({
      status: 'pending',
      reason: '在外地出差',
      memberName: '张党员',
    });
    expect(asked.abilities.requestLeave).toBe(false);
    expect(asked.myLeave.abilities).toEqual({ approve: false, decline: false, withdraw: true });
    // A member sees only their own request; the secretary sees every request, with what they may do.
    const other = await otherMember.client({ method: 'GET', url: `/api/v1/org-life/meetings/${id}` });
    expect(other.json().data.leaveRequests).toEqual([]);
    const seen = await sec.client({ method: 'GET', url: `/api/v1/org-life/meetings/${id}` });
    const [request] = seen.json().data.leaveRequests;
    expect(request).toMatchObject({ memberName: '张党员', reason: '在外地出差', status: 'pending' });
    expect(request.abilities).toEqual({ approve: true, decline: true, withdraw: false });
    // Another member cannot see or answer it.
    const peek = await otherMember.client({
      method: 'POST',
      url: `/api/v1/org-life/leave-requests/${request.id}/approve`,
      payload: {},
    });
    expect(peek.statusCode).toBe(403);

    await post(sec.client, `/org-life/leave-requests/${request.id}/approve`, { comment: '同意，请会后补学' });
    const answered = await member.client({ method: 'GET', url: '/api/v1/org-life/mine' });
    const next = answered.json().data.upcoming.find((m: { id: number }) => m.id === id);
    expect(next.myLeave).toMatchObject({ status: 'approved', decisionComment: '同意，请会后补学' });
    expect(next.abilities.requestLeave).toBe(false);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', 'in', ['org_life.leave_requested', 'org_life.leave_approved'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'org_life.leave_approved',
      'org_life.leave_requested',
    ]);
  });

  it('past meetings show what the member attended or missed and whether the minutes can be read', async () => {
    const id = await planned('2026-11-20');
    await post(sec.client, `/org-life/meetings/${id}/record`, {
      ...recordBody(),
      attendance: attendance().map((a, i) =>
        i === 0 ? { memberId: a.memberId, status: 'leave', reason: '出差' } : a,
      ),
    });
    const mine = await member.client({ method: 'GET', url: '/api/v1/org-life/mine' });
    const past = mine.json().data.past.find((m: { id: number }) => m.id === id);
    expect(past).toMatchObject({ myStatus: 'leave', myReason: '出差', minutesReadable: false });
    await post(sec.client, `/org-life/meetings/${id}/sign`);
    const signed = await member.client({ method: 'GET', url: '/api/v1/org-life/mine' });
    expect(signed.json().data.past.find((m: { id: number }) => m.id === id).minutesReadable).toBe(true);
    // Points name what they were for: the meeting's type, topic and date (not only when they were written).
    const points = await otherMember.client({
      method: 'GET',
      url: '/api/v1/points/me',
      query: { year: '2026' },
    });
    const entry = points.json().data[0].entries.find((e: { sourceId: string }) => e.sourceId === String(id));
    expect(entry).toMatchObject({ subject: '主题党日：学习新党章', forDate: '2026-11-20', points: 2 });
    const street2 = await street.client({ method: 'GET', url: '/api/v1/org-life/mine' });
    expect(street2.statusCode).toBe(403);
  });
});

describe('org-life action tables', () => {
  it('meeting abilities agree with the routes for every action, state and caller', async () => {
    const recorded = async () => {
      const id = await planned('2026-11-20');
      await post(sec.client, `/org-life/meetings/${id}/record`, recordBody());
      return id;
    };
    const signed = async () => {
      const id = await recorded();
      await post(sec.client, `/org-life/meetings/${id}/sign`);
      return id;
    };
    const withLeave = async () => {
      const id = await planned('2026-11-28');
      await post(member.client, `/org-life/meetings/${id}/leave`, { reason: '出差' });
      return id;
    };
    const counts = await checkAbilitiesAgree(t.db, meetingActions, {
      callers: [sec, member, groupMember, street, farSecretary],
      fixtures: [
        { state: 'planned', make: async () => ({ id: await planned('2026-11-28') }) },
        { state: 'planned with a leave request', make: async () => ({ id: await withLeave() }) },
        { state: 'recorded', make: async () => ({ id: await recorded() }) },
        { state: 'signed', make: async () => ({ id: await signed() }) },
      ],
      bodies: {
        edit: { topic: '改期后的主题党日' },
        record: recordBody(),
        sign: {},
        amend: { field: 'minutes', value: '补充记录', reason: '记录遗漏' },
        cancel: { reason: '改期举行' },
        inspect: { decision: 'accepted' },
        requestLeave: { reason: '家中有事' },
      },
    });
    expect(counts.succeeded).toBeGreaterThan(8);
    expect(counts.refused).toBeGreaterThan(8);
    expect(counts.hidden).toBeGreaterThan(4);
  }, 600_000);

  it('leave-request abilities agree with the routes', async () => {
    const pending = async () => {
      const id = await planned('2026-11-28');
      const res = await post(member.client, `/org-life/meetings/${id}/leave`, { reason: '出差' });
      return res.myLeave.id as number;
    };
    const approved = async () => {
      const id = await pending();
      await post(sec.client, `/org-life/leave-requests/${id}/approve`, {});
      return id;
    };
    const declined = async () => {
      const id = await pending();
      await post(sec.client, `/org-life/leave-requests/${id}/decline`, { comment: '支部换届，须参加' });
      return id;
    };
    const counts = await checkAbilitiesAgree(t.db, leaveActions, {
      callers: [sec, member, otherMember, street, farSecretary],
      fixtures: [
        { state: 'pending', make: async () => ({ id: await pending() }) },
        { state: 'approved', make: async () => ({ id: await approved() }) },
        { state: 'declined', make: async () => ({ id: await declined() }) },
      ],
      bodies: { approve: {}, decline: { comment: '须参加' }, withdraw: {} },
    });
    expect(counts.succeeded).toBeGreaterThan(3);
    expect(counts.refused).toBeGreaterThan(5);
    expect(counts.hidden).toBeGreaterThan(5);

    // The other district's secretary: the meeting and the leave request do not exist for them.
    const leaveId = await pending();
    const meetingId = await planned('2026-11-28');
    for (const [url, payload] of [
      [`/api/v1/org-life/leave-requests/${leaveId}/decline`, { comment: '须参加' }],
      [`/api/v1/org-life/leave-requests/${leaveId}/approve`, {}],
      [`/api/v1/org-life/meetings/${meetingId}/edit`, { topic: '越权修改' }],
    ] as const) {
      const res = await farSecretary.client({ method: 'POST', url, payload });
      expect(res.statusCode, `${url} ${res.body}`).toBe(404);
    }
  }, 600_000);
});

describe('supervision: overdue conversions and the ledger (.xlsx)', () => {
  it('lists 转正逾期 in the subtree and exports the per-branch, per-type ledger (audited); 404 outside', async () => {
    await insertMember(t.db, testCrypto, tree.b1.id, {
      name: '孙预备',
      status: 'probationary',
      joinedOn: '2024-05-10',
    });
    await insertMember(t.db, testCrypto, tree.b1.id, {
      name: '周预备',
      status: 'probationary',
      joinedOn: '2026-06-01',
    });
    const res = await street.client({
      method: 'GET',
      url: '/api/v1/org-life/supervision/conversions',
      query: { orgId: String(tree.s1.id) },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.map((r: { name: string }) => r.name)).toEqual(['孙预备']);
    expect(res.json().data[0]).toMatchObject({ orgId: tree.b1.id, probationEnd: '2025-05-10' });
    const outside = await farSecretary.client({
      method: 'GET',
      url: '/api/v1/org-life/supervision/conversions',
      query: { orgId: String(tree.s1.id) },
    });
    expect(outside.statusCode).toBe(404);

    const file = await street.client({
      method: 'GET',
      url: '/api/v1/org-life/supervision/ledger.xlsx',
      query: { orgId: String(tree.s1.id), period: '2026-11' },
    });
    expect(file.statusCode, file.body.slice(0, 200)).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const detail = wb.getWorksheet('分类型完成情况')!;
    const cells = detail.getSheetValues().slice(2) as unknown[][];
    const theme = cells.find((r) => r[2] === '主题党日');
    expect(theme?.[1]).toBe('组织D1-S1-C1-B1');
    expect(['达标', '待完成', '已逾期']).toContain(theme?.[4]);
    expect(String(theme?.[6])).toContain('主题党日');
    expect(wb.getWorksheet('分支部汇总')!.rowCount).toBeGreaterThan(1);
    expect(wb.getWorksheet('转正逾期')!.getRow(2).getCell(1).value).toBe('孙预备');
    const audited = await t.db
      .selectFrom('auditLog')
      .select('detail')
      .where('action', '=', 'org_life.export')
      .executeTakeFirst();
    expect(audited).toBeDefined();
    const farFile = await farSecretary.client({
      method: 'GET',
      url: '/api/v1/org-life/supervision/ledger.xlsx',
      query: { orgId: String(tree.s1.id), period: '2026-11' },
    });
    expect(farFile.statusCode).toBe(404);
  });
});

describe('the subtree meetings list and its export', () => {
  it('lists the street subtree with each organization, filters by type, exports .xlsx (audited); 404 outside', async () => {
    const id = await planned('2026-11-29');
    const list = await street.client({
      method: 'GET',
      url: '/api/v1/org-life/meetings',
      query: { orgId: String(tree.s1.id), type: 'theme_day', status: 'planned', page: '1', pageSize: '5' },
    });
    expect(list.statusCode, list.body).toBe(200);
    const row = list.json().data.find((m: { id: number }) => m.id === id);
    expect(row).toMatchObject({ orgName: '组织D1-S1-C1-B1', typeName: '主题党日' });
    expect(list.json().page).toMatchObject({ page: 1, pageSize: 5 });
    const file = await street.client({
      method: 'GET',
      url: '/api/v1/org-life/meetings.xlsx',
      query: { orgId: String(tree.s1.id), type: 'theme_day' },
    });
    expect(file.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('组织生活活动')!;
    expect(ws.getRow(1).getCell(1).value).toBe('组织');
    expect(ws.rowCount).toBeGreaterThan(1);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('id')
      .where('action', '=', 'org_life.export')
      .where('objectId', '=', String(tree.s1.id))
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    const outside = await farSecretary.client({
      method: 'GET',
      url: '/api/v1/org-life/meetings.xlsx',
      query: { orgId: String(tree.s1.id) },
    });
    expect(outside.statusCode).toBe(404);
  });
});
