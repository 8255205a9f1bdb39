import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrg, testCrypto } from '../../../../test/app.ts';
import { createTestDatabase } from '../../../../test/db.ts';
import { Actor } from '../../../platform/actor.ts';
import type { Database } from '../../../platform/db.ts';
import { checkDigit } from '../idcard.ts';
import { filteredMembers } from '../members.queries.ts';
import { insertMember } from '../members.testkit.ts';
import type { MemberImportMode } from './import.service.ts';
import { commitMemberFile, type PreviewedJob, previewMemberFile } from './import.testkit.ts';

/**
 * A real office's roster (issue 13): a 所在支部 column written as the office writes branch names,
 * several sheets, aligned names, full-width addresses, everyday education names, landlines,
 * numbered empty rows and a 填表人 footer, and a roster of people already registered plus one new.
 */
const idOf = (body17: string) => body17 + checkDigit(body17);
const TODAY = '2026-11-21';

let database: Database;
let community: { id: number; path: string; code: string; name: string };
let grid1: { id: number; path: string };
let grid2: { id: number; path: string };

const preview = (bytes: Buffer, filename: string, mode: MemberImportMode = 'add') =>
  previewMemberFile(database.db, community, { bytes, filename }, TODAY, { mode });
const commit = (job: PreviewedJob) => commitMemberFile(database.db, job, community);
const csv = (rows: string[][]) => Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
const memberByName = (name: string) =>
  database.db
    .selectFrom('members')
    .select(['id', 'orgId', 'name', 'addressEnc', 'phoneEnc', 'education', 'workUnit', 'position'])
    .where('name', '=', name)
    .executeTakeFirstOrThrow();

/** A person registered in the first grid branch, with their ID number. */
async function registered(name: string, workUnit: string, phone: string | null) {
  const id = await insertMember(database.db, testCrypto, grid1.id, {
    name,
    phone,
    education: null,
    joinedOn: '2000-07-01',
    fullOn: '2001-07-01',
  });
  const row = await database.db
    .updateTable('members')
    .set({ workUnit })
    .where('id', '=', id)
    .returning('idNumberEnc')
    .executeTakeFirstOrThrow();
  return { id, known: testCrypto.decrypt(row.idNumberEnc) };
}

const HEAD = ['序号', '姓名', '公民身份号码', '所在支部', '入党日期', '转正日期', '党员类别', '党员状态'];

beforeAll(async () => {
  database = await createTestDatabase();
  const street = await insertOrg(database.db, {
    code: 'ROS-S',
    name: '中山街道党工委',
    kind: 'working_committee',
    level: 'street',
  });
  const c = await insertOrg(database.db, {
    code: 'ROS-C1',
    name: '朝阳社区党委',
    parentId: street.id,
    kind: 'committee',
    level: 'community',
  });
  community = { ...c, code: 'ROS-C1', name: '朝阳社区党委' };
  grid1 = await insertOrg(database.db, {
    code: 'ROS-C1-G1',
    name: '朝阳社区第一网格党支部',
    parentId: c.id,
    kind: 'branch',
    level: 'grid',
  });
  grid2 = await insertOrg(database.db, {
    code: 'ROS-C1-G2',
    name: '朝阳社区第二网格党支部',
    parentId: c.id,
    kind: 'branch',
    level: 'grid',
  });
  // Another community of the street: outside the importer's subtree.
  const other = await insertOrg(database.db, {
    code: 'ROS-C2',
    name: '向阳社区党委',
    parentId: street.id,
    kind: 'committee',
    level: 'community',
  });
  await insertOrg(database.db, {
    code: 'ROS-C2-G1',
    name: '向阳社区第一网格党支部',
    parentId: other.id,
    kind: 'branch',
    level: 'grid',
  });
});
afterAll(() => database.close());

describe('member import of a real roster', () => {
  it('places each person in the branch the 所在支部 column names (code, full name, or as the office writes it)', async () => {
    const file = csv([
      HEAD,
      [
        '1',
        '陈一',
        idOf('11010519800101011'),
        '第一网格党支部',
        '2005-07-01',
        '2006-07-01',
        '在职党员',
        '正式党员',
      ],
      [
        '2',
        '陈二',
        idOf('11010519800101021'),
        '朝阳社区第二网格党支部',
        '2005-07-01',
        '2006-07-01',
        '在职党员',
        '正式党员',
      ],
      [
        '3',
        '陈三',
        idOf('11010519800101031'),
        'ROS-C1-G1',
        '2005-07-01',
        '2006-07-01',
        '在职党员',
        '正式党员',
      ],
      ['4', '陈四', idOf('11010519800101041'), '', '2005-07-01', '2006-07-01', '在职党员', '正式党员'],
    ]);
    const { job, preview: p } = await preview(file, 'branches.csv');
    expect(p.errors).toEqual([]);
    expect(p.sample.map((s) => [s.name, s.orgName])).toEqual([
      ['陈一', '朝阳社区第一网格党支部'],
      ['陈二', '朝阳社区第二网格党支部'],
      ['陈三', '朝阳社区第一网格党支部'],
      ['陈四', '朝阳社区党委'],
    ]);
    await commit(job);
    expect((await memberByName('陈一')).orgId).toBe(grid1.id);
    expect((await memberByName('陈二')).orgId).toBe(grid2.id);
    expect((await memberByName('陈三')).orgId).toBe(grid1.id);
    expect((await memberByName('陈四')).orgId).toBe(community.id);
  });

  it('refuses an unknown, ambiguous or out-of-scope branch with the candidates, naming the column as the sheet does', async () => {
    const file = csv([
      HEAD,
      [
        '1',
        '林一',
        idOf('11010519800202011'),
        '第九网格党支部',
        '2005-07-01',
        '2006-07-01',
        '在职党员',
        '正式党员',
      ],
      [
        '2',
        '林二',
        idOf('11010519800202021'),
        '网格党支部',
        '2005-07-01',
        '2006-07-01',
        '在职党员',
        '正式党员',
      ],
      [
        '3',
        '林三',
        idOf('11010519800202031'),
        '向阳社区第一网格党支部',
        '2005-07-01',
        '2006-07-01',
        '在职党员',
        '正式党员',
      ],
      ['4', '林四', '110105198002020310', '', '2005-07-01', '2006-07-01', '在职党员', '正式党员'],
    ]);
    const { preview: p } = await preview(file, 'bad-branches.csv');
    expect(p.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '所在支部（所在党组织）', 'UNKNOWN_ORG'],
      [3, '所在支部（所在党组织）', 'AMBIGUOUS_ORG'],
      [4, '所在支部（所在党组织）', 'UNKNOWN_ORG'],
      [5, '公民身份号码（身份证号）', 'ID_CHECK_DIGIT'],
    ]);
    expect(p.errors[0]?.message).toContain('可能是：朝阳社区第一网格党支部（ROS-C1-G1）');
    expect(p.errors[1]?.message).toContain(
      '朝阳社区第一网格党支部（ROS-C1-G1）、朝阳社区第二网格党支部（ROS-C1-G2）',
    );
    // The branch of the other community is never revealed.
    expect(p.errors[2]?.message).not.toContain('ROS-C2');
    expect(p.errors[2]?.message).toContain('在“朝阳社区党委”之下找不到“向阳社区第一网格党支部”');
  });

  it('lists every column it does not map, maps 工作单位及职务, and keeps names and addresses as typed', async () => {
    const file = csv([
      [
        '序号',
        '姓名',
        '公民身份号码',
        '家庭住址',
        '工作单位及职务',
        '备注',
        '入党日期',
        '转正日期',
        '党员类别',
        '党员状态',
      ],
      [
        '1',
        '王　芳',
        idOf('11010519800303012'),
        '朝阳路１２号（东区）',
        '示范区第一中学 教师',
        '调入',
        '2005-07-01',
        '2006-07-01',
        '在职党员',
        '正式党员',
      ],
    ]);
    const { job, preview: p } = await preview(file, 'columns.csv');
    expect(p.errors).toEqual([]);
    expect(p.warnings.map((w) => [w.code, w.column])).toEqual([['COLUMN_IGNORED', '备注']]);
    expect(p.warnings[0]?.message).toBe('“备注”列不在导入范围内，其中的内容不会导入');
    await commit(job);
    const m = await memberByName('王　芳');
    expect(m.workUnit).toBe('示范区第一中学 教师');
    expect(testCrypto.decrypt(m.addressEnc!)).toBe('朝阳路１２号（东区）');
    // The search ignores spaces of both widths.
    const actor = new Actor(
      { id: 1, username: 't', displayName: 't', homeOrgId: community.id, homeOrgPath: community.path },
      [{ id: 1, role: 'community_secretary', orgId: community.id, orgPath: community.path, orgName: '' }],
      's',
    );
    for (const q of ['王芳', '王 芳', '王　芳']) {
      const found = await (
        await filteredMembers(database.db, { actor, crypto: testCrypto, today: TODAY }, { q } as never)
      ).execute();
      expect(found.map((f) => f.name)).toEqual(['王　芳']);
    }
  });

  it('reads every sheet with a roster header and names the sheets it does not read', async () => {
    const wb = new ExcelJS.Workbook();
    const s1 = wb.addWorksheet('第一网格');
    s1.addRow(HEAD);
    s1.addRow([
      '1',
      '赵一',
      idOf('11010519800404011'),
      '第一网格党支部',
      '2005-07-01',
      '2006-07-01',
      '在职党员',
      '正式党员',
    ]);
    const s2 = wb.addWorksheet('第二网格');
    s2.addRow(HEAD);
    s2.addRow([
      '1',
      '赵二',
      idOf('11010519800404021'),
      '第二网格党支部',
      '2005-07-01',
      '2006-07-01',
      '在职党员',
      '正式党员',
    ]);
    s2.addRow([
      '2',
      '赵三',
      idOf('11010519800404031'),
      '第二网格党支部',
      '2005-07-01',
      '',
      '在职党员',
      '正式党员',
    ]);
    const notes = wb.addWorksheet('说明');
    notes.addRow(['流动党员另表报送']);
    const { preview: p } = await preview(Buffer.from(await wb.xlsx.writeBuffer()), 'sheets.xlsx');
    expect(p.total).toBe(3);
    expect(p.errors.map((e) => [e.sheet, e.row, e.code])).toEqual([['第二网格', 3, 'DATE_ORDER']]);
    expect(p.warnings.map((w) => [w.code, w.sheet])).toEqual([['SHEET_IGNORED', '说明']]);
  });

  it('reports a numbered empty row and a merged 填表人 footer as skipped, not as errors', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(HEAD);
    ws.addRow([
      '1',
      '钱一',
      idOf('11010519800505011'),
      '',
      '2005-07-01',
      '2006-07-01',
      '在职党员',
      '正式党员',
    ]);
    ws.addRow(['2']);
    ws.addRow(['3']);
    ws.addRow(['填表人：李四　　审核人：张三　　填表日期：2026年11月']);
    ws.mergeCells('A5:H5');
    const { preview: p } = await preview(Buffer.from(await wb.xlsx.writeBuffer()), 'footer.xlsx');
    expect(p.errors).toEqual([]);
    expect(p.total).toBe(1);
    expect(p.skipped.map((s) => [s.row, s.reason.slice(0, 4)])).toEqual([
      [3, '只有序号'],
      [4, '只有序号'],
      [5, '表尾说明'],
    ]);
  });

  it('accepts everyday education names and landlines, and lists the allowed values when refusing', async () => {
    const head = ['姓名', '身份证号', '学历', '联系电话', '入党日期', '转正日期', '党员类别', '党员状态'];
    const file = csv([
      head,
      [
        '孙一',
        idOf('11010519800606011'),
        '大专',
        '010-65001234',
        '2005-07-01',
        '2006-07-01',
        '在职党员',
        '正式党员',
      ],
      [
        '孙二',
        idOf('11010519800606021'),
        '中专',
        '13800138000',
        '2005-07-01',
        '2006-07-01',
        '在职党员',
        '正式党员',
      ],
      [
        '孙三',
        idOf('11010519800606031'),
        '初中及以下',
        '',
        '2005-07-01',
        '2006-07-01',
        '在职党员',
        '正式党员',
      ],
      [
        '孙四',
        idOf('11010519800606041'),
        '扫盲班',
        '12345',
        '2005-07-01',
        '2006-07-01',
        '在职党员',
        '正式党员',
      ],
    ]);
    const { preview: p } = await preview(file, 'education.csv');
    expect(p.errors.map((e) => [e.row, e.column, e.code])).toEqual([[5, '学历', 'INVALID_VALUE']]);
    expect(p.errors[0]?.message).toContain('可填：研究生、大学本科、大学专科、高中及中专、初中、小学及以下');
    expect(p.errors[0]?.message).toContain('大专');
    const phoneOnly = csv([
      head,
      [
        '孙五',
        idOf('11010519800606051'),
        '大专',
        '12345',
        '2005-07-01',
        '2006-07-01',
        '在职党员',
        '正式党员',
      ],
    ]);
    const { preview: q } = await preview(phoneOnly, 'phone.csv');
    expect(q.errors.map((e) => [e.column, e.message])).toEqual([
      ['联系电话', '联系电话应为 11 位手机号码，或带区号的固定电话（如 010-65001234）'],
    ]);
  });

  it('refuses a person who joined before 18 (the members.join_age rule of the place), naming the column', async () => {
    const head = ['姓名', '身份证号', '入党日期', '转正日期', '党员类别', '党员状态'];
    const file = csv([
      head,
      // Born 2003-09-01, joined 2020-07-01 at 16 (issue 13).
      ['周少', idOf('11010520030901011'), '2020-07-01', '2021-07-01', '在职党员', '正式党员'],
      // Born 2002-07-01, joined on the 18th birthday: accepted.
      ['周成', idOf('11010520020701021'), '2020-07-01', '2021-07-01', '在职党员', '正式党员'],
    ]);
    const { preview: p } = await preview(file, 'join-age.csv');
    expect(p.errors.map((e) => [e.row, e.column])).toEqual([[2, '入党日期']]);
    expect(p.errors[0]?.message).toContain('18');
    expect(p.ok).toBe(1);
  });

  it('adds the new person and updates changed fields of registered ones, with a preview of every change', async () => {
    const { id, known } = await registered('周一', '旧单位', '13800000001');
    const head = [
      '姓名',
      '身份证号',
      '所在支部',
      '工作单位',
      '联系电话',
      '入党日期',
      '转正日期',
      '党员类别',
      '党员状态',
    ];
    const file = csv([
      head,
      [
        '周一',
        known,
        '第一网格党支部',
        '新单位',
        '13800000002',
        '2000-07-01',
        '2001-07-01',
        '在职党员',
        '正式党员',
      ],
      [
        '周二',
        idOf('11010519800707021'),
        '第一网格党支部',
        '',
        '',
        '2005-07-01',
        '2006-07-01',
        '在职党员',
        '正式党员',
      ],
    ]);
    const refused = await preview(file, 'update.csv', 'add');
    expect(refused.preview.errors.map((e) => e.code)).toEqual(['DUPLICATE_IN_DB']);
    const { job, preview: p } = await preview(file, 'update.csv', 'update');
    expect(p.errors).toEqual([]);
    expect(p.added).toBe(1);
    expect(p.changes.map((c) => [c.name, c.fields.map((f) => [f.column, f.old, f.new])])).toEqual([
      [
        '周一',
        [
          ['联系电话', '138****0001', '138****0002'],
          ['工作单位', '旧单位', '新单位'],
        ],
      ],
    ]);
    const result = await commit(job);
    expect([result.imported, result.updated]).toEqual([1, 1]);
    const m = await database.db
      .selectFrom('members')
      .select(['workUnit', 'phoneEnc', 'orgId'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(m.workUnit).toBe('新单位');
    expect(testCrypto.decrypt(m.phoneEnc!)).toBe('13800000002');
    expect((await memberByName('周二')).orgId).toBe(grid1.id);
  });

  it('refuses, all or nothing, a change the import must not make, and a record edited after the preview', async () => {
    const { id, known } = await registered('吴一', '甲', null);
    const head = ['姓名', '身份证号', '所在支部', '工作单位', '入党日期', '转正日期', '党员类别', '党员状态'];
    const moved = csv([
      head,
      ['吴一', known, '第二网格党支部', '乙', '2000-07-01', '2001-07-01', '在职党员', '正式党员'],
    ]);
    const { preview: p } = await preview(moved, 'moved.csv', 'update');
    expect(p.errors.map((e) => [e.column, e.code])).toEqual([['所在支部（所在党组织）', 'ORG_DIFFERS']]);
    expect(p.errors[0]?.message).toContain('组织关系转接');
    const file = csv([
      head,
      ['吴一', known, '', '乙', '2000-07-01', '2001-07-01', '在职党员', '正式党员'],
      ['吴二', idOf('11010519800808021'), '', '', '2005-07-01', '2006-07-01', '在职党员', '正式党员'],
    ]);
    const { job, preview: q } = await preview(file, 'edited.csv', 'update');
    expect(q.changes).toHaveLength(1);
    await database.db
      .updateTable('members')
      .set({ updatedAt: new Date('2030-01-01T00:00:00Z') })
      .where('id', '=', id)
      .execute();
    await expect(commit(job)).rejects.toThrow('预览之后有人员的信息被修改过');
    const count = await database.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', '=', '吴二')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});
