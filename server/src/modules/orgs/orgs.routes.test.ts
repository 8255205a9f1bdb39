import { describe, expect, it } from 'vitest';
import { insertOrg } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { checkScopeProperty, runCrossScopeMatrix } from '../../../test/scope.ts';

const { t, tree, street } = serverKit({
  street: { org: 's1', role: 'street_secretary', username: 'street1' },
});
let seq = 0;
const code = () => `T-${++seq}`;

describe('GET /api/v1/orgs', () => {
  it('lists the roots of the caller scope, then children, in the stable contract shape', async () => {
    const roots = await street({ method: 'GET', url: '/api/v1/orgs' });
    expect(roots.statusCode).toBe(200);
    expect(roots.json().data.map((o: { code: string }) => o.code)).toEqual(['D1-S1']);
    const children = await street({
      method: 'GET',
      url: '/api/v1/orgs',
      query: { parentId: String(tree.s1.id) },
    });
    const first = children.json().data[0];
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(['id', 'code', 'name', 'kind', 'level', 'parentId']),
    );
    expect(
      children
        .json()
        .data.map((o: { code: string }) => o.code)
        .sort(),
    ).toEqual(['D1-S1-C1', 'D1-S1-C2']);
    expect(children.json().page).toMatchObject({ page: 1, total: 2 });
  });

  it('answers 404 for children of an organization outside the scope, and search stays in scope', async () => {
    const res = await street({ method: 'GET', url: '/api/v1/orgs', query: { parentId: String(tree.s2.id) } });
    expect(res.statusCode).toBe(404);
    const search = await street({ method: 'GET', url: '/api/v1/orgs', query: { q: 'C1' } });
    expect(
      search
        .json()
        .data.map((o: { code: string }) => o.code)
        .sort(),
    ).toEqual(['D1-S1-C1', 'D1-S1-C1-B1']);
  });
});

describe('POST /api/v1/orgs/:id/children', () => {
  it('creates a child with the path written by the database, and records history and audit', async () => {
    const res = await street({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/children`,
      payload: { code: 'NEW-1', name: '新建网格党支部', kind: 'branch', level: 'grid' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const org = res.json().data;
    expect(org.path).toBe(`${tree.c1.path}${org.id}/`);
    expect(org.parentId).toBe(tree.c1.id);
    const history = await street({ method: 'GET', url: `/api/v1/orgs/${org.id}/history` });
    expect(history.json().data[0].kind).toBe('created');
    const audit = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'orgs.create').execute();
    expect(audit.some((a) => a.objectId === String(org.id))).toBe(true);
  });

  it('names every bad field in Chinese and writes nothing', async () => {
    const before = await t.db
      .selectFrom('orgs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await street({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/children`,
      payload: { code: '', name: '', kind: 'nonsense' },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json().error;
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.fields.name).toMatch(/名称/);
    expect(body.fields.code).toMatch(/组织编码/);
    expect(body.fields.kind).toMatch(/组织类别/);
    const after = await t.db
      .selectFrom('orgs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('requires a level or a unit type', async () => {
    const res = await street({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/children`,
      payload: { code: code(), name: '某支部', kind: 'branch' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields.level).toMatch(/行政层级/);
  });

  it('refuses placement fields in the body (mass assignment)', async () => {
    const res = await street({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/children`,
      payload: {
        code: code(),
        name: '某支部',
        kind: 'branch',
        level: 'grid',
        path: '/999/',
        parentId: tree.d2.id,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/不允许提交的字段/);
  });

  it('keeps organization codes unique', async () => {
    const res = await street({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/children`,
      payload: { code: 'D2-S1', name: '重复编码', kind: 'branch', level: 'grid' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.fields.code).toMatch(/已被其他组织使用/);
  });
});

describe('moving and closing', () => {
  it('moves a subtree and rewrites every path below it in one transaction', async () => {
    const a = await insertOrg(t.db, { code: code(), parentId: tree.c1.id, kind: 'branch', level: 'grid' });
    const a1 = await insertOrg(t.db, { code: code(), parentId: a.id, kind: 'group', level: 'building' });
    const a11 = await insertOrg(t.db, { code: code(), parentId: a1.id, kind: 'group', level: 'building' });
    const res = await street({
      method: 'POST',
      url: `/api/v1/orgs/${a.id}/move`,
      payload: { targetParentId: tree.c2.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    const rows = await t.db
      .selectFrom('orgs')
      .select(['id', 'path', 'depth'])
      .where('id', 'in', [a.id, a1.id, a11.id])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(a.id)?.path).toBe(`${tree.c2.path}${a.id}/`);
    expect(byId.get(a11.id)?.path).toBe(`${tree.c2.path}${a.id}/${a1.id}/${a11.id}/`);
    expect(byId.get(a11.id)?.depth).toBe(5);
  });

  it('refuses to move an organization under its own descendant', async () => {
    const a = await insertOrg(t.db, { code: code(), parentId: tree.c1.id, kind: 'branch', level: 'grid' });
    const a1 = await insertOrg(t.db, { code: code(), parentId: a.id, kind: 'group', level: 'building' });
    const res = await street({
      method: 'POST',
      url: `/api/v1/orgs/${a.id}/move`,
      payload: { targetParentId: a1.id },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields.targetParentId).toBeTruthy();
  });

  it('refuses to move into another scope (404) and leaves the paths alone', async () => {
    const a = await insertOrg(t.db, { code: code(), parentId: tree.c1.id, kind: 'branch', level: 'grid' });
    const res = await street({
      method: 'POST',
      url: `/api/v1/orgs/${a.id}/move`,
      payload: { targetParentId: tree.c3.id },
    });
    expect(res.statusCode).toBe(404);
    const row = await t.db.selectFrom('orgs').select('path').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.path).toBe(a.path);
  });

  it('closes an organization without deleting it, and refuses while it has children', async () => {
    const parent = await insertOrg(t.db, {
      code: code(),
      parentId: tree.c1.id,
      kind: 'branch',
      level: 'grid',
    });
    const child = await insertOrg(t.db, {
      code: code(),
      parentId: parent.id,
      kind: 'group',
      level: 'building',
    });
    const refused = await street({
      method: 'POST',
      url: `/api/v1/orgs/${parent.id}/close`,
      payload: { reason: '网格调整' },
    });
    expect(refused.statusCode).toBe(422);
    const ok = await street({
      method: 'POST',
      url: `/api/v1/orgs/${child.id}/close`,
      payload: { reason: '楼栋拆迁' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().data.status).toBe('closed');
    const detail = await street({ method: 'GET', url: `/api/v1/orgs/${child.id}` });
    expect(detail.json().data.closedReason).toBe('楼栋拆迁');
    const history = await street({ method: 'GET', url: `/api/v1/orgs/${child.id}/history` });
    expect(history.json().data.map((e: { kind: string }) => e.kind)).toContain('closed');
  });

  it('does not let a secretary rename or close the organization the role is granted on', async () => {
    const res = await street({
      method: 'PATCH',
      url: `/api/v1/orgs/${tree.s1.id}`,
      payload: { name: '改名' },
    });
    expect(res.statusCode).toBe(403);
    const detail = await street({ method: 'GET', url: `/api/v1/orgs/${tree.s1.id}` });
    expect(detail.json().data.abilities).toMatchObject({ update: false, close: false, createChild: true });
  });
});

describe('alliance committees', () => {
  it('hold part-time members from outside units; other kinds refuse them', async () => {
    const alliance = await insertOrg(t.db, {
      code: code(),
      parentId: tree.s1.id,
      kind: 'street_alliance_committee',
      level: 'street',
    });
    const add = await street({
      method: 'POST',
      url: `/api/v1/orgs/${alliance.id}/part-time-members`,
      payload: { name: '周兼职', unitName: '区供电公司', position: '兼职委员', startedOn: '2026-01-01' },
    });
    expect(add.statusCode, add.body).toBe(201);
    const list = await street({ method: 'GET', url: `/api/v1/orgs/${alliance.id}/part-time-members` });
    expect(list.json().data).toHaveLength(1);
    const end = await street({
      method: 'POST',
      url: `/api/v1/orgs/${alliance.id}/part-time-members/${add.json().data.id}/end`,
      payload: { endedOn: '2026-06-30' },
    });
    expect(end.json().data.endedOn).toBe('2026-06-30');
    const wrong = await street({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/part-time-members`,
      payload: { name: '周兼职', unitName: '区供电公司', position: '兼职委员', startedOn: '2026-01-01' },
    });
    expect(wrong.statusCode).toBe(422);
  });
});

describe('scope', () => {
  const newChild = async (orgId: number) =>
    (await insertOrg(t.db, { code: code(), parentId: orgId, kind: 'branch', level: 'grid' })).id;
  const unchanged = async (id: number | string) => {
    const row = await t.db
      .selectFrom('orgs')
      .select(['name', 'status'])
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: expect.stringMatching(/^组织/), status: 'active' });
  };

  it('cross-scope matrix for orgs (same, parent, sibling, child, other district × read/update/close)', async () => {
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: newChild,
      read: { route: 'GET /api/v1/orgs/:id' },
      update: { route: 'PATCH /api/v1/orgs/:id', payload: { name: '改名后的支部' } },
      delete: { route: 'POST /api/v1/orgs/:id/close', payload: { reason: '撤销测试' } },
      unchanged,
    });
  });

  it('matrix for the other org routes', async () => {
    for (const call of [
      { route: 'GET /api/v1/orgs/:id/history' },
      { route: 'GET /api/v1/orgs/:id/part-time-members' },
      { route: 'GET /api/v1/orgs', query: { parentId: ':id' } },
    ]) {
      await runCrossScopeMatrix(t, tree, { role: 'community_secretary', create: newChild, read: call });
    }
    await runCrossScopeMatrix(t, tree, {
      role: 'street_secretary',
      home: 'c1',
      create: newChild,
      update: {
        route: 'POST /api/v1/orgs/:id/children',
        payload: () => ({ code: code(), name: '子支部', kind: 'group', level: 'building' }),
      },
      delete: { route: 'POST /api/v1/orgs/:id/move', payload: { targetParentId: tree.c2.id } },
      allowedFromByAction: { update: ['same', 'parent'], delete: ['parent'] },
    });
  });

  it('allowed ⇔ in subtree ∧ role allows, over random trees', async () => {
    await checkScopeProperty(t, {
      role: 'community_secretary',
      roleAllows: true,
      create: async (id) => id,
      call: { route: 'GET /api/v1/orgs/:id' },
    });
    await checkScopeProperty(t, {
      role: 'community_secretary',
      roleAllows: true,
      belowOnly: true,
      create: async (id) => id,
      call: { route: 'PATCH /api/v1/orgs/:id', payload: { shortName: '简称' } },
    });
    await checkScopeProperty(t, {
      role: 'member',
      roleAllows: false,
      create: async (id) => id,
      call: { route: 'POST /api/v1/orgs/:id/close', payload: { reason: '无权撤销' } },
      runs: 8,
    });
  });
});
