import { describe, expect, it } from 'vitest';
import { serverKit } from '../../../test/kit.ts';
import { downloadLedger, exportAudits, sheetRows } from '../../platform/spreadsheet.testkit.ts';

const { t, tree, resident, secretary, far } = serverKit({
  resident: { org: 'c1', role: 'resident', username: 'ledger_res' },
  secretary: { org: 'c1', role: 'community_secretary', username: 'ledger_sec' },
  far: { org: 'c3', role: 'community_secretary', username: 'ledger_far' },
});

describe('群众提案台账 (.xlsx)', () => {
  it('lists the subtree proposals of the period with their step and tasks, audited; 404 outside', async () => {
    t.clock.set('2026-11-10T09:00:00+08:00');
    const created = await resident({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/proposals`,
      payload: { title: '=增设充电桩', content: '楼道充电隐患大', category: 'safety' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id as number;
    expect(
      (await secretary({ method: 'POST', url: `/api/v1/proposals/${id}/accept`, payload: {} })).statusCode,
    ).toBe(200);

    const wb = await downloadLedger(
      secretary,
      `/api/v1/proposals/ledger.xlsx?orgId=${tree.c1.id}&from=2026-11-01&to=2026-11-30`,
    );
    const rows = sheetRows(wb, '提案台账');
    expect(rows[0]).toEqual(expect.arrayContaining(['编号', '组织', '当前环节', '表决结果', '办理结果']));
    expect(rows).toHaveLength(2);
    // The step in words, the category in words, a formula-like title escaped.
    expect(rows[1]).toEqual(
      expect.arrayContaining([String(id), "'=增设充电桩", '平安建设', '协商', '网上提交']),
    );
    expect(sheetRows(wb, '落实任务')[0]).toEqual(expect.arrayContaining(['提案编号', '任务', '进度（%）']));
    // Another period: no rows.
    const none = await downloadLedger(secretary, '/api/v1/proposals/ledger.xlsx?from=2026-12-01');
    expect(sheetRows(none, '提案台账')).toHaveLength(1);

    const audits = await exportAudits(t, 'proposals.export');
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ orgPath: tree.c1.path, detail: { ledger: '群众提案台账', rows: 1 } });

    // The other district's secretary: 404 for C1 and an empty ledger of their own scope.
    expect(
      (await far({ method: 'GET', url: `/api/v1/proposals/ledger.xlsx?orgId=${tree.c1.id}` })).statusCode,
    ).toBe(404);
    expect(sheetRows(await downloadLedger(far, '/api/v1/proposals/ledger.xlsx'), '提案台账')).toHaveLength(1);
    // Residents have no ledger; a period that ends before it starts is named.
    expect((await resident({ method: 'GET', url: '/api/v1/proposals/ledger.xlsx' })).statusCode).toBe(403);
    const backwards = await secretary({
      method: 'GET',
      url: '/api/v1/proposals/ledger.xlsx?from=2026-12-01&to=2026-11-01',
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().error.fields).toHaveProperty('to');
  });
});
