import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerWith, checkAbilitiesAgree, postOk } from '../../../test/actions.ts';
import { buildTestApp, insertTwoDistricts, type TestApp } from '../../../test/app.ts';
import { itemActions, listActions } from './responsibility.actions.ts';

/** The list and item action tables, for every action × state × caller (see test/actions.ts). */
let t: TestApp;
let tree: Awaited<ReturnType<typeof insertTwoDistricts>>;

beforeAll(async () => {
  t = await buildTestApp({ security: { sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 } });
  tree = await insertTwoDistricts(t.db);
  t.clock.set('2026-02-16T09:00:00+08:00');
});

afterAll(async () => {
  await t.close();
});

describe('responsibility action tables', () => {
  it('abilities agree with the routes for every action, state and caller', async () => {
    const district = await callerWith(t, 'district', 'rs_district', {
      orgId: tree.d1.id,
      role: 'district_admin',
    });
    const street = await callerWith(t, 'street', 'rs_street', {
      orgId: tree.s1.id,
      role: 'street_secretary',
    });
    const community = await callerWith(t, 'community', 'rs_comm', {
      orgId: tree.c1.id,
      role: 'community_secretary',
    });
    const sibling = await callerWith(t, 'sibling community', 'rs_sib', {
      orgId: tree.c2.id,
      role: 'community_secretary',
    });
    const member = await callerWith(t, 'member', 'rs_member', { orgId: tree.b1.id, role: 'member' });
    const far = await callerWith(t, 'other district', 'rs_far', {
      orgId: tree.d2.id,
      role: 'district_admin',
    });
    const post = postOk;
    let year = 2026;
    // A street list (own kind per fixture: one list per organization, year, kind and holder).
    const streetList = async () => {
      year += 1;
      const list = await post(street.client, `/orgs/${tree.s1.id}/responsibility/lists`, {
        year,
        kind: 'task',
        holder: 'committee',
        title: '街道任务清单',
        signDueOn: `${year}-03-01`,
      });
      return list.id as number;
    };
    const item = {
      ownerOrgId: tree.c1.id,
      ownerPerson: '王书记',
      title: '规范三会一课',
      measure: '按月召开',
      deadline: '2030-06-30',
      weight: 5,
    };
    const withItem = async () => {
      const id = await streetList();
      await post(street.client, `/responsibility/lists/${id}/items`, item);
      return id;
    };
    const signedList = async () => {
      const id = await withItem();
      await post(street.client, `/responsibility/lists/${id}/sign`, {});
      return id;
    };
    const lists = await checkAbilitiesAgree(t.db, listActions, {
      callers: [district, street, community, sibling, member, far],
      fixtures: [
        { state: 'unsigned', make: async () => ({ id: await withItem() }) },
        { state: 'signed', make: async () => ({ id: await signedList() }) },
      ],
      bodies: { addItem: item, sign: {} },
    });
    expect(lists.succeeded).toBeGreaterThanOrEqual(3);
    expect(lists.refused).toBeGreaterThan(3);
    expect(lists.hidden).toBeGreaterThan(2);

    const itemOf = async (listId: number) =>
      (
        await t.db
          .selectFrom('responsibilityItems')
          .select('id')
          .where('listId', '=', listId)
          .executeTakeFirstOrThrow()
      ).id;
    const openItem = async () => itemOf(await withItem());
    const doneItem = async () => {
      const id = await openItem();
      await post(community.client, `/responsibility/items/${id}/progress`, {
        text: '完成',
        progress: 100,
        done: true,
      });
      return id;
    };
    const items = await checkAbilitiesAgree(t.db, itemActions, {
      callers: [district, street, community, sibling, member, far],
      fixtures: [
        { state: 'open', make: async () => ({ id: await openItem() }) },
        { state: 'done', make: async () => ({ id: await doneItem() }) },
      ],
      bodies: { revise: { measure: '每月按时召开并上传记录' }, report: { text: '进行中', progress: 40 } },
    });
    expect(items.succeeded).toBeGreaterThanOrEqual(4);
    expect(items.refused).toBeGreaterThan(3);
    expect(items.hidden).toBeGreaterThan(2);
  }, 600_000);
});
