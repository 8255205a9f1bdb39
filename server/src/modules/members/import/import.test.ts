import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrg, testCrypto } from '../../../../test/app.ts';
import { createTestDatabase } from '../../../../test/db.ts';
import type { Database } from '../../../platform/db.ts';
import { checkDigit } from '../idcard.ts';
import { insertMember } from '../members.testkit.ts';

const idOf = (body17: string) => body17 + checkDigit(body17);

import { commitMemberImport, prepareMemberImport } from './import.service.ts';
import { parseCsv } from './parse.ts';

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
    const prepared = await prepareMemberImport(
      database.db,
      testCrypto,
      target,
      { bytes: await messyWorkbook(), filename: 'messy.xlsx' },
      '2026-11-21',
    );
    expect(prepared.fatal).toBeNull();
    expect(prepared.total).toBe(9);
    expect(prepared.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [5, '身份证号', 'ID_CELL_NOT_TEXT'],
      [6, '身份证号', 'ID_CHECK_DIGIT'],
      [7, '入党日期', 'INVALID_DATE'],
      [8, '身份证号', 'DUPLICATE_IN_FILE'],
      [9, '手机号', 'PHONE_FORMAT'],
      [10, '所在党组织编码', 'UNKNOWN_ORG_CODE'],
      [11, '身份证号', 'DUPLICATE_IN_DB'],
    ]);
    expect(prepared.errors[3]?.message).toBe('身份证号与第 3 行重复');
    expect(prepared.rows.map((r) => [r.row, r.name, r.joinedOn, r.fullOn, r.category])).toEqual([
      [3, '刘芳', '1970-07-01', '1971-07-01', 'retired'],
      [12, '王五', '2010-07-01', '2011-07-01', 'in_service'],
    ]);
    expect(prepared.rows[1]?.phone).toBe('13900001111');
    await expect(
      database.db
        .transaction()
        .execute((trx) =>
          commitMemberImport(trx, testCrypto, prepared, { actorId: null, now: new Date(), audit: null }),
        ),
    ).rejects.toThrow('7 处错误');
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
    const first = await prepareMemberImport(database.db, testCrypto, target, file, '2026-11-21');
    expect(first.errors).toEqual([]);
    const r1 = await database.db
      .transaction()
      .execute((trx) =>
        commitMemberImport(trx, testCrypto, first, { actorId: null, now: new Date(), audit: null }),
      );
    expect(r1.imported).toBe(2);
    expect(await count()).toBe(before + 2);
    const again = await prepareMemberImport(database.db, testCrypto, target, file, '2026-11-21');
    expect(again.alreadyImported?.rowCount).toBe(2);
    const r2 = await database.db
      .transaction()
      .execute((trx) =>
        commitMemberImport(trx, testCrypto, again, { actorId: null, now: new Date(), audit: null }),
      );
    expect(r2).toMatchObject({ imported: 0, alreadyImported: true });
    // The same file committed twice from two previews taken before either commit: still once.
    expect(await count()).toBe(before + 2);
  });

  it('refuses files over the limits before parsing them', async () => {
    const limits = { maxBytes: 1000, maxRows: 1, maxUnzippedBytes: 10, maxZipEntries: 3 };
    const big = await prepareMemberImport(
      database.db,
      testCrypto,
      target,
      { bytes: Buffer.alloc(2000, 65), filename: 'x.csv' },
      '2026-11-21',
      { limits },
    );
    expect(big.fatal).toContain('文件过大');
    const zip = await prepareMemberImport(
      database.db,
      testCrypto,
      target,
      { bytes: await messyWorkbook(), filename: 'x.xlsx' },
      '2026-11-21',
      { limits: { ...limits, maxBytes: 10_000_000 } },
    );
    expect(zip.fatal).toMatch(/部件过多|解压后过大/);
    const rows = await prepareMemberImport(
      database.db,
      testCrypto,
      target,
      { bytes: Buffer.from(`${HEADER.join(',')}\na\nb\n`), filename: 'x.csv' },
      '2026-11-21',
      { limits: { ...limits, maxBytes: 10_000_000 } },
    );
    expect(rows.fatal).toContain('行数过多');
  });
});
