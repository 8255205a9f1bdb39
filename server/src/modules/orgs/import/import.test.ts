import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../../../test/app.ts';
import { serverKit } from '../../../../test/kit.ts';
import { clientWithRole } from '../../../../test/scope.ts';
import { createImportJob, runPreview } from '../../../platform/imports/jobs.ts';
import { commitOrgImport, previewOrgImport } from './import.service.ts';

const { t, tree, street } = serverKit({ street: { org: 's1', role: 'street_secretary' } });

const HEADER = '组织编码*,组织名称*,上级组织编码,组织类别*,行政层级,单位类型,成立日期';
const csv = (...lines: string[]) => Buffer.from(`\uFEFF${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');
const upload = (client: Client, orgId: number, bytes: Buffer, type = 'text/csv') =>
  client({
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/org-imports`,
    query: { filename: 'orgs.csv' },
    headers: { 'content-type': type },
    payload: bytes,
  });
const commit = (client: Client, jobId: string) =>
  client({ method: 'POST', url: `/api/v1/org-imports/jobs/${jobId}/commit` });
const orgByCode = (code: string) =>
  t.db
    .selectFrom('orgs')
    .select(['id', 'parentId', 'path', 'kind', 'level', 'unitType', 'establishedOn'])
    .where('code', '=', code)
    .executeTakeFirst();
const countOrgs = async () =>
  Number(
    (
      await t.db
        .selectFrom('orgs')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('organization import', () => {
  it('imports children listed before their parents, parents first, all in one go; the same file again adds nothing', async () => {
    // Grid branch (row 2) under a community defined in row 4, which is under an existing
    // community; a building group (row 3) under the grid branch; a unit branch under the street.
    const file = csv(
      'IMP-G1,第一网格党支部,IMP-C9,党支部,网格,,2021-07-01',
      'IMP-G1-B1,一号楼党小组,IMP-G1,党小组,楼栋,,2021/7/2',
      'IMP-C9,第九社区党委,D1-S1-C1,党委,社区(村),,2020年1月5日',
      'IMP-U1,示范企业党支部,,党支部,,非公企业,',
    );
    const before = await countOrgs();
    const res = await upload(street, tree.s1.id, file);
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json().data.preview;
    expect(preview).toMatchObject({ total: 4, ok: 4, errors: [], fatal: null, alreadyImported: null });
    expect(await countOrgs()).toBe(before);
    const done = await commit(street, res.json().data.id);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().data.result).toMatchObject({ imported: 4, alreadyImported: false });
    expect(await countOrgs()).toBe(before + 4);

    const c9 = (await orgByCode('IMP-C9'))!;
    const g1 = (await orgByCode('IMP-G1'))!;
    const b1 = (await orgByCode('IMP-G1-B1'))!;
    const u1 = (await orgByCode('IMP-U1'))!;
    expect(c9).toMatchObject({ parentId: tree.c1.id, path: `${tree.c1.path}${c9.id}/`, level: 'community' });
    expect(c9.establishedOn).toBe('2020-01-05');
    expect(g1).toMatchObject({ parentId: c9.id, path: `${c9.path}${g1.id}/`, kind: 'branch', level: 'grid' });
    expect(b1).toMatchObject({
      parentId: g1.id,
      kind: 'group',
      level: 'building',
      establishedOn: '2021-07-02',
    });
    expect(u1).toMatchObject({ parentId: tree.s1.id, level: null, unitType: 'non_public_enterprise' });
    const events = await t.db
      .selectFrom('orgEvents')
      .select('orgId')
      .where('orgId', 'in', [c9.id, g1.id, b1.id, u1.id])
      .where('kind', '=', 'created')
      .execute();
    expect(events).toHaveLength(4);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'orgPath'])
      .where('action', '=', 'orgs.import')
      .execute();
    expect(audit).toEqual([{ action: 'orgs.import', orgPath: tree.s1.path }]);

    // The same file again: recognised, nothing created.
    const again = await upload(street, tree.s1.id, file);
    expect(again.json().data.preview.alreadyImported).toMatchObject({ rowCount: 4 });
    const again2 = await commit(street, again.json().data.id);
    expect(again2.json().data.result).toMatchObject({ imported: 0, alreadyImported: true });
    expect(await countOrgs()).toBe(before + 4);
  });

  it('reports every problem by row and column, and commits nothing', async () => {
    const file = csv(
      /* 2 */ 'E-OK,正常组织,,党支部,网格,,',
      /* 3 */ 'E-OK,重复编码,,党支部,网格,,',
      /* 4 */ 'D1-S1-C1,与库中重复,,党支部,网格,,',
      /* 5 */ 'E-PARENT,未知上级,NOPE-404,党支部,网格,,',
      /* 6 */ 'E-OUT,范围外上级,D2-S1-C1,党支部,网格,,',
      /* 7 */ 'E-KIND,未知类别,,党组,网格,,',
      /* 8 */ 'E-LEVEL,未知层级,,党支部,省,,',
      /* 9 */ 'E-UNIT,未知单位类型,,党支部,,外资,',
      /* 10 */ 'E-NONE,没有层级,,党支部,,,',
      /* 11 */ 'E-DATE,日期错误,,党支部,网格,,2021-02-30',
      /* 12 */ 'E-CY1,循环一,E-CY2,党支部,网格,,',
      /* 13 */ 'E-CY2,循环二,E-CY1,党支部,网格,,',
      /* 14 */ 'E-SELF,自己,E-SELF,党支部,网格,,',
      /* 15 */ 'E-CHILD,上级有错,E-KIND,党小组,楼栋,,',
      /* 16 */ 'E-SIB,兄弟街道之下,D1-S2,党支部,网格,,',
      /* 17 */ 'bad code!,编码非法,,党支部,网格,,',
      /* 18 */ 'E-TWO,两处错误,NOPE-405,党组,网格,,',
    );
    const before = await countOrgs();
    const res = await upload(street, tree.s1.id, file);
    expect(res.statusCode, res.body).toBe(200);
    const { errors, total } = res.json().data.preview;
    expect(total).toBe(17);
    const got = errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code]);
    expect(got).toEqual([
      [3, '组织编码', 'DUPLICATE_IN_FILE'],
      [4, '组织编码', 'DUPLICATE_IN_DB'],
      [5, '上级组织编码', 'UNKNOWN_PARENT'],
      [6, '上级组织编码', 'UNKNOWN_PARENT'],
      [7, '组织类别', 'INVALID_VALUE'],
      [8, '行政层级', 'INVALID_VALUE'],
      [9, '单位类型', 'INVALID_VALUE'],
      [10, '行政层级', 'LEVEL_OR_UNIT'],
      [11, '成立日期', 'INVALID_DATE'],
      [12, '上级组织编码', 'CYCLE'],
      [13, '上级组织编码', 'CYCLE'],
      [14, '上级组织编码', 'CYCLE'],
      [15, '上级组织编码', 'PARENT_INVALID'],
      [16, '上级组织编码', 'UNKNOWN_PARENT'],
      [17, '组织编码', 'INVALID_VALUE'],
      [18, '组织类别', 'INVALID_VALUE'],
      [18, '上级组织编码', 'UNKNOWN_PARENT'],
    ]);
    // Out-of-scope organizations are never revealed: same message shape as a code that does not exist.
    const out = errors.find((e: { row: number }) => e.row === 6).message;
    const unknown = errors.find((e: { row: number }) => e.row === 5).message;
    expect(out.replace('D2-S1-C1', 'X')).toBe(unknown.replace('NOPE-404', 'X'));
    expect(errors.find((e: { row: number }) => e.row === 11).message).toContain('成立日期');
    const refused = await commit(street, res.json().data.id);
    expect(refused.statusCode).toBe(422);
    expect(await countOrgs()).toBe(before);
  });

  it('reads .xlsx files with a title row and Chinese headers, and serves the template in both formats', async () => {
    const xlsx = await street({
      method: 'GET',
      url: '/api/v1/org-imports/template',
      query: { format: 'xlsx' },
    });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const header = (wb.worksheets[0]!.getRow(1).values as string[]).slice(1);
    expect(header).toEqual([
      '组织编码*',
      '组织名称*',
      '上级组织编码',
      '组织类别*',
      '行政层级',
      '单位类型',
      '成立日期',
    ]);
    const csvTemplate = await street({
      method: 'GET',
      url: '/api/v1/org-imports/template',
      query: { format: 'csv' },
    });
    expect(csvTemplate.body).toContain('组织编码*');

    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('组织');
    ws.addRow(['二街道新建组织清单']);
    ws.mergeCells('A1:G1');
    ws.addRow(header);
    ws.addRow(['XL-1', '表格导入党总支', 'D1-S1-C2', '党总支', '社区', '', new Date(Date.UTC(2019, 5, 1))]);
    ws.addRow([]);
    ws.addRow(['XL-1-1', '表格导入支部', 'XL-1', '党支部', '网格', '', 43647]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const res = await upload(
      street,
      tree.s1.id,
      bytes,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.json().data.preview).toMatchObject({ total: 2, ok: 2, errors: [] });
    expect((await commit(street, res.json().data.id)).statusCode).toBe(200);
    expect(await orgByCode('XL-1')).toMatchObject({
      parentId: tree.c2.id,
      establishedOn: '2019-06-01',
      kind: 'general_branch',
    });
    expect(await orgByCode('XL-1-1')).toMatchObject({ establishedOn: '2019-07-01' });
  });

  it('answers 404 outside the caller scope, and only the uploader can commit a preview', async () => {
    const file = csv('SC-1,范围测试支部,,党支部,网格,,');
    const before = await countOrgs();
    // Street secretary of S1: sibling street, other district and the parent district are unknown.
    for (const orgId of [tree.s2.id, tree.d1.id, tree.c3.id, tree.d2.id]) {
      expect((await upload(street, orgId, file)).statusCode).toBe(404);
    }
    // Community secretary of C1: its street is outside; its own community and grid are fine.
    const community = await clientWithRole(t, 'community_secretary', tree.c1.id);
    expect((await upload(community, tree.s1.id, file)).statusCode).toBe(404);
    // A parent code above the caller's organization is "unknown", even though it exists.
    const above = await upload(community, tree.c1.id, csv('SC-2,越级,D1-S1-C2,党支部,网格,,'));
    expect(above.json().data.preview.errors[0]).toMatchObject({ row: 2, code: 'UNKNOWN_PARENT' });
    // A member cannot import at all.
    const member = await clientWithRole(t, 'member', tree.c1.id);
    expect([403, 404]).toContain((await upload(member, tree.c1.id, file)).statusCode);
    expect((await member({ method: 'GET', url: '/api/v1/org-imports/template' })).statusCode).toBe(403);

    const mine = await upload(community, tree.b1.id, file);
    expect(mine.statusCode).toBe(200);
    const jobId = mine.json().data.id;
    // A job is its owner's only: another person, even the street above, reads and commits a 404.
    const job = (client: Client) => client({ method: 'GET', url: `/api/v1/org-imports/jobs/${jobId}` });
    expect((await job(community)).json().data).toMatchObject({ id: jobId, status: 'ready' });
    expect((await job(street)).statusCode).toBe(404);
    expect((await commit(street, jobId)).statusCode).toBe(404);
    expect(await countOrgs()).toBe(before);
    expect((await commit(community, jobId)).statusCode).toBe(200);
    expect(await orgByCode('SC-1')).toMatchObject({ parentId: tree.b1.id });
  });

  it('commits all or nothing: a code taken after the preview undoes the whole file', async () => {
    const target = { id: tree.s2.id, path: (await orgByCode('D1-S2'))!.path, code: 'D1-S2', name: '二街道' };
    const file = csv('AON-1,全有一,,党支部,网格,,', 'AON-2,全有二,AON-1,党小组,楼栋,,');
    const job = await createImportJob(t.db, {
      kind: 'orgs',
      orgId: target.id,
      ownerId: null,
      bytes: file,
      filename: null,
      now: t.clock.now(),
    });
    const prepared = await runPreview(
      t.db,
      job,
      () => t.clock.now(),
      () => previewOrgImport(t.db, null, job, target, file, '2026-11-22'),
    );
    expect(prepared.preview?.sample.map((r) => r.code)).toEqual(['AON-1', 'AON-2']);
    await t.db
      .insertInto('orgs')
      .values({
        parentId: tree.s3.id,
        code: 'AON-2',
        name: '抢先',
        kind: 'branch',
        level: 'grid',
        unitType: null,
        shortName: null,
        establishedOn: null,
        closedOn: null,
        closedReason: null,
      })
      .execute();
    const before = await countOrgs();
    await expect(
      t.db
        .transaction()
        .execute((trx) =>
          commitOrgImport(trx, prepared, target, { actor: null, now: t.clock.now(), audit: null }),
        ),
    ).rejects.toThrow(/AON-2/);
    expect(await countOrgs()).toBe(before);
    expect(await orgByCode('AON-1')).toBeUndefined();
  });
});
