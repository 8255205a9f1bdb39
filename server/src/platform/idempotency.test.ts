import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, insertOrg, insertUser } from '../../test/app.ts';
import { TEST_BACKEND } from '../../test/db.ts';
import { serverKit } from '../../test/kit.ts';
import { nextIdNumber } from '../modules/members/index.ts';

/** Idempotency-Key on organization and member creates (security.md REL-04, issue 10). */
const { t } = serverKit({}, { tree: false });
let district: Client;
let root: { id: number; path: string };
let branch: { id: number; path: string };

beforeAll(async () => {
  root = await insertOrg(t.db, { code: 'IK-D', level: 'district' });
  branch = await insertOrg(t.db, { code: 'IK-B', parentId: root.id, kind: 'branch', level: 'grid' });
  await insertUser(t.db, { username: 'ik_district', orgId: root.id, role: 'district_admin' });
  district = await t.login('ik_district');
});

const orgBody = (code: string, name = `幂等${code}`) => ({
  code,
  name,
  kind: 'working_committee',
  level: 'street',
});
const createOrg = (key: string | undefined, payload: object) =>
  district({
    method: 'POST',
    url: `/api/v1/orgs/${root.id}/children`,
    headers: key ? { 'idempotency-key': key } : {},
    payload,
  });

const memberBody = (idNumber: string, name = '幂等党员') => ({
  name,
  idNumber,
  joinedOn: '2005-07-01',
  fullOn: '2006-07-01',
  category: 'in_service',
  status: 'full',
});
const createMember = (key: string | undefined, payload: object) =>
  district({
    method: 'POST',
    url: `/api/v1/orgs/${branch.id}/members`,
    headers: key ? { 'idempotency-key': key } : {},
    payload,
  });

describe(`Idempotency-Key on creates (${TEST_BACKEND})`, () => {
  it('organization: a retry with the same key and body answers the first create, and creates nothing', async () => {
    const first = await createOrg('org-key-1', orgBody('IK-S1'));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await createOrg('org-key-1', orgBody('IK-S1'));
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().data.id).toBe(first.json().data.id);
    expect(again.json().data.path).toBe(first.json().data.path);
    const rows = await t.db.selectFrom('orgs').select('id').where('code', '=', 'IK-S1').execute();
    expect(rows).toHaveLength(1);
    const audits = await t.db
      .selectFrom('auditLog')
      .select('id')
      .where('action', '=', 'orgs.create')
      .where('objectId', '=', String(first.json().data.id))
      .execute();
    expect(audits).toHaveLength(1);
  });

  it('organization: the same key with a different body is refused with 422 in Chinese', async () => {
    const first = await createOrg('org-key-2', orgBody('IK-S2'));
    expect(first.statusCode, first.body).toBe(201);
    const other = await createOrg('org-key-2', orgBody('IK-S3'));
    expect(other.statusCode, other.body).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.json().error.message).toMatch(/幂等键/);
    expect(await t.db.selectFrom('orgs').select('id').where('code', '=', 'IK-S3').execute()).toEqual([]);
  });

  it('organization: two concurrent requests with one key create one organization and answer the same', async () => {
    const [a, b] = await Promise.all([
      createOrg('org-key-3', orgBody('IK-S4')),
      createOrg('org-key-3', orgBody('IK-S4')),
    ]);
    expect([a.statusCode, b.statusCode], `${a.body} ${b.body}`).toEqual([201, 201]);
    expect(a.json().data.id).toBe(b.json().data.id);
    expect(await t.db.selectFrom('orgs').select('id').where('code', '=', 'IK-S4').execute()).toHaveLength(1);
  });

  it('organization: without a key, a repeated create is refused as before; a key is forgotten after 24 hours', async () => {
    expect((await createOrg(undefined, orgBody('IK-S5'))).statusCode).toBe(201);
    expect((await createOrg(undefined, orgBody('IK-S5'))).statusCode).toBe(409);
    expect((await createOrg('org-key-4', orgBody('IK-S6'))).statusCode).toBe(201);
    t.clock.advanceMinutes(24 * 60 + 1);
    district = await t.login('ik_district');
    const later = await createOrg('org-key-4', orgBody('IK-S7'));
    expect(later.statusCode, later.body).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
  });

  it('member: a retry with the same key and body answers the first registration and registers nobody new', async () => {
    const idNumber = nextIdNumber('19800101');
    const first = await createMember('member-key-1', memberBody(idNumber));
    expect(first.statusCode, first.body).toBe(201);
    const again = await createMember('member-key-1', memberBody(idNumber));
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().data.id).toBe(first.json().data.id);
    const [a, b] = await Promise.all([
      createMember('member-key-2', memberBody(nextIdNumber('19800101'), '并发党员')),
      createMember('member-key-2', memberBody(nextIdNumber('19800101'), '并发党员')),
    ]);
    // Two different ID numbers under one key: whichever came second is a different request.
    expect([a.statusCode, b.statusCode].sort(), `${a.body} ${b.body}`).toEqual([201, 422]);
    const same = nextIdNumber('19800101');
    const [c, d] = await Promise.all([
      createMember('member-key-3', memberBody(same, '同时提交')),
      createMember('member-key-3', memberBody(same, '同时提交')),
    ]);
    expect([c.statusCode, d.statusCode], `${c.body} ${d.body}`).toEqual([201, 201]);
    expect(c.json().data.id).toBe(d.json().data.id);
    const named = await t.db.selectFrom('members').select('id').where('name', '=', '同时提交').execute();
    expect(named).toHaveLength(1);
  });

  it('member: the same key with a different body is refused with 422', async () => {
    const first = await createMember('member-key-4', memberBody(nextIdNumber('19800101'), '张三'));
    expect(first.statusCode, first.body).toBe(201);
    const other = await createMember('member-key-4', memberBody(nextIdNumber('19800101'), '李四'));
    expect(other.statusCode, other.body).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await t.db.selectFrom('members').select('id').where('name', '=', '李四').execute()).toEqual([]);
  });
});
