import { describe, expect, it } from 'vitest';
import { insertUser, testCrypto } from '../../../test/app.ts';
import { memberBody, serverKit } from '../../../test/kit.ts';
import { runCrossScopeMatrix } from '../../../test/scope.ts';
import { insertMember, nextIdNumber } from './members.testkit.ts';

const { t, tree, district, branch } = serverKit({
  district: { org: 'd1', role: 'district_admin', username: 'm_district' },
  branch: { org: 'b1', role: 'branch_secretary', username: 'm_branch' },
});

const validBody = (over: Record<string, unknown> = {}) =>
  memberBody('张三', nextIdNumber('19850315'), {
    phone: '13812345678',
    address: '示范区中山街道朝阳路1号',
    education: 'bachelor',
    ...over,
  });

describe('member registry', () => {
  it('registers a member with encrypted personal data and shows it masked', async () => {
    const body = validBody();
    const res = await branch({ method: 'POST', url: `/api/v1/orgs/${tree.b1.id}/members`, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    const data = res.json().data;
    expect(data.idNumber).toBe(`${body.idNumber.slice(0, 3)}**************${body.idNumber.slice(-1)}`);
    expect(data.phone).toBe('138****5678');
    expect(data).not.toHaveProperty('birthDate');
    expect(data.age).toBe(41);
    expect(data.address).toBe('示范区中山街****');
    expect(res.body).not.toContain(body.idNumber);

    const raw = await t.db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', data.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(raw)).not.toContain(body.idNumber);
    expect(JSON.stringify(raw)).not.toContain('13812345678');
    expect(testCrypto.decrypt(raw.idNumberEnc)).toBe(body.idNumber);

    const list = await district({
      method: 'GET',
      url: '/api/v1/members',
      query: { orgId: String(tree.s1.id), q: '张三' },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toHaveLength(1);
    expect(Object.keys(list.json().data[0])).toEqual(
      expect.arrayContaining(['id', 'name', 'orgId', 'category', 'status', 'idNumber']),
    );
    expect(list.body).not.toContain(body.idNumber);

    // Exact search through the blind index, full-width digits too.
    const fullWidth = body.idNumber.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const byId = await district({ method: 'GET', url: '/api/v1/members', query: { q: fullWidth } });
    expect(byId.json().data.map((m: { id: number }) => m.id)).toEqual([data.id]);
    const byPhone = await district({ method: 'GET', url: '/api/v1/members', query: { q: '138 1234 5678' } });
    expect(byPhone.json().data.map((m: { id: number }) => m.id)).toEqual([data.id]);
  });

  it('rejects bad ID numbers, phones and dates with Chinese messages naming the field', async () => {
    const bad = validBody({ idNumber: '110105194912310021', phone: '12345', joinedOn: '2030-01-01' });
    const res = await branch({ method: 'POST', url: `/api/v1/orgs/${tree.b1.id}/members`, payload: bad });
    expect(res.statusCode).toBe(422);
    const fields = res.json().error.fields;
    expect(fields.idNumber).toContain('校验位');
    expect(fields.phone).toContain('手机号');
    expect(fields.joinedOn).toContain('入党日期');

    const mismatch = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/members`,
      payload: validBody({ idNumber: '11010519491231002X', gender: 'male' }),
    });
    expect(mismatch.json().error.fields.gender).toBe('性别与身份证号不一致');

    const extra = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/members`,
      payload: { ...validBody(), orgId: tree.d2.id },
    });
    expect(extra.statusCode).toBe(400);
  });

  it('refuses a duplicate ID number without revealing where it is registered', async () => {
    const idNumber = nextIdNumber('19700101');
    await insertMember(t.db, testCrypto, tree.c3.id, {});
    const first = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/members`,
      payload: validBody({ idNumber }),
    });
    expect(first.statusCode).toBe(201);
    const again = await district({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c2.id}/members`,
      payload: validBody({ idNumber }),
    });
    // The district sees the branch's record: it may be told so (elsewhere: personal-data.test.ts).
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已在本组织范围内登记');
  });

  it('reveals with a reason and writes an audit row without the full number', async () => {
    const idNumber = nextIdNumber('19900505');
    const created = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/members`,
      payload: validBody({ idNumber }),
    });
    const id = created.json().data.id;
    const noReason = await branch({ method: 'POST', url: `/api/v1/members/${id}/reveal`, payload: {} });
    expect(noReason.statusCode).toBe(400);
    const res = await branch({
      method: 'POST',
      url: `/api/v1/members/${id}/reveal`,
      payload: { reason: '核对组织关系转接信息', fields: ['idNumber'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.idNumber).toBe(idNumber);
    const audit = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'members.reveal')
      .where('objectId', '=', String(id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(idNumber);
    expect(JSON.stringify(audit[0]?.detail)).toContain('核对组织关系转接信息');
  });

  it('changes status with dated history', async () => {
    const id = await insertMember(t.db, testCrypto, tree.b1.id, {
      status: 'probationary',
      fullOn: null,
      joinedOn: '2025-07-01',
    });
    const res = await branch({
      method: 'POST',
      url: `/api/v1/members/${id}/status`,
      payload: { status: 'full', since: '2026-07-01', reason: '支部大会讨论按期转正' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.status).toBe('full');
    expect(res.json().data.fullOn).toBe('2026-07-01');
    expect(res.json().data.statusHistory.map((h: { status: string }) => h.status)).toEqual(['full']);
    const back = await branch({
      method: 'POST',
      url: `/api/v1/members/${id}/status`,
      payload: { status: 'transferred_out', since: '2026-08-01', reason: '测试' },
    });
    expect(back.statusCode).toBe(422);
  });

  it('a member reads only their own record', async () => {
    const userId = await insertUser(t.db, { username: 'm_self', orgId: tree.b1.id, role: 'member' });
    const own = await insertMember(t.db, testCrypto, tree.b1.id, { userId });
    const other = await insertMember(t.db, testCrypto, tree.b1.id, {});
    const me = await t.login('m_self');
    expect((await me({ method: 'GET', url: `/api/v1/members/${own}` })).statusCode).toBe(200);
    expect((await me({ method: 'GET', url: '/api/v1/members/me' })).json().data.id).toBe(own);
    expect((await me({ method: 'GET', url: `/api/v1/members/${other}` })).statusCode).toBe(404);
    expect((await me({ method: 'GET', url: '/api/v1/members' })).statusCode).toBe(403);
  });

  it('the list total (from the rollups for single-dimension filters) equals the rows listed', async () => {
    await insertMember(t.db, testCrypto, tree.b1.id, { status: 'transferred_out', education: null });
    await insertMember(t.db, testCrypto, tree.b1.id, { status: 'probationary', category: 'retired' });
    await insertMember(t.db, testCrypto, tree.c3.id, { gender: 'female', education: 'college' });
    await insertMember(t.db, testCrypto, tree.b1.id, { status: 'lost_contact', gender: 'male' });
    const queries: Record<string, string>[] = [
      {},
      { orgId: String(tree.s1.id) },
      { orgId: String(tree.b1.id) },
      { status: 'transferred_out' },
      { status: 'full', orgId: String(tree.b1.id) },
      { category: 'retired' },
      { category: 'in_service', orgId: String(tree.s1.id) },
      { gender: 'female' },
      { education: 'unknown', includeInactive: 'true' },
      { education: 'college' },
      { includeInactive: 'true' },
      { category: 'in_service', gender: 'male' },
    ];
    for (const [name, client] of [
      ['district', district],
      ['branch', branch],
    ] as const) {
      for (const query of queries) {
        const res = await client({
          method: 'GET',
          url: '/api/v1/members',
          query: { ...query, pageSize: '200' },
        });
        if (res.statusCode === 404) continue;
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        expect(body.page.total, `${name} ${JSON.stringify(query)}`).toBe(body.data.length);
      }
    }
  });

  it('lists cover the subtree; an orgId outside the scope is 404', async () => {
    const res = await branch({ method: 'GET', url: '/api/v1/members', query: { orgId: String(tree.s1.id) } });
    expect(res.statusCode).toBe(404);
    const other = await branch({
      method: 'GET',
      url: '/api/v1/members',
      query: { orgId: String(tree.c3.id) },
    });
    expect(other.statusCode).toBe(404);
    const cats = await branch({
      method: 'GET',
      url: '/api/v1/member-categories',
      query: { orgId: String(tree.b1.id) },
    });
    expect(cats.json().data.items.map((c: { code: string }) => c.code)).toContain('in_service');
    expect(
      (
        await branch({
          method: 'GET',
          url: '/api/v1/member-categories',
          query: { orgId: String(tree.c3.id) },
        })
      ).statusCode,
    ).toBe(404);
    const mine = await branch({ method: 'GET', url: '/api/v1/members' });
    const orgIds = new Set(mine.json().data.map((m: { orgId: number }) => m.orgId));
    expect([...orgIds]).toEqual([tree.b1.id]);
  });
});

describe('member routes across scopes', () => {
  const create = (orgId: number) => insertMember(t.db, testCrypto, orgId, {});
  it('read, update and delete follow the subtree', async () => {
    await runCrossScopeMatrix(t, tree, {
      role: 'street_secretary',
      home: 's1',
      create,
      read: { route: 'GET /api/v1/members/:id' },
      update: { route: 'PATCH /api/v1/members/:id', payload: { workUnit: '示范单位' } },
      delete: { route: 'DELETE /api/v1/members/:id', query: { reason: '录入错误' } },
    });
  });
  it('community secretaries: list, reveal, status, posts', async () => {
    for (const call of [{ route: 'GET /api/v1/members', query: { orgId: ':id' } }]) {
      await runCrossScopeMatrix(t, tree, {
        role: 'community_secretary',
        create: async (orgId) => orgId,
        read: call,
      });
    }
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create,
      read: { route: 'POST /api/v1/members/:id/reveal', payload: { reason: '核对信息用途' } },
      update: {
        route: 'POST /api/v1/members/:id/posts',
        payload: { title: '组织委员', startedOn: '2026-01-01' },
      },
    });
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: async (orgId) => orgId,
      update: { route: 'POST /api/v1/orgs/:id/members', payload: () => validBody() },
    });
  });
});

describe('party posts', () => {
  it('ending a post follows the subtree; out of scope is 404 and changes nothing', async () => {
    const id = await insertMember(t.db, testCrypto, tree.b1.id, {});
    const post = await t.db
      .insertInto('memberPosts')
      .values({ memberId: id, orgId: tree.b1.id, title: '支部书记', startedOn: '2020-01-01', endedOn: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertUser(t.db, { username: 'm_other', orgId: tree.c3.id, role: 'community_secretary' });
    const other = await t.login('m_other');
    const refused = await other({
      method: 'POST',
      url: `/api/v1/members/${id}/posts/${post.id}/end`,
      payload: { endedOn: '2026-01-01' },
    });
    expect(refused.statusCode).toBe(404);
    const still = await t.db
      .selectFrom('memberPosts')
      .select('endedOn')
      .where('id', '=', post.id)
      .executeTakeFirstOrThrow();
    expect(still.endedOn).toBeNull();
    const ok = await branch({
      method: 'POST',
      url: `/api/v1/members/${id}/posts/${post.id}/end`,
      payload: { endedOn: '2026-01-01' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().data.posts[0].endedOn).toBe('2026-01-01');
  });
});

describe('export and import over HTTP', () => {
  it('exports masked by default, escapes formulas, and audits unmasked exports', async () => {
    const id = await insertMember(t.db, testCrypto, tree.b1.id, { name: '=HYPERLINK("http://x")' });
    const row = await t.db
      .selectFrom('members')
      .select('idNumberEnc')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const full = testCrypto.decrypt(row.idNumberEnc);
    const csv = await branch({
      method: 'POST',
      url: '/api/v1/members/export',
      payload: { format: 'csv', orgId: tree.b1.id },
    });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toContain(`'=HYPERLINK`);
    expect(csv.body).not.toContain(full);
    expect(csv.body).toContain(`${full.slice(0, 3)}**************${full.slice(-1)}`);
    const xlsx = await branch({
      method: 'POST',
      url: '/api/v1/members/export',
      payload: { format: 'xlsx', orgId: tree.b1.id },
    });
    expect(xlsx.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const values = wb.worksheets[0]!.getSheetValues().flat().map(String).join('|');
    expect(values).toContain(`'=HYPERLINK`);
    expect(values).not.toContain(full);
    // Nobody exports unmasked directly: it takes an approved request (personal-data.test.ts).
    const refused = await branch({
      method: 'POST',
      url: '/api/v1/members/export',
      payload: { format: 'csv', unmasked: true, reason: '上报组织部核对' },
    });
    expect(refused.statusCode).toBe(403);
    const direct = await district({
      method: 'POST',
      url: '/api/v1/members/export',
      payload: { format: 'csv', orgId: tree.b1.id, unmasked: true, reason: '上报组织部核对' },
    });
    expect(direct.statusCode).toBe(403);
    expect(direct.body).not.toContain(full);
  });

  it('uploads, previews with row errors, commits once', async () => {
    const template = await branch({
      method: 'GET',
      url: '/api/v1/member-imports/template',
      query: { format: 'csv' },
    });
    expect(template.body).toContain('身份证号*');
    const good = nextIdNumber('19880808');
    const csv = `姓名,身份证号,入党日期,转正日期,党员类别,党员状态\n甲,${good},2012-07-01,2013-07-01,在职党员,正式党员\n乙,110105194912310021,2012-07-01,2013-07-01,在职党员,正式党员\n`;
    const upload = async (body: string) => {
      const res = await branch({
        method: 'POST',
        url: `/api/v1/orgs/${tree.b1.id}/member-imports`,
        query: { filename: 'a.csv' },
        headers: { 'content-type': 'text/csv' },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(202);
      let job = res.json().data;
      // The worker thread reports back asynchronously: poll the job like the web page does.
      for (let i = 0; i < 600 && job.status === 'parsing'; i++) {
        await new Promise((r) => setTimeout(r, 25));
        job = (await branch({ method: 'GET', url: `/api/v1/member-imports/jobs/${job.id}` })).json().data;
      }
      return job;
    };
    const bad = await upload(csv);
    expect(bad.status).toBe('ready');
    expect(bad.preview.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'ID_CHECK_DIGIT'],
    ]);
    expect(
      (await branch({ method: 'POST', url: `/api/v1/member-imports/jobs/${bad.id}/commit` })).statusCode,
    ).toBe(422);
    // Another user cannot see the job.
    expect((await district({ method: 'GET', url: `/api/v1/member-imports/jobs/${bad.id}` })).statusCode).toBe(
      404,
    );
    const fixed = await upload(csv.split('\n').slice(0, 2).join('\n'));
    expect(fixed.preview.errors).toEqual([]);
    const committed = await branch({ method: 'POST', url: `/api/v1/member-imports/jobs/${fixed.id}/commit` });
    expect(committed.json().data.result.imported).toBe(1);
    const found = await branch({ method: 'GET', url: '/api/v1/members', query: { q: good } });
    expect(found.json().data).toHaveLength(1);
    const again = await upload(csv.split('\n').slice(0, 2).join('\n'));
    expect(again.preview.alreadyImported.rowCount).toBe(1);
    // Outside the scope: 404.
    const other = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c3.id}/member-imports`,
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(other.statusCode).toBe(404);
  });
});
