import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, insertTwoDistricts, insertUser, type TestApp } from '../../../test/app.ts';
import type { ScopeTree } from '../../../test/scope.ts';

let t: TestApp;
let tree: ScopeTree;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await insertTwoDistricts(t.db);
  await insertUser(t.db, { username: 'sp_res', orgId: tree.c1.id, role: 'resident' });
  await insertUser(t.db, { username: 'sp_comm', orgId: tree.c1.id, role: 'community_secretary' });
  await insertUser(t.db, { username: 'sp_far', orgId: tree.d2.id, role: 'district_admin' });
});
afterAll(() => t.close());

describe('request handling form print (民情诉求办理单)', () => {
  it('prints as HTML and PDF with the request code, audited; 404 outside scope', async () => {
    const resident = await t.login('sp_res');
    const community = await t.login('sp_comm');
    const far = await t.login('sp_far');
    const { categoryId } = await t.db
      .selectFrom('serviceRequestCategories')
      .select('id as categoryId')
      .where('active', '=', true)
      .executeTakeFirstOrThrow();
    const res = await resident({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/service-requests`,
      payload: { categoryId, title: '楼道灯不亮', description: '3号楼2单元楼道灯坏了一周' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, code } = res.json().data;
    const html = await community({ method: 'GET', url: `/api/v1/service-requests/${id}/print` });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('民情诉求办理单');
    expect(html.body).toContain(`编号：${code}`);
    const pdf = await community({ method: 'GET', url: `/api/v1/service-requests/${id}/print.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toContain(`(${code})`);
    for (const url of [`/api/v1/service-requests/${id}/print`, `/api/v1/service-requests/${id}/print.pdf`]) {
      expect((await far({ method: 'GET', url })).statusCode).toBe(404);
    }
    const audited = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'service_requests.print')
      .where('objectId', '=', String(id))
      .execute();
    expect(audited).toHaveLength(2);
  });
});
