import { describe, expect, it } from 'vitest';
import { postOk } from '../../../test/actions.ts';
import { serverKit } from '../../../test/kit.ts';

const SESSIONS = { security: { sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 } };
const { t, tree, street, branch, farDistrict } = serverKit(
  {
    street: { org: 's1', role: 'street_secretary' },
    branch: { org: 'b1', role: 'branch_secretary' },
    farDistrict: { org: 'd2', role: 'district_admin' },
  },
  SESSIONS,
);

interface Group {
  key: string;
  items: { key: string; title: string; date: string; overdue: boolean; path: string }[];
}
const todos = async (client: typeof street) => {
  const res = await client({ method: 'GET', url: '/api/v1/notifications/todos' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.groups as Group[];
};
const group = (groups: Group[], key: string) => groups.find((g) => g.key === key)?.items ?? [];

describe('term reminders in the to-do list (换届提醒)', () => {
  it('the level above is reminded from six months before the end, then of the overdue term', async () => {
    t.clock.set('2026-01-10T09:00:00+08:00');
    // community c1: 5 years, ends 2027-03-01 (remind from 2026-09-01)
    await postOk(street, `/orgs/${tree.c1.id}/terms`, { startedOn: '2022-03-01' });
    t.clock.set('2026-08-31T20:00:00+08:00');
    expect(group(await todos(street), 'elections.terms-due')).toEqual([]);
    t.clock.set('2026-09-01T09:00:00+08:00');
    const due = group(await todos(street), 'elections.terms-due');
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ date: '2027-03-01', overdue: false, path: '/elections?status=due' });
    expect(due[0]?.title).toContain('C1即将届满');
    // not the street's own list of the same kind (the street's own term is not registered)
    t.clock.set('2027-03-02T09:00:00+08:00');
    const overdue = group(await todos(street), 'elections.terms-due');
    expect(overdue[0]).toMatchObject({ overdue: true, path: '/elections?status=overdue' });
    expect(overdue[0]?.key).not.toBe(due[0]?.key); // an overdue term is unread again
    // another district sees none of it
    expect(group(await todos(farDistrict), 'elections.terms-due')).toEqual([]);
  });

  it('the reminder period is the term rule of the place (a street version of its own: three months)', async () => {
    t.clock.set('2026-01-10T09:00:00+08:00');
    await postOk(branch, `/orgs/${tree.b1.id}/terms`, { startedOn: '2024-01-10' }); // ends 2027-01-10
    await t.db
      .insertInto('termRules')
      .values({
        orgId: tree.s1.id,
        version: 's1-2026',
        effectiveFrom: '2026-01-01',
        source: '街道换届工作规程（测试）',
        lengths: JSON.stringify({ committee: 5, generalBranch: 3, branch: 3, villageCommunity: 5 }) as never,
        remindMonths: 3,
        maxAdjustMonths: 12,
      })
      .execute();
    t.clock.set('2026-10-09T09:00:00+08:00');
    expect(group(await todos(street), 'elections.terms-due').map((i) => i.date)).not.toContain('2027-01-10');
    t.clock.set('2026-10-10T09:00:00+08:00');
    expect(group(await todos(street), 'elections.terms-due').map((i) => i.date)).toContain('2027-01-10');
    // the branch itself is reminded of its own term
    const own = group(await todos(branch), 'elections.own-term');
    expect(own.map((i) => i.date)).toEqual(['2027-01-10']);
    expect(group(await todos(branch), 'elections.terms-due')).toEqual([]);
  });
});
