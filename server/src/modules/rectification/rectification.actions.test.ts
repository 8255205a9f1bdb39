import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerWith, checkAbilitiesAgree, postOk } from '../../../test/actions.ts';
import { buildTestApp, type Client, insertTwoDistricts, type TestApp } from '../../../test/app.ts';
import { campaignActions, itemActions } from './rectification.actions.ts';

/**
 * The two action tables, driven for every action × state × caller: `abilities` say true exactly
 * when the route succeeds; refusals carry the failed check's status and reason; out of scope is
 * 404; successes are audited.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof insertTwoDistricts>>;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

beforeAll(async () => {
  t = await buildTestApp({ security: { sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 } });
  tree = await insertTwoDistricts(t.db);
  t.clock.set('2026-11-16T09:00:00+08:00');
});

afterAll(async () => {
  await t.close();
});

describe('rectification action tables', () => {
  it('abilities agree with the routes for every action, state and caller', async () => {
    const district = await callerWith(t, 'district', 'ra_district', {
      orgId: tree.d1.id,
      role: 'district_admin',
    });
    const street = await callerWith(t, 'street', 'ra_street', {
      orgId: tree.s1.id,
      role: 'street_secretary',
    });
    const community = await callerWith(t, 'community', 'ra_comm', {
      orgId: tree.c1.id,
      role: 'community_secretary',
    });
    const sibling = await callerWith(t, 'sibling community', 'ra_sib', {
      orgId: tree.c2.id,
      role: 'community_secretary',
    });
    const branch = await callerWith(t, 'branch', 'ra_branch', {
      orgId: tree.b1.id,
      role: 'branch_secretary',
    });
    const far = await callerWith(t, 'other district', 'ra_far', {
      orgId: tree.d2.id,
      role: 'district_admin',
    });
    const otherStreet = await callerWith(t, 'other street', 'ra_s2', {
      orgId: tree.s2.id,
      role: 'street_secretary',
    });
    const post = postOk;
    const campaign = async () =>
      (
        await post(district.client, `/orgs/${tree.d1.id}/inspections`, {
          kind: 'special',
          title: '专项检查',
          checklist: ['阵地建设'],
          targetLevel: 'community',
          startsOn: '2026-11-16',
          endsOn: '2026-11-30',
        })
      ).id as number;
    const closedCampaign = async () => {
      const id = await campaign();
      await post(district.client, `/inspections/${id}/close`, {});
      return id;
    };
    const findingBody = {
      targetOrgId: tree.c1.id,
      description: '活动室挪作他用',
      title: '恢复活动室',
      ownerPerson: '社区书记',
      requiredEvidence: '现场照片',
    };
    const open = async () => {
      const r = await post(district.client, `/inspections/${await campaign()}/findings`, findingBody);
      const id = r.item.id as number;
      await t.db
        .insertInto('rectificationEvidence')
        .values({
          itemId: id,
          findingId: null,
          filename: 'a.png',
          mime: 'image/png',
          content: PNG,
          uploadedBy: null,
          uploadedAt: new Date(),
        })
        .execute();
      return id;
    };
    const then =
      (make: () => Promise<number>, verb: string, body: Record<string, unknown>, by: Client) => async () => {
        const id = await make();
        await post(by, `/rectification/items/${id}/${verb}`, body);
        return id;
      };
    const submitted = then(open, 'submit', {}, community.client);
    const returned = then(submitted, 'return', { comment: '不清楚' }, street.client);
    const verified = then(submitted, 'verify', {}, street.client);
    const closed = then(verified, 'close', {}, district.client);

    const callers = [district, street, community, sibling, branch, far, otherStreet];
    const items = await checkAbilitiesAgree(t.db, itemActions, {
      callers,
      fixtures: [
        { state: 'open', make: async () => ({ id: await open() }) },
        { state: 'submitted', make: async () => ({ id: await submitted() }) },
        { state: 'returned', make: async () => ({ id: await returned() }) },
        { state: 'verified', make: async () => ({ id: await verified() }) },
        { state: 'closed', make: async () => ({ id: await closed() }) },
      ],
      bodies: { submit: {}, verify: { comment: '到位' }, giveBack: { comment: '补充照片' }, close: {} },
    });
    expect(items.succeeded).toBeGreaterThan(8);
    expect(items.refused).toBeGreaterThan(20);
    expect(items.hidden).toBeGreaterThan(10);

    const campaigns = await checkAbilitiesAgree(t.db, campaignActions, {
      callers,
      fixtures: [
        { state: 'open', make: async () => ({ id: await campaign() }) },
        { state: 'closed', make: async () => ({ id: await closedCampaign() }) },
      ],
      bodies: { recordFinding: findingBody, close: {} },
    });
    expect(campaigns.succeeded).toBeGreaterThanOrEqual(2);
    expect(campaigns.refused).toBeGreaterThan(1);
    expect(campaigns.hidden).toBeGreaterThan(5);
  }, 600_000);
});
