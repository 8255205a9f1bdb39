import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrg, testCrypto } from '../../../../test/app.ts';
import { createTestDatabase } from '../../../../test/db.ts';
import type { Database } from '../../../platform/db.ts';
import { checkDigit } from '../idcard.ts';
import { insertMember } from '../members.testkit.ts';

const idOf = (body17: string) => body17 + checkDigit(body17);

import type { ImportLimits } from '../../../platform/imports/sheet.ts';
import { encryptedColumns } from '../members.service.ts';
import { getRule } from '../rules.ts';
import { commitMemberFile, type PreviewedJob, previewMemberFile } from './import.testkit.ts';
import { parseCsv, parseMemberFile } from './parse.ts';

/** An import job through its preview, as the routes and the command line run it. */
async function previewFile(bytes: Buffer, filename: string, limits?: ImportLimits) {
  const { job, preview } = await previewMemberFile(database.db, target, { bytes, filename }, '2026-11-21', {
    limits,
  });
  return { job, ...preview };
}
const commitFile = (job: PreviewedJob) => commitMemberFile(database.db, job, target);

let database: Database;
let target: { id: number; path: string; code: string; name: string };
let existingId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const street = await insertOrg(database.db, { code: 'IMP-S', kind: 'working_committee', level: 'street' });
  const branch = await insertOrg(database.db, {
    code: 'IMP-S-B1',
    parentId: street.id,
    kind: 'branch',
    level: 'grid',
  });
  await insertOrg(database.db, { code: 'OTHER', kind: 'committee', level: 'district' });
  target = { ...street, code: 'IMP-S', name: '测试街道' };
  const id = await insertMember(database.db, testCrypto, branch.id, { birthDate: '1960-05-05' });
  const row = await database.db
    .selectFrom('members')
    .select('idNumberEnc')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  existingId = testCrypto.decrypt(row.idNumberEnc);
});
afterAll(() => database.close());

const HEADER = [
  '姓名*',
  '性别',
  '民族',
  '身份证号 ',
  '手机号',
  '家庭住址',
  '学历',
  '工作单位',
  '职务',
  '入党日期',
  '转正日期',
  '党员类别',
  '党员状态',
  '所在党组织编码',
];
const serial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

async function messyWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['中山街道党员花名册（2026年）']);
  ws.mergeCells('A1:N1');
  ws.addRow(HEADER);
  const row = (values: unknown[]) => ws.addRow(values);
  // 3: valid; full-width ID digits, a real Date cell and an Excel serial number for dates.
  row([
    '刘芳',
    '女',
    '汉族',
    '１１０１０５１９４９１２３１００２Ｘ',
    '13800138000',
    '示范区朝阳路1号',
    '大学本科',
    '',
    '',
    new Date(Date.UTC(1970, 6, 1)),
    serial('1971-07-01'),
    '离退休党员',
    '正式党员',
    '',
  ]);
  row([]); // 4: blank
  // 5: the ID typed as a number: Excel kept 15 digits.
  row([
    '张伟',
    '男',
    '汉族',
    110105194912310000,
    '',
    '',
    '',
    '',
    '',
    '2000-07-01',
    '2001-07-01',
    '在职党员',
    '正式党员',
    '',
  ]);
  // 6: bad check digit
  row([
    '王强',
    '',
    '',
    '110105194912310021',
    '',
    '',
    '',
    '',
    '',
    '2000-07-01',
    '2001-07-01',
    '在职党员',
    '正式党员',
    '',
  ]);
  // 7: impossible date
  row([
    '赵敏',
    '',
    '',
    idOf('11010519800101002'),
    '',
    '',
    '',
    '',
    '',
    '2023-02-30',
    '',
    '在职党员',
    '预备党员',
    '',
  ]);
  // 8: duplicate of row 3 within the file
  row([
    '刘芳',
    '',
    '',
    '11010519491231002X',
    '',
    '',
    '',
    '',
    '',
    '1970-07-01',
    '1971-07-01',
    '离退休党员',
    '正式党员',
    '',
  ]);
  // 9: phone format
  row([
    '孙丽',
    '',
    '',
    idOf('11010519850202002'),
    '1234567',
    '',
    '',
    '',
    '',
    '2010-07-01',
    '2011-07-01',
    '在职党员',
    '正式党员',
    '',
  ]);
  // 10: unknown organization code (exists, but outside the target)
  row([
    '周杰',
    '',
    '',
    idOf('11010519850303001'),
    '',
    '',
    '',
    '',
    '',
    '2010-07-01',
    '2011-07-01',
    '在职党员',
    '正式党员',
    'OTHER',
  ]);
  // 11: already registered
  row([
    '吴刚',
    '',
    '',
    existingId,
    '',
    '',
    '',
    '',
    '',
    '1990-07-01',
    '1991-07-01',
    '在职党员',
    '正式党员',
    '',
  ]);
  // 12: trailing spaces everywhere, a code in the subtree
  row([
    '王五  ',
    '男 ',
    '汉族 ',
    ` ${idOf('11010519850404001')} `,
    ' 139 0000 1111 ',
    '',
    '大学专科 ',
    '',
    '',
    '2010.7.1',
    '2011年7月1日',
    '在职党员 ',
    '正式党员 ',
    'IMP-S-B1 ',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('member import', () => {
  it('reports exactly the expected row errors for a messy spreadsheet', async () => {
    const bytes = await messyWorkbook();
    const prepared = await previewFile(bytes, 'messy.xlsx');
    expect(prepared.fatal).toBeNull();
    expect(prepared.total).toBe(9);
    expect(prepared.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [5, '身份证号', 'ID_CELL_NOT_TEXT'],
      [6, '身份证号', 'ID_CHECK_DIGIT'],
      [7, '入党日期', 'INVALID_DATE'],
      [8, '身份证号', 'DUPLICATE_IN_FILE'],
      [9, '手机号（联系电话）', 'PHONE_FORMAT'],
      [10, '所在党组织编码（所在党组织）', 'UNKNOWN_ORG'],
      [11, '身份证号', 'DUPLICATE_IN_DB'],
    ]);
    expect(prepared.errors[3]?.message).toBe('身份证号与第 3 行重复');
    expect(prepared.ok).toBe(2);
    expect(prepared.sample.map((r) => [r.row, r.name, r.idNumber])).toEqual([
      [3, '刘芳', '110**************X'],
      [12, '王五', `110**************${idOf('11010519850404001').slice(-1)}`],
    ]);
    // The rows as normalized (the worker's parser, run here directly).
    const categories = (await getRule(database.db, 'members.categories', null, '2026-11-21')).value;
    const parsed = await parseMemberFile({ bytes, today: '2026-11-21', categories });
    const good = parsed.rows.filter((r) => r.row === 3 || r.row === 12);
    expect(good.map((r) => [r.row, r.name, r.joinedOn, r.fullOn, r.category])).toEqual([
      [3, '刘芳', '1970-07-01', '1971-07-01', 'retired'],
      [12, '王五', '2010-07-01', '2011-07-01', 'in_service'],
    ]);
    expect(good[1]?.phone).toBe('13900001111');
    await expect(commitFile(prepared.job)).rejects.toThrow('7 处错误');
  });

  it('commits all or nothing, and the same file twice adds nobody', async () => {
    const csv = `\uFEFF${HEADER.join(',')}\n李雷,男,汉族,${idOf('11010519850606001')},13600000000,,大学本科,,,2012-07-01,2013-07-01,在职党员,正式党员,\n韩梅梅,女,汉族,${idOf('11010519850707002')},,,,,,2013-07-01,,在职党员,预备党员,IMP-S-B1\n`;
    expect(parseCsv(csv)).toHaveLength(3);
    const file = { bytes: Buffer.from(csv), filename: 'ok.csv' };
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom('members')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    // Two previews of the same file, both taken before either commit.
    const first = await previewFile(file.bytes, file.filename);
    const second = await previewFile(file.bytes, file.filename);
    expect(first.errors).toEqual([]);
    expect(first.ok).toBe(2);
    const r1 = await commitFile(first.job);
    expect(r1).toMatchObject({ imported: 2, alreadyImported: false });
    expect(await count()).toBe(before + 2);
    // The job is spent: committing it again is refused; its rows are gone.
    await expect(commitFile(first.job)).rejects.toThrow('已经提交');
    const r2 = await commitFile(second.job);
    expect(r2).toMatchObject({ importId: r1.importId, imported: 0, alreadyImported: true });
    const again = await previewFile(file.bytes, file.filename);
    expect(again.alreadyImported?.rowCount).toBe(2);
    expect(await commitFile(again.job)).toMatchObject({ imported: 0, alreadyImported: true });
    expect(await count()).toBe(before + 2);
    const history = await database.db
      .selectFrom('memberStatusHistory')
      .innerJoin('members', 'members.id', 'memberStatusHistory.memberId')
      .select(['memberStatusHistory.status', 'memberStatusHistory.reason'])
      .where('members.importId', '=', r1.importId)
      .execute();
    expect(history).toHaveLength(2);
    expect(history.every((h) => h.reason === '批量导入')).toBe(true);
    const left = await database.db.selectFrom('memberImportJobRows').select('jobId').execute();
    expect(left.map((r) => r.jobId)).not.toContain(first.job.id);
  });

  it('keeps no rows for a file whose only problems are found in the database', async () => {
    const csv = `${HEADER.join(',')}\n新人,男,汉族,${idOf('11010519870101003')},,,,,,2012-07-01,2013-07-01,在职党员,正式党员,\n老人,,,${existingId},,,,,,1990-07-01,1991-07-01,在职党员,正式党员,\n`;
    const preview = await previewFile(Buffer.from(csv), 'dup.csv');
    expect(preview.errors.map((e) => [e.row, e.code])).toEqual([[3, 'DUPLICATE_IN_DB']]);
    expect(preview.ok).toBe(1);
    const rows = await database.db
      .selectFrom('memberImportJobRows')
      .select('seq')
      .where('jobId', '=', preview.job.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it('answers a neutral refusal for a person registered outside the target (no existence oracle)', async () => {
    const other = await database.db
      .selectFrom('orgs')
      .select('id')
      .where('code', '=', 'OTHER')
      .executeTakeFirstOrThrow();
    const elsewhere = await insertMember(database.db, testCrypto, other.id, {});
    const row = await database.db
      .selectFrom('members')
      .select('idNumberEnc')
      .where('id', '=', elsewhere)
      .executeTakeFirstOrThrow();
    const csv = `${HEADER.join(',')}\n外来,,汉族,${testCrypto.decrypt(row.idNumberEnc)},,,,,,2012-07-01,2013-07-01,在职党员,正式党员,\n老人,,,${existingId},,,,,,1990-07-01,1991-07-01,在职党员,正式党员,\n`;
    const preview = await previewFile(Buffer.from(csv), 'elsewhere.csv');
    expect(preview.errors.map((e) => [e.row, e.code, e.message])).toEqual([
      [2, 'CANNOT_REGISTER_HERE', '此人暂不能在本组织登记。如该党员已在其他组织，请通过组织关系转接办理'],
      [3, 'DUPLICATE_IN_DB', '该身份证号已在本组织范围内登记（要更新已登记人员的信息，请选择“新增并更新”）'],
    ]);
  });

  it('undoes the whole import when someone was registered after the preview', async () => {
    const late = idOf('11010519860808003');
    const csv = `${HEADER.join(',')}\n先行,男,汉族,${idOf('11010519860909005')},,,,,,2012-07-01,2013-07-01,在职党员,正式党员,\n后至,男,汉族,${late},,,,,,2012-07-01,2013-07-01,在职党员,正式党员,\n`;
    const preview = await previewFile(Buffer.from(csv), 'late.csv');
    expect(preview.errors).toEqual([]);
    await database.db
      .insertInto('members')
      .values({
        orgId: target.id,
        userId: null,
        name: '抢先登记',
        gender: 'male',
        ethnicity: null,
        birthDate: '1986-08-08',
        ...encryptedColumns(testCrypto, { idNumber: late, phone: null, address: null }),
        education: null,
        workUnit: null,
        position: null,
        joinedOn: '2012-07-01',
        fullOn: null,
        category: 'in_service',
        status: 'probationary',
        statusSince: '2012-07-01',
        importId: null,
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .execute();
    await expect(commitFile(preview.job)).rejects.toThrow('本次导入已全部撤销');
    const names = await database.db.selectFrom('members').select('name').where('name', '=', '先行').execute();
    expect(names).toEqual([]);
    const imports = await database.db
      .selectFrom('memberImports')
      .select('id')
      .where('fileHash', '=', preview.job.fileHash)
      .execute();
    expect(imports).toEqual([]);
  });

  it('refuses files over the limits before parsing them', async () => {
    const limits = { maxBytes: 1000, maxRows: 1, maxUnzippedBytes: 10, maxZipEntries: 3, maxZipRatio: 200 };
    const big = await previewFile(Buffer.alloc(2000, 65), 'x.csv', limits);
    expect(big.fatal).toContain('文件过大');
    const zip = await previewFile(await messyWorkbook(), 'x.xlsx', { ...limits, maxBytes: 10_000_000 });
    expect(zip.fatal).toMatch(/部件过多|解压后过大/);
    const rows = await previewFile(Buffer.from(`${HEADER.join(',')}\na\nb\n`), 'x.csv', {
      ...limits,
      maxBytes: 10_000_000,
    });
    expect(rows.fatal).toContain('行数过多');
  });
});
