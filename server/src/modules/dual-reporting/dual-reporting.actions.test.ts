import { beforeAll, describe, expect, it } from 'vitest';
import { callerWith, checkAbilitiesAgree, postOk, scopeCallers, tableKit } from '../../../test/actions.ts';
import { type Client, insertOrg, testCrypto } from '../../../test/app.ts';
import { insertMember } from '../members/index.ts';
import { projectActions, serviceActions } from './dual-reporting.actions.ts';

/**
 * The dual-reporting tables driven like every action table: for each action, each state of a
 * fixture record and each caller, `abilities` say true exactly when the route succeeds.
 */
const { kit, callers } = tableKit(scopeCallers('dr'));
const post = postOk;
let community: Client;
let unitSide: Client;
let regId: number;
let unitId: number;

beforeAll(async () => {
  const { t, tree } = kit;
  t.clock.set('2026-11-25T09:00:00+08:00');
  const unitOrg = await insertOrg(t.db, {
    code: 'D1-S1-UA',
    parentId: tree.s1.id,
    kind: 'branch',
    level: null,
    unitType: 'agency',
  });
  const memberId = await insertMember(t.db, testCrypto, unitOrg.id, { name: '钱在职' });
  community = kit.community;
  const unit = await callerWith(t, 'unit branch', 'dr_unit', { orgId: unitOrg.id, role: 'branch_secretary' });
  callers.push(unit);
  unitSide = unit.client;
  unitId = (
    await post(community, `/orgs/${tree.c1.id}/dual-reporting/units`, {
      unitName: '区审计局',
      unitOrgId: unitOrg.id,
      sourceLevel: 'district',
      declaredMembers: 12,
      registeredOn: '2026-03-01',
    })
  ).id;
  regId = (
    await post(unitSide, `/dual-reporting/units/${unitId}/members`, {
      memberId,
      basis: 'work',
      registeredOn: '2026-03-05',
    })
  ).id;
});

describe('dual-reporting action tables', () => {
  it('service records: confirm and reject agree with abilities for every state and caller', async () => {
    const recorded = async () =>
      (
        await post(unitSide, `/dual-reporting/registrations/${regId}/services`, {
          servedOn: '2026-11-20',
          hours: 2,
          description: '楼道清理',
        })
      ).id as number;
    const counts = await checkAbilitiesAgree(kit.t.db, serviceActions, {
      callers,
      fixtures: [
        { state: 'pending', make: async () => ({ id: await recorded() }) },
        {
          state: 'confirmed',
          make: async () => {
            const id = await recorded();
            await post(community, `/dual-reporting/services/${id}/confirm`, {});
            return { id };
          },
        },
        {
          state: 'rejected',
          make: async () => {
            const id = await recorded();
            await post(community, `/dual-reporting/services/${id}/reject`, { reason: '时长不实' });
            return { id };
          },
        },
      ],
      bodies: { confirm: {}, reject: { reason: '时长不实' } },
    });
    expect(counts.succeeded).toBeGreaterThanOrEqual(2);
    expect(counts.refused).toBeGreaterThan(4);
    expect(counts.hidden).toBeGreaterThan(4);
    // The list carries the same abilities.
    await recorded();
    const list = (await community({ method: 'GET', url: '/api/v1/dual-reporting/services' })).json().data;
    expect(
      list.some(
        (s: { status: string; abilities: { confirm: boolean } }) =>
          s.status === 'pending' && s.abilities.confirm,
      ),
    ).toBe(true);
    expect(
      list.every(
        (s: { status: string; abilities: { confirm: boolean } }) =>
          s.status === 'pending' || !s.abilities.confirm,
      ),
    ).toBe(true);
  }, 600_000);

  it('projects: complete agrees with abilities (open, claimed, completed)', async () => {
    const need = async () =>
      (
        await post(community, `/orgs/${kit.tree.c1.id}/dual-reporting/needs`, {
          title: '老旧小区加装扶手',
          description: '需要施工志愿者',
        })
      ).id as number;
    const claimed = async () => {
      const id = await need();
      await post(unitSide, `/dual-reporting/projects/${id}/claim`, {});
      return id;
    };
    const counts = await checkAbilitiesAgree(kit.t.db, projectActions, {
      callers,
      fixtures: [
        { state: 'open need', make: async () => ({ id: await need() }) },
        { state: 'claimed', make: async () => ({ id: await claimed() }) },
        {
          state: 'completed',
          make: async () => {
            const id = await claimed();
            await post(community, `/dual-reporting/projects/${id}/complete`, { outcome: '已安装' });
            return { id };
          },
        },
      ],
      bodies: { complete: { outcome: '已安装' } },
    });
    expect(counts.succeeded).toBeGreaterThanOrEqual(1);
    expect(counts.refused).toBeGreaterThan(2);
    expect(counts.hidden).toBeGreaterThan(2);
  }, 600_000);
});
