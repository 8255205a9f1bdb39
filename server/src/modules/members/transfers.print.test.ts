import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, insertTwoDistricts, insertUser, type TestApp, testCrypto } from '../../../test/app.ts';
import type { ScopeTree } from '../../../test/scope.ts';
import { insertMember } from './members.testkit.ts';

let t: TestApp;
let tree: ScopeTree;

beforeAll(async () => {
  t = await buildTestApp();
  tree = await insertTwoDistricts(t.db);
  await insertUser(t.db, { username: 'p_from', orgId: tree.b1.id, role: 'branch_secretary' });
  await insertUser(t.db, { username: 'p_far', orgId: tree.d2.id, role: 'district_admin' });
});
afterAll(() => t.close());

/** How pdfkit writes a document-info string: literal when ASCII, else UTF-16BE hex. */
function pdfString(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s})`;
  const hex = Buffer.from(`\ufeff${s}`, 'utf16le').swap16().toString('hex');
  return `<${hex}>`;
}

describe('transfer letter print (转接介绍信)', () => {
  it('prints as HTML and as a PDF carrying its number, audited; 404 outside scope', async () => {
    const from = await t.login('p_from');
    const far = await t.login('p_far');
    const memberId = await insertMember(t.db, testCrypto, tree.b1.id, { name: '赵转出' });
    const res = await from({
      method: 'POST',
      url: `/api/v1/members/${memberId}/transfers`,
      payload: { outsideOrgName: '某省某市某区委组织部', reason: '跨省工作调动' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, letterNo } = res.json().data;
    expect(letterNo).toBeTruthy();

    const html = await from({ method: 'GET', url: `/api/v1/member-transfers/${id}/print` });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('中国共产党党员组织关系介绍信');
    expect(html.body).toContain(`编号：${letterNo}`);
    expect(html.body).toContain('（盖章）');
    expect(html.body).toContain('@media print');

    const pdf = await from({ method: 'GET', url: `/api/v1/member-transfers/${id}/print.pdf` });
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
    const text = bytes.toString('latin1');
    expect(text).toContain(pdfString(letterNo));
    // The CJK font is embedded (subset), so the Chinese text renders anywhere.
    expect(text).toMatch(/NotoSansCJK/);

    for (const url of [`/api/v1/member-transfers/${id}/print`, `/api/v1/member-transfers/${id}/print.pdf`]) {
      expect((await far({ method: 'GET', url })).statusCode).toBe(404);
    }
    const audited = await t.db
      .selectFrom('auditLog')
      .select(['action', 'detail'])
      .where('action', '=', 'members.print_transfer_letter')
      .where('objectId', '=', String(id))
      .execute();
    expect(audited.map((a) => (a.detail as { format: string }).format).sort()).toEqual(['html', 'pdf']);
  });
});
