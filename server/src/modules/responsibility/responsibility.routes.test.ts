import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/app.ts';
import { runCrossScopeMatrix } from '../../../test/scope.ts';
import { responsibilityKit } from './responsibility.testkit.ts';

const { t, tree, district, street, community, sibling } = responsibilityKit();

const YEAR = 2026;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function multipart(name: string, content: Buffer) {
  const boundary = '----resp';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function ok(res: Awaited<ReturnType<Client>>) {
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

async function newList(client: Client, orgId: number, kind = 'task', holder = 'committee') {
  const res = await client({
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/responsibility/lists`,
    payload: { year: YEAR, kind, holder, title: '任务清单', signDueOn: `${YEAR}-02-28` },
  });
  return (await ok(res)).data;
}

async function addItem(
  client: Client,
  listId: number,
  ownerOrgId: number,
  extra: Record<string, unknown> = {},
) {
  const res = await client({
    method: 'POST',
    url: `/api/v1/responsibility/lists/${listId}/items`,
    payload: {
      ownerOrgId,
      ownerPerson: '张书记',
      title: '推进三会一课规范化',
      measure: '全年按时召开并录入系统',
      deadline: `${YEAR}-06-30`,
      weight: 10,
      ...extra,
    },
  });
  return (await ok(res)).data;
}

const listsOf = async (client: Client, orgId: number) =>
  (await ok(await client({ method: 'GET', url: `/api/v1/responsibility/lists?orgId=${orgId}&year=${YEAR}` })))
    .data;

beforeAll(() => {
  t.clock.set(`${YEAR}-01-05T09:00:00+08:00`);
});

describe('responsibility lists cascade district → street → community', () => {
  it('takes what concerns each level, signs, and needs a new signature after a change', async () => {
    const list = await newList(district, tree.d1.id);
    await addItem(district, list.id, tree.d1.id, { passDown: true, title: '每个组织都要做的事' });
    await addItem(district, list.id, tree.s2.id, { title: '只给二街道的事' });
    await addItem(district, list.id, tree.c1.id, { title: '直接点名一社区的事' });

    const took = await ok(
      await street({
        method: 'POST',
        url: `/api/v1/orgs/${tree.s1.id}/responsibility/take`,
        payload: { year: YEAR },
      }),
    );
    expect(took.data).toEqual({ lists: 1, items: 2 });
    const [streetList] = await listsOf(street, tree.s1.id);
    expect(streetList.items.map((i: { title: string }) => i.title).sort()).toEqual(
      ['每个组织都要做的事', '直接点名一社区的事'].sort(),
    );
    const passed = streetList.items.find((i: { passDown: boolean }) => i.passDown);
    expect(passed.ownerOrgId).toBe(tree.s1.id);
    expect(streetList.items.find((i: { passDown: boolean }) => !i.passDown).ownerOrgId).toBe(tree.c1.id);

    // The street adds its own item for c2 and passes everything down.
    await addItem(street, streetList.id, tree.c2.id, { title: '街道交给二社区的事' });
    await ok(
      await community({
        method: 'POST',
        url: `/api/v1/orgs/${tree.c1.id}/responsibility/take`,
        payload: { year: YEAR },
      }),
    );
    await ok(
      await sibling({
        method: 'POST',
        url: `/api/v1/orgs/${tree.c2.id}/responsibility/take`,
        payload: { year: YEAR },
      }),
    );
    const [c1List] = await listsOf(community, tree.c1.id);
    const [c2List] = await listsOf(sibling, tree.c2.id);
    expect(c1List.items.map((i: { title: string }) => i.title).sort()).toEqual(
      ['每个组织都要做的事', '直接点名一社区的事'].sort(),
    );
    expect(c2List.items.map((i: { title: string }) => i.title).sort()).toEqual(
      ['每个组织都要做的事', '街道交给二社区的事'].sort(),
    );
    // Taking again adds nothing new.
    const again = await ok(
      await community({
        method: 'POST',
        url: `/api/v1/orgs/${tree.c1.id}/responsibility/take`,
        payload: { year: YEAR },
      }),
    );
    expect(again.data).toEqual({ lists: 0, items: 0 });

    // Only the street's own secretary signs the street's list (签字背书).
    const byDistrict = await district({
      method: 'POST',
      url: `/api/v1/responsibility/lists/${streetList.id}/sign`,
      payload: {},
    });
    expect(byDistrict.statusCode).toBe(403);
    expect(byDistrict.json().error.message).toBe('只有本级党组织书记可以签字背书');
    t.clock.set(`${YEAR}-02-20T10:00:00+08:00`);
    const signed = (
      await ok(
        await street({
          method: 'POST',
          url: `/api/v1/responsibility/lists/${streetList.id}/sign`,
          payload: {},
        }),
      )
    ).data;
    expect(signed.signedBy).toBe('street');
    expect(signed.signedAt).toBe(new Date(`${YEAR}-02-20T10:00:00+08:00`).toISOString());
    expect(signed.signedLate).toBe(false);
    expect(signed.abilities.sign).toBe(false);
    const twice = await street({
      method: 'POST',
      url: `/api/v1/responsibility/lists/${streetList.id}/sign`,
      payload: {},
    });
    expect(twice.statusCode).toBe(409);

    // An item changed after signing: the signature no longer covers the list.
    const item = signed.items.find((i: { title: string }) => i.title === '街道交给二社区的事');
    await ok(
      await street({
        method: 'POST',
        url: `/api/v1/responsibility/items/${item.id}/revise`,
        payload: { deadline: `${YEAR}-09-30` },
      }),
    );
    const [changed] = await listsOf(street, tree.s1.id);
    expect(changed).toMatchObject({
      signedBy: null,
      signedAt: null,
      needsResign: true,
      signedVersion: signed.version,
    });
    t.clock.set(`${YEAR}-03-05T10:00:00+08:00`);
    const resigned = (
      await ok(
        await street({
          method: 'POST',
          url: `/api/v1/responsibility/lists/${streetList.id}/sign`,
          payload: {},
        }),
      )
    ).data;
    expect(resigned).toMatchObject({ needsResign: false, version: signed.version + 1, signedLate: true });
    const detail = (
      await ok(await street({ method: 'GET', url: `/api/v1/responsibility/lists/${streetList.id}` }))
    ).data;
    expect(detail.signatures.map((s: { version: number }) => s.version)).toEqual([
      signed.version,
      signed.version + 1,
    ]);

    // The district adds a new pass-down item; taking it again changes the signed street list.
    await addItem(district, list.id, tree.d1.id, { passDown: true, title: '年中新增的事' });
    const more = await ok(
      await street({
        method: 'POST',
        url: `/api/v1/orgs/${tree.s1.id}/responsibility/take`,
        payload: { year: YEAR },
      }),
    );
    expect(more.data).toEqual({ lists: 0, items: 1 });
    expect((await listsOf(street, tree.s1.id))[0].needsResign).toBe(true);
  });

  it('reports progress with figures and a photo; the level above sees late items first', async () => {
    const list = await newList(district, tree.d1.id, 'problem');
    const early = await addItem(district, list.id, tree.s1.id, {
      title: '早到期',
      deadline: `${YEAR}-04-30`,
    });
    await addItem(district, list.id, tree.s1.id, { title: '晚到期', deadline: `${YEAR}-12-31` });
    const earlyItem = early.items.find((i: { title: string }) => i.title === '早到期');
    t.clock.set(`${YEAR}-05-10T09:00:00+08:00`);
    const page = (
      await ok(
        await district({
          method: 'GET',
          url: `/api/v1/responsibility/items?orgId=${tree.d1.id}&year=${YEAR}`,
        }),
      )
    ).data;
    expect(page[0].late).toBe(true);
    expect(page.filter((i: { late: boolean }) => i.late).length).toBeGreaterThan(0);
    expect(page.findIndex((i: { late: boolean }) => !i.late)).toBeGreaterThan(
      page.findLastIndex((i: { late: boolean }) => i.late),
    );

    // The owning street reports; a community below cannot see the district's list at all.
    const hidden = await community({
      method: 'POST',
      url: `/api/v1/responsibility/items/${earlyItem.id}/progress`,
      payload: { text: 'x', progress: 10 },
    });
    expect(hidden.statusCode).toBe(404);
    const reported = (
      await ok(
        await street({
          method: 'POST',
          url: `/api/v1/responsibility/items/${earlyItem.id}/progress`,
          payload: {
            text: '已完成全部社区的规范化检查',
            figures: [{ label: '检查社区（个）', value: 12 }],
            progress: 100,
            done: true,
          },
        }),
      )
    ).data;
    expect(reported).toMatchObject({ status: 'done', doneOn: `${YEAR}-05-10`, late: true });
    const reports = (
      await ok(
        await district({ method: 'GET', url: `/api/v1/responsibility/items/${earlyItem.id}/progress` }),
      )
    ).data;
    expect(reports[0].figures).toEqual([{ label: '检查社区（个）', value: 12 }]);
    const upload = await street({
      method: 'POST',
      url: `/api/v1/responsibility/progress/${reports[0].id}/attachments`,
      ...multipart('现场.png', PNG),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const bad = await street({
      method: 'POST',
      url: `/api/v1/responsibility/progress/${reports[0].id}/attachments`,
      ...multipart('x.exe', Buffer.from('MZ....')),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.fields.file).toContain('PDF');
    const file = await district({
      method: 'GET',
      url: `/api/v1/responsibility/attachments/${upload.json().data.id}`,
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    const outside = await sibling({
      method: 'GET',
      url: `/api/v1/responsibility/attachments/${upload.json().data.id}`,
    });
    expect(outside.statusCode).toBe(404);
  });

  it('lists the configured kinds of list', async () => {
    const kinds = (await ok(await community({ method: 'GET', url: '/api/v1/responsibility/kinds' }))).data;
    expect(kinds.map((k: { code: string }) => k.code)).toEqual([
      'problem',
      'responsibility',
      'task',
      'key_task',
      'breakthrough',
    ]);
  });

  it('refuses bad input with Chinese field messages and writes nothing', async () => {
    const list = await newList(district, tree.d1.id, 'key_task');
    const res = await district({
      method: 'POST',
      url: `/api/v1/responsibility/lists/${list.id}/items`,
      payload: {
        ownerOrgId: tree.c3.id,
        ownerPerson: '某',
        title: '越界',
        measure: '无',
        deadline: `${YEAR}-05-01`,
        weight: 1,
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields.ownerOrgId).toBe('责任单位必须是本组织或其下级组织');
    const [after] = (await listsOf(district, tree.d1.id)).filter((l: { id: number }) => l.id === list.id);
    expect(after).toMatchObject({ version: 1, items: [] });
    const missing = await district({
      method: 'POST',
      url: `/api/v1/orgs/${tree.d1.id}/responsibility/lists`,
      payload: { year: YEAR },
    });
    expect(missing.statusCode).toBe(400);
    expect(Object.values(missing.json().error.fields).join()).toMatch(/清单类型|标题/);
  });
});

describe('responsibility scope', () => {
  const listAt = async (orgId: number) => {
    const { id } = await t.db
      .insertInto('responsibilityLists')
      .values({
        orgId,
        orgPath: (
          await t.db.selectFrom('orgs').select('path').where('id', '=', orgId).executeTakeFirstOrThrow()
        ).path,
        year: 2030,
        kind: 'task',
        holder: 'committee',
        title: '范围测试',
        parentListId: null,
        signDueOn: '2030-03-01',
        signedVersion: null,
        signedBy: null,
        signedByName: null,
        signedAt: null,
        signedOn: null,
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .onConflict((oc) => oc.columns(['orgId', 'year', 'kind', 'holder']).doUpdateSet({ title: '范围测试' }))
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  };
  const itemAt = async (orgId: number) => {
    const listId = await listAt(orgId);
    const org = await t.db
      .selectFrom('orgs')
      .select('path')
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow();
    const { id } = await t.db
      .insertInto('responsibilityItems')
      .values({
        listId,
        orgId,
        orgPath: org.path,
        sourceItemId: null,
        ownerOrgId: orgId,
        ownerPath: org.path,
        ownerPerson: '某书记',
        title: '范围测试事项',
        measure: '无',
        deadline: '2030-06-30',
        weight: 1,
        doneOn: null,
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  };

  it('a community sees its lists and those below, never a sibling’s or the level above', async () => {
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: async (orgId) => orgId,
      read: { route: 'GET /api/v1/responsibility/lists', query: { orgId: ':id', year: '2030' } },
    });
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: async (orgId) => orgId,
      read: { route: 'GET /api/v1/responsibility/items', query: { orgId: ':id', year: '2030' } },
      update: { route: 'POST /api/v1/orgs/:id/responsibility/take', payload: { year: 2030 } },
    });
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: listAt,
      read: { route: 'GET /api/v1/responsibility/lists/:id' },
      update: {
        route: 'POST /api/v1/responsibility/lists/:id/items',
        payload: {
          ownerOrgId: tree.c1.id,
          ownerPerson: '某',
          title: '范围',
          measure: '无',
          deadline: '2030-05-01',
          weight: 1,
        },
      },
    });
    await runCrossScopeMatrix(t, tree, {
      role: 'community_secretary',
      create: itemAt,
      read: { route: 'GET /api/v1/responsibility/items/:id/progress' },
      update: {
        route: 'POST /api/v1/responsibility/items/:id/progress',
        payload: { text: '进展', progress: 20 },
      },
      delete: { route: 'POST /api/v1/responsibility/items/:id/revise', payload: { measure: '新标准' } },
    });
  }, 300_000);
});
