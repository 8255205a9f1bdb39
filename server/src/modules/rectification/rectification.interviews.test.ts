import { describe, expect, it } from 'vitest';
import { callerWith, checkAbilitiesAgree, postOk } from '../../../test/actions.ts';
import { expectNotFoundFor } from '../../../test/kit.ts';
import { interviewActions } from './rectification.interviews.ts';
import { steeringKit } from './steering.testkit.ts';

const { t, tree, district, street, community, sibling, otherStreet } = steeringKit({
  otherStreet: { org: 's2', role: 'street_secretary' },
});

const talk = (extra: Record<string, unknown> = {}) => ({
  secretaryName: '王书记',
  heldOn: '2026-10-20',
  interviewers: '街道党工委书记、组织委员',
  reason: '暗访发现问题逾期未整改',
  record: '指出问题，听取说明，提出要求。',
  commitments: '一周内恢复活动室使用，建立周检查制度。',
  ...extra,
});

describe('interviews (约谈) of secretaries who fall short', () => {
  it('who fell short, the talk with linked findings, follow-up items, notes, conclusion', async () => {
    t.clock.set('2026-09-28T09:00:00+08:00');
    const campaign = await postOk(district, `/orgs/${tree.d1.id}/inspections`, {
      kind: 'unannounced',
      title: '9月暗访督查',
      checklist: ['阵地建设'],
      targetLevel: 'community',
      startsOn: '2026-09-28',
      endsOn: '2026-09-30',
    });
    const found = await postOk(district, `/inspections/${campaign.id}/findings`, {
      targetOrgId: tree.c1.id,
      description: '党群服务中心活动室被挪作仓库',
      title: '恢复活动室使用',
      ownerPerson: '社区书记',
      requiredEvidence: '现场照片',
    });

    // Three weeks later the item is overdue: c1 is a candidate for an interview, c2 is not.
    t.clock.set('2026-10-20T09:00:00+08:00');
    const candidates = await street({
      method: 'GET',
      url: `/api/v1/rectification/interview-candidates?orgId=${tree.s1.id}&min=1`,
    });
    expect(candidates.statusCode, candidates.body).toBe(200);
    expect(candidates.json().data).toEqual([
      { orgId: tree.c1.id, orgName: expect.any(String), overdue: 1, returned: 0, interviews: 0 },
    ]);

    const selfInterview = await community({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/rectification/interviews`,
      payload: talk(),
    });
    expect(selfInterview.statusCode).toBe(403);
    const wrongFinding = await street({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c2.id}/rectification/interviews`,
      payload: talk({ findingIds: [found.findingId] }),
    });
    expect(wrongFinding.statusCode).toBe(422);
    expect(wrongFinding.body).toContain('关联问题');

    const interview = await postOk(
      street,
      `/orgs/${tree.c1.id}/rectification/interviews`,
      talk({
        findingIds: [found.findingId],
        followUps: [
          {
            title: '建立活动室周检查制度',
            ownerPerson: '王书记',
            requiredEvidence: '制度文本',
            workingDays: 5,
          },
        ],
      }),
    );
    expect(interview).toMatchObject({
      byOrgName: expect.any(String),
      status: 'open',
      findings: [{ id: found.findingId, campaignTitle: '9月暗访督查' }],
      abilities: { followUp: true, conclude: false },
    });
    const [followItem] = interview.items;
    expect(followItem).toMatchObject({
      title: '建立活动室周检查制度',
      status: 'open',
      deadline: '2026-10-27',
    });
    const listed = await community({
      method: 'GET',
      url: `/api/v1/rectification/items?orgId=${tree.c1.id}&sourceKind=interview`,
    });
    expect(listed.json().data[0]).toMatchObject({
      id: followItem.id,
      sourceTitle: '约谈王书记（2026-10-20）',
    });

    const early = await street({
      method: 'POST',
      url: `/api/v1/rectification/interviews/${interview.id}/conclude`,
      payload: { conclusion: '整改到位' },
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toBe('跟进整改事项尚未全部整改到位');
    await postOk(street, `/rectification/interviews/${interview.id}/notes`, { note: '已回访，制度正在起草' });

    // The community rectifies (evidence on file), the street verifies, the interview is concluded.
    await t.db
      .insertInto('rectificationEvidence')
      .values({
        itemId: followItem.id,
        findingId: null,
        filename: '制度.pdf',
        mime: 'application/pdf',
        content: Buffer.from('%PDF-1.4'),
        uploadedBy: null,
        uploadedAt: t.clock.now(),
      })
      .execute();
    await postOk(community, `/rectification/items/${followItem.id}/submit`, {});
    await postOk(street, `/rectification/items/${followItem.id}/verify`, {});
    const done = await postOk(street, `/rectification/interviews/${interview.id}/conclude`, {
      conclusion: '承诺事项已整改到位',
    });
    expect(done).toMatchObject({ status: 'concluded', notes: [{ note: '已回访，制度正在起草' }] });
    const seenAbove = await district({
      method: 'GET',
      url: `/api/v1/rectification/interviews?orgId=${tree.d1.id}`,
    });
    expect(seenAbove.json().data.map((i: { id: number }) => i.id)).toEqual([interview.id]);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('objectType', '=', 'rectification_interview')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'rectification.interview_concluded',
      'rectification.interview_followed_up',
      'rectification.interview_recorded',
    ]);

    await expectNotFoundFor(
      [sibling, otherStreet],
      ['GET /api/v1/rectification/interviews/:id'],
      interview.id,
    );
    await expectNotFoundFor(
      otherStreet,
      [
        { route: 'POST /api/v1/rectification/interviews/:id/notes', payload: { note: 'x' } },
        { route: 'POST /api/v1/rectification/interviews/:id/conclude', payload: { conclusion: 'x' } },
      ],
      interview.id,
    );
    await expectNotFoundFor(
      [sibling, otherStreet],
      [
        'GET /api/v1/rectification/interviews?orgId=:id',
        'GET /api/v1/rectification/interview-candidates?orgId=:id',
      ],
      tree.c1.id,
    );
    await expectNotFoundFor(
      otherStreet,
      [{ route: 'POST /api/v1/orgs/:id/rectification/interviews', payload: talk() }],
      tree.c1.id,
    );
  });

  it('abilities agree with the routes for every action, state and caller', async () => {
    const above = await callerWith(t, 'street', 'iv_s_above', {
      orgId: tree.s1.id,
      role: 'street_secretary',
    });
    const own = await callerWith(t, 'community', 'iv_c_own', {
      orgId: tree.c1.id,
      role: 'community_secretary',
    });
    const side = await callerWith(t, 'sibling', 'iv_c_side', {
      orgId: tree.c2.id,
      role: 'community_secretary',
    });
    const top = await callerWith(t, 'district', 'iv_d_top', { orgId: tree.d1.id, role: 'district_admin' });
    const make = async (concluded: boolean, followUp: boolean) => {
      const body = followUp
        ? talk({ followUps: [{ title: '跟进事项', ownerPerson: '王书记', requiredEvidence: '照片' }] })
        : talk();
      const iv = await postOk(above.client, `/orgs/${tree.c1.id}/rectification/interviews`, body);
      if (concluded)
        await postOk(above.client, `/rectification/interviews/${iv.id}/conclude`, { conclusion: '办结' });
      return { id: iv.id as number };
    };
    const counts = await checkAbilitiesAgree(t.db, interviewActions, {
      callers: [above, own, side, top],
      fixtures: [
        { state: 'open, nothing to follow', make: () => make(false, false) },
        { state: 'open, an item open', make: () => make(false, true) },
        { state: 'concluded', make: () => make(true, false) },
      ],
      bodies: { followUp: { note: '回访' }, conclude: { conclusion: '办结' } },
    });
    expect(counts.succeeded).toBeGreaterThan(0);
  });
});
