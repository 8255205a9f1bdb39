import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, insertOrg, insertUser, testCrypto } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { insertMember } from '../members/index.ts';
import { computeCompliance } from './compliance.ts';
import { computeComplianceSummary } from './summary.ts';

/**
 * Issue 13: compliance must not show false red or false green — invalid meetings, organizations
 * not yet established, 党小组会 held by groups, 支委会 only where there is a committee.
 */
const { t, tree } = serverKit();
const TODAY = '2026-11-21';

async function branchWith(
  code: string,
  parentId: number,
  full: number,
  kind: 'branch' | 'general_branch' = 'branch',
) {
  const org = await insertOrg(t.db, { code, parentId, kind, level: 'grid' });
  const ids: number[] = [];
  for (let i = 0; i < full; i++)
    ids.push(await insertMember(t.db, testCrypto, org.id, { name: `${code}党员${i + 1}` }));
  return { ...org, members: ids };
}

async function secretaryOf(orgId: number, username: string): Promise<Client> {
  await insertUser(t.db, { username, orgId, role: 'branch_secretary' });
  return t.login(username);
}

async function planOn(client: Client, orgId: number, typeCode: string, plannedOn = '2026-11-20') {
  return client({
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/meetings`,
    payload: { typeCode, topic: '议题', plannedOn, place: '活动室', hostName: '书记', recorderName: '委员' },
  });
}

beforeAll(async () => {
  t.clock.set(`${TODAY}T09:00:00+08:00`);
});

describe('an inquorate branch assembly', () => {
  it('is recorded and visible but does not close the quarter, and the reason says why', async () => {
    const b = await branchWith('IQ-B', tree.c1.id, 7);
    const sec = await secretaryOf(b.id, 'iq_sec');
    const hold = async (present: number) => {
      const planned = await planOn(sec, b.id, 'branch_assembly');
      expect(planned.statusCode, planned.body).toBe(201);
      const id = planned.json().data.id;
      const rec = await sec({
        method: 'PUT',
        url: `/api/v1/org-life/meetings/${id}/record`,
        payload: {
          heldOn: '2026-11-20',
          minutes: '讨论接收预备党员。',
          attendance: b.members.map((memberId, i) =>
            i < present ? { memberId, status: 'present' } : { memberId, status: 'absent', reason: '外出' },
          ),
          resolutions: [{ title: '接收预备党员', vote: { yes: present, no: 0, abstain: 0 } }],
        },
      });
      expect(rec.statusCode, rec.body).toBe(200);
      const signed = await sec({ method: 'POST', url: `/api/v1/org-life/meetings/${id}/sign` });
      expect(signed.statusCode, signed.body).toBe(200);
      return id;
    };
    // 3 of 7 present: not more than half, the record itself says 会议无效.
    const invalid = await hold(3);
    const shown = await sec({ method: 'GET', url: `/api/v1/org-life/meetings/${invalid}` });
    expect(shown.statusCode).toBe(200);
    expect(shown.json().data.status).toBe('signed');
    expect(shown.json().data.resolutions[0].vote.quorumMet).toBe(false);
    let rows = await computeCompliance(t.db, b.path, '2026-11', TODAY);
    let assembly = rows.find((r) => r.orgId === b.id && r.type === 'branch_assembly')!;
    expect(assembly.status).toBe('due');
    expect(assembly.reason).toContain('不足法定人数');
    expect(assembly.lastHeldAt).toBeNull();
    const summary = await computeComplianceSummary(
      t.db,
      {
        id: tree.c1.id,
        name: 'c1',
        path: (await orgPath(tree.c1.id))!,
        kind: 'committee',
        level: 'community',
      },
      '2026-11',
      TODAY,
    );
    const node = summary.children.find((c) => c.orgId === b.id)!;
    expect(node.byType.find((x) => x.type === 'branch_assembly')).toMatchObject({ ok: 0, total: 1 });
    // A quorate one (4 of 7) closes it.
    await hold(4);
    rows = await computeCompliance(t.db, b.path, '2026-11', TODAY);
    assembly = rows.find((r) => r.orgId === b.id && r.type === 'branch_assembly')!;
    expect(assembly.status).toBe('ok');
    expect(assembly.reason).toContain('已召开 1 次');
    expect(assembly.reason).toContain('不足法定人数');
  });
});

async function orgPath(id: number) {
  return (await t.db.selectFrom('orgs').select('path').where('id', '=', id).executeTakeFirst())?.path;
}

describe('the established date', () => {
  it('has no obligation before it; the first partial period is not required (FIRST_PERIOD_RULE)', async () => {
    const late = await branchWith('EST-DEC', tree.c2.id, 7);
    await t.db.updateTable('orgs').set({ establishedOn: '2026-12-01' }).where('id', '=', late.id).execute();
    expect(await computeCompliance(t.db, late.path, '2026-11', '2026-12-07')).toEqual([]);
    expect(await computeCompliance(t.db, late.path, '2025-06', '2026-12-07')).toEqual([]);
    // December: its first full month is judged; Q4 and 2026 began before it was established.
    const dec = await computeCompliance(t.db, late.path, '2026-12', '2026-12-07');
    expect(dec.map((r) => r.type).sort()).toEqual(['committee_meeting', 'theme_day']);

    const mid = await branchWith('EST-MID', tree.c2.id, 7);
    await t.db.updateTable('orgs').set({ establishedOn: '2026-11-10' }).where('id', '=', mid.id).execute();
    expect(await computeCompliance(t.db, mid.path, '2026-11', TODAY)).toEqual([]);
    const sec = await secretaryOf(mid.id, 'est_sec');
    const cal = await sec({ method: 'GET', url: `/api/v1/orgs/${mid.id}/org-life/calendar` });
    expect(cal.statusCode, cal.body).toBe(200);
    expect(cal.json().data.items).toEqual([]);
    const later = await sec({
      method: 'GET',
      url: `/api/v1/orgs/${mid.id}/org-life/calendar`,
      query: { date: '2026-12-15' },
    });
    const items = later.json().data.items as { type: string; periodStart: string }[];
    expect(items.map((i) => `${i.type}@${i.periodStart}`).sort()).toEqual([
      'committee_meeting@2026-12-01',
      'theme_day@2026-12-01',
    ]);
  });
});

describe('党小组会 and 支委会 holders', () => {
  it('belongs to each party group, rolled up to the branch; none for a branch without groups', async () => {
    const withGroups = await branchWith('GRP-B', tree.c3.id, 7);
    const g1 = await insertOrg(t.db, {
      code: 'GRP-B-G1',
      parentId: withGroups.id,
      kind: 'group',
      level: 'grid',
    });
    const g2 = await insertOrg(t.db, {
      code: 'GRP-B-G2',
      parentId: withGroups.id,
      kind: 'group',
      level: 'grid',
    });
    const noGroups = await branchWith('GRP-N', tree.c3.id, 7);
    const c3 = (await orgPath(tree.c3.id))!;
    const rows = await computeCompliance(t.db, c3, '2026-11', TODAY);
    const groupRows = rows.filter((r) => r.type === 'group_meeting');
    expect(groupRows.map((r) => r.orgId).sort()).toEqual([g1.id, g2.id].sort());
    expect(rows.some((r) => r.orgId === noGroups.id && r.type === 'group_meeting')).toBe(false);
    expect(rows.some((r) => r.orgId === withGroups.id && r.type === 'group_meeting')).toBe(false);

    const sec = await secretaryOf(withGroups.id, 'grp_sec');
    expect((await planOn(sec, withGroups.id, 'group_meeting')).statusCode).toBe(422);
    const onGroup = await planOn(sec, g1.id, 'group_meeting');
    expect(onGroup.statusCode, onGroup.body).toBe(201);

    const summary = await computeComplianceSummary(
      t.db,
      { id: tree.c3.id, name: 'c3', path: c3, kind: 'committee', level: 'community' },
      '2026-11',
      TODAY,
    );
    const b = summary.children.find((c) => c.orgId === withGroups.id)!;
    expect(b.byType.find((x) => x.type === 'group_meeting')).toMatchObject({ total: 2 });
    expect(
      summary.children.find((c) => c.orgId === noGroups.id)!.byType.some((x) => x.type === 'group_meeting'),
    ).toBe(false);
  });

  it('asks 支委会 only of a branch with a committee (7 full members); a two-member branch has none', async () => {
    const small = await branchWith('CM-2', tree.c1.id, 2);
    const big = await branchWith('CM-7', tree.c1.id, 7);
    const rowsSmall = await computeCompliance(t.db, small.path, '2026-11', TODAY);
    expect(rowsSmall.some((r) => r.type === 'committee_meeting')).toBe(false);
    expect(rowsSmall.some((r) => r.type === 'branch_assembly')).toBe(true);
    const rowsBig = await computeCompliance(t.db, big.path, '2026-11', TODAY);
    expect(rowsBig.some((r) => r.type === 'committee_meeting')).toBe(true);
    const sec = await secretaryOf(small.id, 'cm_sec');
    const cal = await sec({ method: 'GET', url: `/api/v1/orgs/${small.id}/org-life/calendar` });
    expect(cal.json().data.items.some((i: { type: string }) => i.type === 'committee_meeting')).toBe(false);
  });

  it('keeps the supervision figures equal to the per-organization list', async () => {
    const root = {
      id: tree.d1.id,
      name: 'd1',
      path: (await orgPath(tree.d1.id))!,
      kind: 'committee',
      level: 'district',
    };
    for (const month of ['2026-11', '2026-12']) {
      const today = month === '2026-11' ? TODAY : '2026-12-07';
      const rows = await computeCompliance(t.db, root.path, month, today);
      const summary = await computeComplianceSummary(t.db, root, month, today);
      for (const type of summary.types) {
        const list = rows.filter((r) => r.type === type.code);
        const fig = summary.total.byType.find((x) => x.type === type.code);
        expect({ type: type.code, n: fig?.total ?? 0, ok: fig?.ok ?? 0 }).toEqual({
          type: type.code,
          n: list.length,
          ok: list.filter((r) => r.status === 'ok').length,
        });
      }
    }
  });
});

describe('supervision opens on what is late now', () => {
  it('lists, for the current month, every month of the last year with overdue items', async () => {
    const root = {
      id: tree.d1.id,
      name: 'd1',
      path: (await orgPath(tree.d1.id))!,
      kind: 'committee',
      level: 'district',
    };
    const today = '2026-12-02';
    const now = await computeComplianceSummary(t.db, root, '2026-12', today);
    const nov = await computeComplianceSummary(t.db, root, '2026-11', today);
    expect(nov.total.counts.overdue).toBeGreaterThan(0);
    expect(nov.latePeriods).toBeUndefined();
    expect(now.total.counts.overdue).toBe(0);
    expect(now.latePeriods?.[0]).toEqual({ period: '2026-11', overdue: nov.total.counts.overdue });
    expect(now.latePeriods?.every((p) => p.overdue > 0)).toBe(true);
  });
});
