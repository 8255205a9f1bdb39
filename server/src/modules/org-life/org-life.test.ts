import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, insertOrg, insertUser, testCrypto } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { type RouteCall, runCrossScopeMatrix } from '../../../test/scope.ts';
import { insertMember } from '../members/index.ts';
import { rebuildHeldSummaries } from './compliance.ts';
import { insertPlannedMeeting } from './org-life.testkit.ts';

const { t, tree } = serverKit();
let sec: Client;
let street: Client;
let community: Client;
let memberClient: Client;
const members: number[] = [];
let committee: number[] = [];
let probationary: number;
let memberUserId: number;

/** A planned meeting written straight into the database (for scope matrices). */
const insertMeeting = (orgId: number, typeCode = 'committee_meeting') =>
  insertPlannedMeeting(t.db, orgId, { typeCode });

beforeAll(async () => {
  t.clock.set('2026-11-21T09:00:00+08:00');
  await insertUser(t.db, { username: 'sec', orgId: tree.b1.id, role: 'branch_secretary' });
  await insertUser(t.db, { username: 'street', orgId: tree.s1.id, role: 'street_secretary' });
  await insertUser(t.db, { username: 'community', orgId: tree.c1.id, role: 'community_secretary' });
  memberUserId = await insertUser(t.db, { username: 'mem', orgId: tree.b1.id, role: 'member' });
  for (let i = 0; i < 5; i++) {
    members.push(
      await insertMember(t.db, testCrypto, tree.b1.id, {
        name: `党员${i + 1}`,
        userId: i === 0 ? memberUserId : null,
      }),
    );
  }
  probationary = await insertMember(t.db, testCrypto, tree.b1.id, {
    name: '预备党员',
    status: 'probationary',
    joinedOn: '2026-03-01',
  });
  // Joined after the meeting date: not expected.
  await insertMember(t.db, testCrypto, tree.b1.id, {
    name: '新党员',
    status: 'probationary',
    joinedOn: '2026-11-21',
  });
  // Two more full members, converted today, after the meeting dates (not on those rosters): seven full
  // members today, so the branch has a committee and holds 支委会 (orgs.setup, issue 13).
  for (const name of ['党员6', '党员7']) {
    await insertMember(t.db, testCrypto, tree.b1.id, { name, joinedOn: '2025-11-01', fullOn: '2026-11-21' });
  }
  committee = members.slice(0, 3);
  for (const m of committee) {
    await t.db
      .insertInto('memberPosts')
      .values({ memberId: m, orgId: tree.b1.id, title: '支部委员', startedOn: '2024-01-01', endedOn: null })
      .execute();
  }
  await insertUser(t.db, { username: 'othersec', orgId: tree.c3.id, role: 'branch_secretary' });
  await insertUser(t.db, { username: 'district1', orgId: tree.d1.id, role: 'district_admin' });
  await relogin();
});

async function relogin() {
  sec = await t.login('sec');
  street = await t.login('street');
  community = await t.login('community');
  memberClient = await t.login('mem');
}

async function plan(typeCode: string, plannedOn = '2026-11-20'): Promise<number> {
  const res = await sec({
    method: 'POST',
    url: `/api/v1/orgs/${tree.b1.id}/meetings`,
    payload: {
      typeCode,
      topic: '学习贯彻会议精神',
      plannedOn,
      place: '党群服务中心',
      hostName: '陈书记',
      recorderName: '王委员',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data.id;
}

const allPresent = (ids: number[]) => ids.map((memberId) => ({ memberId, status: 'present' as const }));

describe('plan → record → sign', () => {
  it('turns the street compliance for the branch green after a signed 支委会', async () => {
    const before = await street({
      method: 'GET',
      url: '/api/v1/org-life/compliance',
      query: { orgId: String(tree.s1.id), period: '2026-11' },
    });
    expect(before.statusCode, before.body).toBe(200);
    const cell = () =>
      before
        .json()
        .data.find(
          (r: { orgId: number; type: string }) => r.orgId === tree.b1.id && r.type === 'committee_meeting',
        );
    expect(cell()).toMatchObject({ status: 'due', lastHeldAt: null });
    expect(cell().reason).toContain('支委会：2026年11月尚未召开，截止 2026-11-30');
    expect(cell().reason).toContain('来源');

    const id = await plan('committee_meeting');
    const roster = await sec({ method: 'GET', url: `/api/v1/org-life/meetings/${id}/roster` });
    expect(roster.json().data.expected.map((e: { memberId: number }) => e.memberId)).toEqual(committee);

    const rec = await sec({
      method: 'PUT',
      url: `/api/v1/org-life/meetings/${id}/record`,
      payload: {
        heldOn: '2026-11-20',
        minutes: '研究本月工作。',
        attendance: [
          ...allPresent(committee.slice(0, 2)),
          { memberId: committee[2], status: 'leave', reason: '出差' },
        ],
        resolutions: [{ title: '确定主题党日安排' }],
      },
    });
    expect(rec.statusCode, rec.body).toBe(200);
    expect(rec.json().data).toMatchObject({
      status: 'recorded',
      expectedCount: 3,
      presentCount: 2,
      leaveCount: 1,
    });
    const signed = await sec({ method: 'POST', url: `/api/v1/org-life/meetings/${id}/sign` });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().data.status).toBe('signed');

    const after = await street({
      method: 'GET',
      url: '/api/v1/org-life/compliance',
      query: { orgId: String(tree.s1.id), period: '2026-11' },
    });
    const row = after
      .json()
      .data.find(
        (r: { orgId: number; type: string }) => r.orgId === tree.b1.id && r.type === 'committee_meeting',
      );
    expect(row).toMatchObject({ status: 'ok', lastHeldAt: '2026-11-20' });

    // Attendance points were booked in the same transaction.
    const points = await t.db
      .selectFrom('pointsEntries')
      .select(['memberId', 'points'])
      .where('sourceId', '=', String(id))
      .execute();
    expect(points.map((p) => [p.memberId, Number(p.points)])).toEqual([
      [committee[0], 3],
      [committee[1], 3],
    ]);

    // A month later (sessions do not survive the jump: log in again) the next month is due, the signed one stays ok, and an unheld one is overdue with its reason.
    t.clock.set('2026-12-02T09:00:00+08:00');
    street = await t.login('street');
    const dec = await street({
      method: 'GET',
      url: '/api/v1/org-life/compliance',
      query: { orgId: String(tree.b1.id), period: '2026-11' },
    });
    const nov = dec.json().data;
    expect(nov.find((r: { type: string }) => r.type === 'committee_meeting').status).toBe('ok');
    const theme = nov.find((r: { type: string }) => r.type === 'theme_day');
    expect(theme.status).toBe('overdue');
    expect(theme.reason).toContain('截止 2026-11-30，已逾期');
    const december = await street({
      method: 'GET',
      url: '/api/v1/org-life/compliance',
      query: { orgId: String(tree.b1.id), period: '2026-12' },
    });
    const c = december.json().data.find((r: { type: string }) => r.type === 'committee_meeting');
    expect(c).toMatchObject({ status: 'due', lastHeldAt: '2026-11-20' });
    expect(c.reason).toContain('上次召开 2026-11-20');
    t.clock.set('2026-11-21T09:00:00+08:00');
    await relogin();
  });

  it('locks a signed record; corrections are visible amendments that also correct points', async () => {
    const id = await plan('theme_day');
    await sec({
      method: 'PUT',
      url: `/api/v1/org-life/meetings/${id}/record`,
      payload: {
        heldOn: '2026-11-18',
        minutes: '参观红色教育基地。',
        attendance: [
          ...allPresent(members.slice(0, 4)),
          { memberId: members[4], status: 'absent' },
          { memberId: probationary, status: 'present' },
        ],
        resolutions: [],
      },
    });
    expect((await sec({ method: 'POST', url: `/api/v1/org-life/meetings/${id}/sign` })).statusCode).toBe(200);

    const edit = await sec({
      method: 'PATCH',
      url: `/api/v1/org-life/meetings/${id}`,
      payload: { topic: '改' },
    });
    expect(edit.statusCode).toBe(409);
    const rerecord = await sec({
      method: 'PUT',
      url: `/api/v1/org-life/meetings/${id}/record`,
      payload: { heldOn: '2026-11-18', minutes: 'x', attendance: [], resolutions: [] },
    });
    expect(rerecord.statusCode).toBe(409);
    expect((await sec({ method: 'POST', url: `/api/v1/org-life/meetings/${id}/sign` })).statusCode).toBe(409);

    const noReason = await sec({
      method: 'POST',
      url: `/api/v1/org-life/meetings/${id}/amendments`,
      payload: { field: 'minutes', value: '更正', reason: '' },
    });
    expect(noReason.statusCode).toBe(400);
    const amend = await sec({
      method: 'POST',
      url: `/api/v1/org-life/meetings/${id}/amendments`,
      payload: {
        field: 'attendance',
        value: { memberId: members[3], status: 'leave', reason: '生病' },
        reason: '登记有误，实为请假',
      },
    });
    expect(amend.statusCode, amend.body).toBe(200);
    const detail = amend.json().data;
    expect(detail.presentCount).toBe(4);
    expect(detail.amendments).toHaveLength(1);
    expect(detail.amendments[0]).toMatchObject({ field: 'attendance', reason: '登记有误，实为请假' });
    expect(detail.amendments[0].before).toMatchObject({ status: 'present' });

    const entries = await t.db
      .selectFrom('pointsEntries')
      .select(['id', 'points', 'reversesId'])
      .where('sourceId', '=', String(id))
      .where('memberId', '=', members[3])
      .orderBy('id')
      .execute();
    expect(entries.map((e) => Number(e.points))).toEqual([2, -2]);
    expect(Number(entries[1].reversesId)).toBe(Number(entries[0].id));
  });

  it('computes quorum and the vote of a branch assembly against those expected', async () => {
    const id = await plan('branch_assembly');
    const record = (vote: Record<string, number>, attendance = allPresent(members.slice(0, 3))) =>
      sec({
        method: 'PUT',
        url: `/api/v1/org-life/meetings/${id}/record`,
        payload: {
          heldOn: '2026-11-20',
          minutes: '讨论接收预备党员。',
          attendance: [
            ...attendance,
            ...members
              .filter((m) => !attendance.some((a) => a.memberId === m))
              .map((memberId) => ({ memberId, status: 'absent', reason: '外出' })),
            { memberId: probationary, status: 'present' },
          ],
          resolutions: [{ title: '接收张三为预备党员', vote }],
        },
      });
    // 5 full members expected (the probationary member has no vote); 3 present > 2.5: quorum.
    let res = await record({ yes: 2, no: 1, abstain: 0 });
    expect(res.statusCode, res.body).toBe(200);
    const vote = res.json().data.resolutions[0].vote;
    expect(vote).toMatchObject({
      expectedVoting: 5,
      presentVoting: 3,
      quorumMet: true,
      passed: false,
      yesNeeded: 3,
    });
    expect(vote.explanation).toContain('应到会有表决权党员 5 人，实到 3 人');
    res = await record({ yes: 2, no: 1, abstain: 0, writtenYes: 1 });
    expect(res.json().data.resolutions[0].vote).toMatchObject({ passed: true });
    // With an approved exclusion, 4 are expected: 3 yes of 4 passes.
    res = await record({ yes: 3, no: 0, abstain: 0, excludedVoting: 1 });
    expect(res.json().data.resolutions[0].vote).toMatchObject({ expectedVoting: 4, passed: true });
    // 2 of 5 present: no quorum, nothing passes.
    res = await record({ yes: 2, no: 0, abstain: 0, writtenYes: 2 }, allPresent(members.slice(0, 2)));
    expect(res.json().data.resolutions[0].vote).toMatchObject({ quorumMet: false, passed: false });
    // More votes than voters present is refused, naming the field.
    res = await record({ yes: 3, no: 1, abstain: 0 });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields['resolutions.0.vote']).toContain(
      '到会表决票数之和不能超过实到有表决权人数',
    );
  });

  it('refuses attendance that does not match the roster of the meeting date', async () => {
    const id = await plan('party_lecture');
    const res = await sec({
      method: 'PUT',
      url: `/api/v1/org-life/meetings/${id}/record`,
      payload: {
        heldOn: '2026-11-20',
        minutes: '党课',
        attendance: allPresent(members.slice(0, 2)),
        resolutions: [],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields.attendance).toContain('党员3');
    const future = await sec({
      method: 'PUT',
      url: `/api/v1/org-life/meetings/${id}/record`,
      payload: { heldOn: '2026-11-22', minutes: '党课', attendance: [], resolutions: [] },
    });
    expect(future.json().error.fields.heldOn).toBe('召开日期不能晚于今天');
  });

  it('lets the level above inspect a record, and a member read the meetings they were expected at', async () => {
    const list = await sec({
      method: 'GET',
      url: '/api/v1/org-life/meetings',
      query: { orgId: String(tree.b1.id), status: 'signed' },
    });
    const signedId = list.json().data.find((m: { typeCode: string }) => m.typeCode === 'theme_day').id;
    const self = await sec({
      method: 'POST',
      url: `/api/v1/org-life/meetings/${signedId}/inspection`,
      payload: { decision: 'accepted' },
    });
    expect(self.statusCode).toBe(403);
    const back = await community({
      method: 'POST',
      url: `/api/v1/org-life/meetings/${signedId}/inspection`,
      payload: { decision: 'returned' },
    });
    expect(back.json().error.fields.comment).toBeDefined();
    const ok = await community({
      method: 'POST',
      url: `/api/v1/org-life/meetings/${signedId}/inspection`,
      payload: { decision: 'returned', comment: '缺少照片' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().data).toMatchObject({ inspectionStatus: 'returned', inspectionComment: '缺少照片' });

    const mine = await memberClient({
      method: 'GET',
      url: '/api/v1/org-life/meetings',
      query: { orgId: String(tree.b1.id) },
    });
    expect(mine.statusCode, mine.body).toBe(200);
    const ids = mine.json().data.map((m: { typeCode: string }) => m.typeCode);
    expect(ids).toContain('theme_day');
    expect(ids).toContain('committee_meeting'); // member 1 sits on the committee
    const sibling = await insertOrg(t.db, {
      code: 'D1-S1-C1-B7',
      parentId: tree.c1.id,
      kind: 'branch',
      level: 'grid',
    });
    const elsewhere = await insertMeeting(sibling.id);
    expect(
      (await memberClient({ method: 'GET', url: `/api/v1/org-life/meetings/${elsewhere}` })).statusCode,
    ).toBe(404);
    expect(
      (await memberClient({ method: 'GET', url: `/api/v1/org-life/meetings/${signedId}` })).statusCode,
    ).toBe(200);
    expect(
      (
        await memberClient({
          method: 'GET',
          url: `/api/v1/org-life/compliance`,
          query: { orgId: String(tree.b1.id), period: '2026-11' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('shows the must-do calendar and a digest for the secretary', async () => {
    const cal = await sec({
      method: 'GET',
      url: `/api/v1/orgs/${tree.b1.id}/org-life/calendar`,
      query: { date: '2026-11-25' },
    });
    expect(cal.statusCode, cal.body).toBe(200);
    const items = cal.json().data.items;
    expect(
      items.find(
        (i: { type: string; periodStart: string }) =>
          i.type === 'committee_meeting' && i.periodStart === '2026-11-01',
      ).status,
    ).toBe('on_time');
    // 党小组会 belongs to party groups: a branch without groups has none (issue 13).
    expect(items.some((i: { type: string }) => i.type === 'group_meeting')).toBe(false);
    expect(
      items.find(
        (i: { type: string; periodStart: string }) =>
          i.type === 'life_meeting' && i.periodStart === '2026-01-01',
      ).status,
    ).toBe('open');
    expect(
      items.some(
        (i: { status: string; periodStart: string }) =>
          i.status === 'overdue' && i.periodStart === '2026-10-01',
      ),
    ).toBe(true);
    const digest = await sec({ method: 'GET', url: '/api/v1/org-life/digest' });
    expect(digest.json().data[0]).toMatchObject({ orgId: tree.b1.id });
    expect(digest.json().data[0].overdue).toBeGreaterThan(0);
    expect(digest.json().data[0].items.every((i: { status: string }) => i.status !== 'open')).toBe(true);
  });

  it('exports the yearly ledger as .xlsx', async () => {
    const res = await sec({
      method: 'GET',
      url: `/api/v1/orgs/${tree.b1.id}/org-life/ledger.xlsx`,
      query: { year: '2026' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('attachments', () => {
  const form = (name: string, content: Buffer) => {
    const boundary = '----jiceng';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
  };

  it('stores a photo checked by its bytes and refuses other files', async () => {
    const id = await plan('theme_day');
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64),
    ]);
    const up = await sec({
      method: 'POST',
      url: `/api/v1/org-life/meetings/${id}/attachments`,
      ...form('现场.png', png),
    });
    expect(up.statusCode, up.body).toBe(201);
    const exe = await sec({
      method: 'POST',
      url: `/api/v1/org-life/meetings/${id}/attachments`,
      ...form('a.png', Buffer.from('MZ\x90\x00')),
    });
    expect(exe.statusCode).toBe(422);
    const down = await sec({ method: 'GET', url: `/api/v1/org-life/attachments/${up.json().data.id}` });
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(png)).toBe(true);
    const outsider = await t.login('othersec');
    expect(
      (await outsider({ method: 'GET', url: `/api/v1/org-life/attachments/${up.json().data.id}` }))
        .statusCode,
    ).toBe(404);
  });
});

describe('scope', () => {
  it('meetings: same and parent only, 404 from sibling, child and another district', async () => {
    await runCrossScopeMatrix(t, tree, {
      role: 'branch_secretary',
      home: 'b1',
      create: (orgId) => insertMeeting(orgId),
      read: { route: 'GET /api/v1/org-life/meetings/:id' },
      update: { route: 'PATCH /api/v1/org-life/meetings/:id', payload: { topic: '改议题' } },
      delete: { route: 'POST /api/v1/org-life/meetings/:id/cancel', payload: { reason: '时间冲突' } },
      unchanged: async (id) => {
        const m = await t.db
          .selectFrom('orgLifeMeetings')
          .select(['topic', 'status'])
          .where('id', '=', Number(id))
          .executeTakeFirstOrThrow();
        expect(m).toEqual({ topic: '矩阵测试', status: 'planned' });
      },
    });
  });

  it('compliance, calendar and ledger: 404 outside the caller subtree', async () => {
    for (const call of [
      { route: 'GET /api/v1/org-life/compliance', query: { orgId: ':id', period: '2026-11' } },
      { route: 'GET /api/v1/org-life/supervision', query: { orgId: ':id', period: '2026-11' } },
      { route: 'GET /api/v1/orgs/:id/org-life/calendar' },
      { route: 'GET /api/v1/orgs/:id/org-life/ledger.xlsx', query: { year: '2026' } },
    ] as RouteCall[]) {
      await runCrossScopeMatrix(t, tree, {
        role: 'community_secretary',
        home: 'b1',
        create: async (orgId) => orgId,
        read: call,
      });
    }
  });

  it('planning, recording, signing and inspecting: 404 outside, 403 inside without the right', async () => {
    const id = await insertMeeting(tree.b1.id);
    const outsider = await t.login('othersec');
    for (const [method, url, payload] of [
      [
        'POST',
        `/api/v1/orgs/${tree.b1.id}/meetings`,
        {
          typeCode: 'committee_meeting',
          topic: 'x',
          plannedOn: '2026-11-25',
          hostName: 'a',
          recorderName: 'b',
        },
      ],
      [
        'PUT',
        `/api/v1/org-life/meetings/${id}/record`,
        { heldOn: '2026-11-20', minutes: 'x', attendance: [], resolutions: [] },
      ],
      ['POST', `/api/v1/org-life/meetings/${id}/sign`, undefined],
      [
        'POST',
        `/api/v1/org-life/meetings/${id}/amendments`,
        { field: 'minutes', value: 'x', reason: '更正错字' },
      ],
      ['GET', `/api/v1/org-life/meetings/${id}/roster`, undefined],
    ] as const) {
      const res = await outsider({ method, url, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      const above = await street({ method, url, ...(payload ? { payload } : {}) });
      expect(above.statusCode, `street ${method} ${url}`).toBe(403);
    }
    const sibling = await insertOrg(t.db, {
      code: 'D1-S1-C2-B9',
      parentId: tree.c2.id,
      kind: 'branch',
      level: 'grid',
    });
    const other = await insertMeeting(sibling.id);
    await t.db
      .updateTable('orgLifeMeetings')
      .set({ status: 'signed', heldOn: '2026-11-01', signedAt: new Date() })
      .where('id', '=', other)
      .execute();
    expect(
      (
        await community({
          method: 'POST',
          url: `/api/v1/org-life/meetings/${other}/inspection`,
          payload: { decision: 'accepted' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await street({
          method: 'POST',
          url: `/api/v1/org-life/meetings/${other}/inspection`,
          payload: { decision: 'accepted' },
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('catalogue versions and place profiles', () => {
  it('publishes a profile version, assigns it to a subtree, and compliance follows it', async () => {
    const district = await t.login('district1');
    const types = (await district({ method: 'GET', url: '/api/v1/org-life/catalogues' })).json().data[0]
      .types;
    const local = types
      .filter((x: { code: string }) => x.code !== 'heart_talk')
      .map((x: { code: string; rule: object }) =>
        x.code === 'party_lecture'
          ? {
              ...x,
              frequency: 'half_yearly',
              rule: {
                text: '每半年至少 1 次（示范地方档案）',
                status: 'L',
                source: '某区组织生活清单 [P27]',
              },
            }
          : x,
      );
    const body = {
      profile: 'local-demo',
      version: '2026.1',
      effectiveFrom: '2026-01-01',
      name: '示范地方档案',
      source: '某区组织生活清单',
      types: local,
    };
    expect(
      (await sec({ method: 'POST', url: '/api/v1/org-life/catalogues', payload: body })).statusCode,
    ).toBe(403);
    const created = await district({ method: 'POST', url: '/api/v1/org-life/catalogues', payload: body });
    expect(created.statusCode, created.body).toBe(201);
    expect(
      (await district({ method: 'POST', url: '/api/v1/org-life/catalogues', payload: body })).statusCode,
    ).toBe(409);
    const unknownKey = await district({
      method: 'POST',
      url: '/api/v1/org-life/catalogues',
      payload: { ...body, version: '2', extra: 1 },
    });
    expect(unknownKey.statusCode).toBe(400);

    const outside = await district({
      method: 'PUT',
      url: `/api/v1/orgs/${tree.c3.id}/org-life-profile`,
      payload: { profile: 'local-demo' },
    });
    expect(outside.statusCode).toBe(404);
    expect(
      (
        await street({
          method: 'PUT',
          url: `/api/v1/orgs/${tree.c1.id}/org-life-profile`,
          payload: { profile: 'local-demo' },
        })
      ).statusCode,
    ).toBe(403);
    const assign = await district({
      method: 'PUT',
      url: `/api/v1/orgs/${tree.c1.id}/org-life-profile`,
      payload: { profile: 'local-demo' },
    });
    expect(assign.statusCode, assign.body).toBe(200);
    const rows = (
      await street({
        method: 'GET',
        url: '/api/v1/org-life/compliance',
        query: { orgId: String(tree.b1.id), period: '2026-11' },
      })
    ).json().data;
    expect(rows.some((r: { type: string }) => r.type === 'heart_talk')).toBe(false);
    expect(rows.find((r: { type: string }) => r.type === 'party_lecture').reason).toContain(
      '每半年至少 1 次',
    );
    // Meetings planned earlier keep the catalogue version they were filed under.
    const cat = await sec({
      method: 'GET',
      url: '/api/v1/org-life/catalogue',
      query: { orgId: String(tree.b1.id) },
    });
    expect(cat.json().data).toMatchObject({ profile: 'local-demo', version: '2026.1' });
    await district({
      method: 'PUT',
      url: `/api/v1/orgs/${tree.c1.id}/org-life-profile`,
      payload: { profile: 'default' },
    });
  });
});

describe('summaries', () => {
  it('keeps last-held and period counts equal to a recount from the signed records', async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from org_life_last_held l
       where l.last_held_on <> (select max(held_on) from org_life_meetings m
                                 where m.org_id = l.org_id and m.type_code = l.type_code and m.status = 'signed')
    `.execute(t.db);
    expect(rows[0].n).toBe(0);
    const monthly = await t.db
      .selectFrom('orgLifeHeldCounts')
      .select(['typeCode', 'heldCount'])
      .where('orgId', '=', tree.b1.id)
      .where('frequency', '=', 'monthly')
      .where('periodStart', '=', '2026-11-01')
      .orderBy('typeCode')
      .execute();
    expect(monthly).toEqual([
      { typeCode: 'committee_meeting', heldCount: 1 },
      { typeCode: 'theme_day', heldCount: 1 },
    ]);
    const snapshot = async () => ({
      // (b1 only: the scope test marks a sibling's meeting signed straight in the database)
      counts: await t.db
        .selectFrom('orgLifeHeldCounts')
        .selectAll()
        .where('orgId', '=', tree.b1.id)
        .orderBy(['orgId', 'typeCode', 'frequency', 'periodStart'])
        .execute(),
      last: await t.db
        .selectFrom('orgLifeLastHeld')
        .selectAll()
        .where('orgId', '=', tree.b1.id)
        .orderBy(['orgId', 'typeCode'])
        .execute(),
    });
    const incremental = await snapshot();
    await rebuildHeldSummaries(t.db);
    expect(await snapshot()).toEqual(incremental);
  });
});
