import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, insertOrg, insertUser, testCrypto } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { clientWithRole } from '../../../test/scope.ts';
import { insertMember } from '../members/index.ts';
import { insertPlannedMeeting } from '../org-life/index.ts';
import { publishTestTimeRule } from '../service-requests/index.ts';

// Today is 2026-11-21 (China) on the test clock.
const { t, tree } = serverKit({}, { security: { sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 } });
let b2: { id: number; path: string };
let branchSec: Client;
let otherBranchSec: Client;
let community: Client;
let siblingCommunity: Client;
let member: Client;
let otherMember: Client;
let resident: Client;
let otherResident: Client;
let requestId: number;
let themeDay: number;

interface Todos {
  unread: number;
  total: number;
  groups: {
    key: string;
    title: string;
    items: { key: string; title: string; path: string; read: boolean; overdue: boolean }[];
  }[];
}

async function todos(client: Client): Promise<Todos> {
  const res = await client({ method: 'GET', url: '/api/v1/notifications/todos' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
}
const titles = (list: Todos, group: string) =>
  list.groups.find((g) => g.key === group)?.items.map((i) => i.title) ?? [];

const insertMeeting = (orgId: number, topic: string, plannedOn: string) =>
  insertPlannedMeeting(t.db, orgId, {
    topic,
    plannedOn,
    place: '党员活动室',
    at: new Date('2026-11-10T00:00:00Z'),
  });

beforeAll(async () => {
  b2 = await insertOrg(t.db, { code: 'D1-S1-C2-B2', parentId: tree.c2.id, kind: 'branch', level: 'grid' });
  branchSec = await clientWithRole(t, 'branch_secretary', tree.b1.id);
  otherBranchSec = await clientWithRole(t, 'branch_secretary', b2.id);
  community = await clientWithRole(t, 'community_secretary', tree.c1.id);
  siblingCommunity = await clientWithRole(t, 'community_secretary', tree.c2.id);
  const memberUser = await insertUser(t.db, { username: 'mem1', orgId: tree.b1.id, role: 'member' });
  const otherUser = await insertUser(t.db, { username: 'mem2', orgId: b2.id, role: 'member' });
  const bob = await insertMember(t.db, testCrypto, tree.b1.id, { name: '王一', userId: memberUser });
  await insertMember(t.db, testCrypto, b2.id, { name: '李二', userId: otherUser });
  member = await t.login('mem1');
  otherMember = await t.login('mem2');
  await insertUser(t.db, { username: 'res1', orgId: tree.c1.id, role: 'resident' });
  await insertUser(t.db, { username: 'res2', orgId: tree.c1.id, role: 'resident' });
  resident = await t.login('res1');
  otherResident = await t.login('res2');

  await insertMeeting(tree.b1.id, '十一月支委会（待记录）', '2026-11-18');
  themeDay = await insertMeeting(tree.b1.id, '十二月主题党日', '2026-11-28');
  await insertMeeting(tree.b1.id, '明年一月党课', '2027-01-20');
  await insertMeeting(b2.id, '二支部支委会', '2026-11-19');
  await insertMeeting(b2.id, '二支部主题党日', '2026-11-27');

  const points = await branchSec({
    method: 'POST',
    url: `/api/v1/orgs/${tree.b1.id}/points/requests`,
    payload: { memberId: bob, ruleCode: 'manual.award', points: 5, reason: '志愿服务表现突出' },
  });
  expect(points.statusCode, points.body).toBe(201);

  const district = await clientWithRole(t, 'district_admin', tree.d1.id);
  await publishTestTimeRule(district, { grid: 3, community: 1, street: 10, district: 15 });
  const cats = await resident({ method: 'GET', url: '/api/v1/service-request-categories' });
  const submitted = await resident({
    method: 'POST',
    url: `/api/v1/orgs/${tree.c1.id}/service-requests`,
    payload: {
      categoryId: cats.json().data[0].id,
      title: '楼道灯不亮',
      description: '3号楼楼道灯坏了',
      location: '3号楼',
    },
  });
  expect(submitted.statusCode, submitted.body).toBe(201);
  requestId = submitted.json().data.id;
});

describe('to-do list (sources contributed by the modules)', () => {
  it('a branch secretary sees the meetings of their branch waiting for a record, not another branch’s', async () => {
    const mine = await todos(branchSec);
    expect(titles(mine, 'org-life.to-record')).toEqual(['十一月支委会（待记录）']);
    expect(mine.groups.find((g) => g.key === 'org-life.to-record')?.items[0]).toMatchObject({
      overdue: true,
      path: expect.stringMatching(/^\/org-life\/meetings\/\d+$/),
    });
    expect(titles(await todos(otherBranchSec), 'org-life.to-record')).toEqual(['二支部支委会']);
  });

  it('a member sees their own branch’s meetings of the next two weeks only', async () => {
    const mine = await todos(member);
    expect(titles(mine, 'org-life.coming')).toEqual(['十二月主题党日']);
    expect(mine.groups.map((g) => g.key)).toEqual(['org-life.coming']);
    expect(titles(await todos(otherMember), 'org-life.coming')).toEqual(['二支部主题党日']);
  });

  it('a leave request waits on the secretary’s list; the answer goes to the member’s list', async () => {
    const asked = await member({
      method: 'POST',
      url: `/api/v1/org-life/meetings/${themeDay}/leave`,
      payload: { reason: '外出开会' },
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const leaveId = (asked.json().data.myLeave as { id: number }).id;
    expect(titles(await todos(branchSec), 'org-life.leave-waiting')).toEqual(['王一 请假：十二月主题党日']);
    expect(titles(await todos(otherBranchSec), 'org-life.leave-waiting')).toEqual([]);
    expect(titles(await todos(member), 'org-life.leave-answered')).toEqual([]);
    const approved = await branchSec({
      method: 'POST',
      url: `/api/v1/org-life/leave-requests/${leaveId}/approve`,
      payload: { comment: '注意补学' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(titles(await todos(branchSec), 'org-life.leave-waiting')).toEqual([]);
    const answered = (await todos(member)).groups.find((g) => g.key === 'org-life.leave-answered');
    expect(answered?.items).toEqual([
      expect.objectContaining({
        key: `org-life.leave-answered:${leaveId}:approved`,
        title: '十二月主题党日',
        path: `/org-life/meetings/${themeDay}`,
        read: false,
      }),
    ]);
    expect(titles(await todos(otherMember), 'org-life.leave-answered')).toEqual([]);
    // Withdrawn again: nothing left to tell (keeps the other tests' lists as they were).
    const withdrawn = await member({
      method: 'POST',
      url: `/api/v1/org-life/leave-requests/${leaveId}/withdraw`,
      payload: {},
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(titles(await todos(member), 'org-life.leave-answered')).toEqual([]);
  });

  it('the community approves the branch’s points request; the branch itself and a sibling community do not see it', async () => {
    expect(titles(await todos(community), 'points.approvals')).toEqual(['王一：志愿服务表现突出']);
    expect(titles(await todos(branchSec), 'points.approvals')).toEqual([]);
    expect(titles(await todos(siblingCommunity), 'points.approvals')).toEqual([]);
  });

  it('requests due at the handling level; the resident’s own request waiting for confirmation', async () => {
    expect(titles(await todos(community), 'service-requests.due')).toEqual(['楼道灯不亮']);
    expect(titles(await todos(siblingCommunity), 'service-requests.due')).toEqual([]);
    await t.db
      .updateTable('serviceRequests')
      .set({ status: 'resolved' })
      .where('id', '=', requestId)
      .execute();
    expect(titles(await todos(resident), 'service-requests.to-confirm')).toEqual(['楼道灯不亮']);
    expect(titles(await todos(otherResident), 'service-requests.to-confirm')).toEqual([]);
    expect(titles(await todos(community), 'service-requests.due')).toEqual([]);
  });

  it('marking read lowers the badge; only the person’s own items can be marked', async () => {
    const before = await todos(community);
    expect(before.unread).toBe(before.total);
    expect(before.unread).toBeGreaterThan(0);
    const key = before.groups[0]!.items[0]!.key;
    const someoneElses = (await todos(otherBranchSec)).groups[0]!.items[0]!.key;
    const marked = await community({
      method: 'POST',
      url: '/api/v1/notifications/read',
      payload: { keys: [key, someoneElses, 'invented:1'] },
    });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json().data.marked).toBe(1);
    const after = await todos(community);
    expect(after.unread).toBe(before.unread - 1);
    expect(after.groups[0]!.items[0]!.read).toBe(true);
    // The other person's item stays unread for them: marks are per person.
    const theirs = await todos(otherBranchSec);
    expect(theirs.groups[0]!.items[0]!.read).toBe(false);
    const stored = await t.db.selectFrom('notificationReads').select('itemKey').execute();
    expect(stored.map((r) => r.itemKey)).toEqual([key]);
  });

  it('refuses an empty or malformed mark with a Chinese message, and anonymous callers', async () => {
    const empty = await member({ method: 'POST', url: '/api/v1/notifications/read', payload: { keys: [] } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.keys).toContain('请选择');
    const extra = await member({
      method: 'POST',
      url: '/api/v1/notifications/read',
      payload: { keys: ['x'], userId: 1 },
    });
    expect(extra.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/notifications/todos' })).statusCode).toBe(401);
  });
});
