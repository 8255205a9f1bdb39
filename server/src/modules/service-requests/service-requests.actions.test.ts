import { beforeAll, describe, expect, it } from 'vitest';
import { callerWith, checkAbilitiesAgree, LONG_SESSIONS } from '../../../test/actions.ts';
import type { Client, insertUser } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { requestActions } from './service-requests.actions.ts';

/**
 * Every action table, driven the same way: for each action, each state of a fixture record and
 * each caller, the record's `abilities` say true exactly when the route succeeds; refusals carry
 * the failed check's status and Chinese reason, out of scope is 404, successes are audited.
 */
const { t, tree } = serverKit({}, LONG_SESSIONS);
const caller = (name: string, username: string, spec: Omit<Parameters<typeof insertUser>[1], 'username'>) =>
  callerWith(t, name, username, spec);

beforeAll(async () => {
  // The library's ability check loads records without the request's clock (real time), and a
  // rating's correction window is timed: run at the real time so both agree.
  t.clock.set(new Date());
});

describe('service-requests action table', () => {
  it('abilities agree with the routes for every action, state and caller', async () => {
    const resident = await caller('resident', 'act_res', { orgId: tree.c1.id, role: 'resident' });
    const neighbour = await caller('other resident', 'act_res2', { orgId: tree.c1.id, role: 'resident' });
    const community = await caller('community', 'act_comm', {
      orgId: tree.c1.id,
      role: 'community_secretary',
    });
    const street = await caller('street', 'act_street', { orgId: tree.s1.id, role: 'street_secretary' });
    const farDistrict = await caller('other district', 'act_far', {
      orgId: tree.d2.id,
      role: 'district_admin',
    });
    const { categoryId } = await t.db
      .selectFrom('serviceRequestCategories')
      .select('id as categoryId')
      .where('active', '=', true)
      .executeTakeFirstOrThrow();
    const post = async (client: Client, url: string, payload: Record<string, unknown>) => {
      const res = await client({ method: 'POST', url: `/api/v1${url}`, payload });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json().data;
    };
    const submitted = async () => {
      const r = await post(resident.client, `/orgs/${tree.c1.id}/service-requests`, {
        categoryId,
        title: '楼道灯不亮',
        description: '3号楼2单元楼道灯坏了一周',
      });
      return r.id as number;
    };
    const then =
      (
        make: () => Promise<number>,
        verb: string,
        body: Record<string, unknown>,
        by: Client = community.client,
      ) =>
      async () => {
        const id = await make();
        await post(by, `/service-requests/${id}/${verb}`, body);
        return id;
      };
    const handOff = { reason: '需要协调', nextRoute: '街道城管科' };
    const transferred = then(submitted, 'transfer', handOff);
    const resolved = then(transferred, 'complete', { resolution: '已修好' });
    const closed = then(resolved, 'confirm', { rating: 'satisfied' }, resident.client);
    const notSolved = then(resolved, 'reopen', { reason: '灯还是不亮' }, resident.client);
    const atStreet = then(submitted, 'escalate', {});
    const counts = await checkAbilitiesAgree(t.db, requestActions, {
      callers: [resident, neighbour, community, street, farDistrict],
      fixtures: [
        { state: 'open where received', make: async () => ({ id: await submitted() }) },
        { state: 'transferred', make: async () => ({ id: await transferred() }) },
        { state: 'escalated to the street', make: async () => ({ id: await atStreet() }) },
        { state: 'resolved', make: async () => ({ id: await resolved() }) },
        { state: 'closed (rating correctable)', make: async () => ({ id: await closed() }) },
        { state: 'reopened after a visit', make: async () => ({ id: await notSolved() }) },
      ],
      bodies: {
        resolveOnSpot: { resolution: '当场修好' },
        transfer: handOff,
        escalate: { note: '需街道协调' },
        complete: { resolution: '已修好' },
        confirm: { rating: 'satisfied', comment: '满意' },
        reopen: { reason: '又坏了' },
        correctRating: { rating: 'basically_satisfied' },
        promote: {},
      },
    });
    // Each kind of answer happened: the table is exercised, not vacuously agreed with.
    expect(counts.succeeded).toBeGreaterThan(10);
    expect(counts.refused).toBeGreaterThan(10);
    expect(counts.hidden).toBeGreaterThan(10);
  }, 600_000);
});
