import { describe, expect, it } from 'vitest';
import { postOk } from '../../../test/actions.ts';
import { expectNotFoundFor } from '../../../test/kit.ts';
import { steeringKit } from './steering.testkit.ts';

const { t, tree, district, street, community, sibling, otherStreet } = steeringKit({
  otherStreet: { org: 's2', role: 'street_secretary' },
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
function upload(content: Buffer) {
  const boundary = '----gap';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('gap lists and catch-up task books (差距清单、赶超任务书)', () => {
  it('items tracked as rectification items; hard problems solved counted; siblings see nothing', async () => {
    t.clock.set('2026-03-02T09:00:00+08:00');
    const list = await postOk(street, `/orgs/${tree.c1.id}/rectification/gap-lists`, {
      year: 2026,
      kind: 'gap_list',
      title: '对标先进找差距',
      benchmark: '市级示范社区',
      items: [
        {
          title: '党群服务中心面积不达标',
          ownerPerson: '社区书记',
          requiredEvidence: '改造照片',
          hard: true,
        },
        { title: '党员志愿服务时长偏少', ownerPerson: '组织委员', requiredEvidence: '服务记录' },
      ],
    });
    expect(list).toMatchObject({ items: 2, hard: 1, hardSolved: 0, abilities: { addItem: true } });
    const book = await postOk(street, `/orgs/${tree.c1.id}/rectification/gap-lists`, {
      year: 2026,
      kind: 'task_book',
      title: '赶超任务书',
      items: [
        { title: '创建五星级党组织', ownerPerson: '社区书记', requiredEvidence: '评定文件', workingDays: 60 },
      ],
    });
    expect(book.items).toBe(1);
    // The community reads its lists but does not add to them.
    const own = await community({
      method: 'GET',
      url: `/api/v1/rectification/gap-lists?orgId=${tree.c1.id}&year=2026`,
    });
    expect(
      own
        .json()
        .data.map((g: { title: string; abilities: { addItem: boolean } }) => [g.title, g.abilities.addItem]),
    ).toEqual([
      ['对标先进找差距', false],
      ['赶超任务书', false],
    ]);
    const added = await postOk(street, `/rectification/gap-lists/${list.id}/items`, {
      title: '两新组织覆盖空白',
      ownerPerson: '社区书记',
      requiredEvidence: '组建文件',
      hard: true,
    });
    expect(added).toMatchObject({ items: 3, hard: 2 });

    // Solve the hard problem: evidence, submit, the street verifies.
    const hard = await community({
      method: 'GET',
      url: `/api/v1/rectification/items?orgId=${tree.c1.id}&sourceKind=gap_list&hard=true`,
    });
    expect(hard.json().total).toBe(2);
    const item = hard.json().data.find((i: { title: string }) => i.title === '党群服务中心面积不达标');
    expect(item).toMatchObject({
      hard: true,
      sourceTitle: '对标先进找差距',
      source: { kind: 'gap_list', id: list.id },
    });
    const file = await community({
      method: 'POST',
      url: `/api/v1/rectification/items/${item.id}/evidence`,
      ...upload(PNG),
    });
    expect(file.statusCode, file.body).toBe(201);
    await postOk(community, `/rectification/items/${item.id}/submit`, {});
    await postOk(street, `/rectification/items/${item.id}/verify`, {});
    const after = await street({
      method: 'GET',
      url: `/api/v1/rectification/gap-lists?orgId=${tree.s1.id}&year=2026&kind=gap_list`,
    });
    expect(after.json().data[0]).toMatchObject({ items: 3, rectified: 1, hard: 2, hardSolved: 1 });
    const figures = await district({
      method: 'GET',
      url: `/api/v1/rectification/figures?orgId=${tree.d1.id}`,
    });
    expect(figures.json().data.hardSolved).toBe(1);

    await expectNotFoundFor(
      otherStreet,
      [
        {
          route: 'POST /api/v1/rectification/gap-lists/:id/items',
          payload: { title: 'x', ownerPerson: 'x', requiredEvidence: 'x' },
        },
      ],
      list.id,
    );
    const siblingList = await sibling({
      method: 'GET',
      url: `/api/v1/rectification/gap-lists?orgId=${tree.c1.id}&year=2026`,
    });
    expect(siblingList.statusCode).toBe(404);
    const foreign = await otherStreet({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/rectification/gap-lists`,
      payload: {
        year: 2026,
        kind: 'gap_list',
        title: 'x',
        items: [{ title: 'x', ownerPerson: 'x', requiredEvidence: 'x' }],
      },
    });
    expect(foreign.statusCode).toBe(404);
  });
});

describe('yearly highlight selection (十大亮点)', () => {
  it('nominations from below, review within the configured number, publication, cases', async () => {
    t.clock.set('2026-11-02T09:00:00+08:00');
    const nominate = (client: typeof community, orgId: number, title: string, category = 'project') =>
      postOk(client, `/orgs/${orgId}/rectification/highlights`, {
        year: 2026,
        category,
        title,
        summary: '以党建引领破解老旧小区治理难题',
        ...(category === 'person' ? { personName: '李红' } : {}),
      });
    const mine = await nominate(community, tree.c1.id, '红色物业');
    expect(mine).toMatchObject({ status: 'nominated', orgId: tree.c1.id, abilities: { select: false } });
    const noName = await community({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/rectification/highlights`,
      payload: { year: 2026, category: 'person', title: '好书记', summary: 'x' },
    });
    expect(noName.statusCode).toBe(422);
    expect(noName.json().error.fields.personName).toBe('推荐典型人物须填写姓名');
    const theirs = await nominate(sibling, tree.c2.id, '楼院党小组');
    const seenByC1 = await community({
      method: 'GET',
      url: `/api/v1/rectification/highlights?orgId=${tree.c1.id}&year=2026`,
    });
    expect(seenByC1.json().data.map((h: { id: number }) => h.id)).toEqual([mine.id]);

    // The street cannot review (the district runs the selection).
    const byStreet = await street({
      method: 'POST',
      url: `/api/v1/rectification/highlights/${mine.id}/select`,
      payload: {},
    });
    expect(byStreet.statusCode).toBe(403);
    await expectNotFoundFor(
      otherStreet,
      [{ route: 'POST /api/v1/rectification/highlights/:id/select', payload: {} }],
      mine.id,
    );

    // The rule in force allows a number per category: a rule of 1 for this district refuses the second.
    await t.db
      .insertInto('rectificationRules')
      .values({
        orgId: tree.d1.id,
        version: 'test.1',
        effectiveFrom: '2026-01-01',
        source: '测试：每类评选1个',
        deadlineWorkingDays: 10,
        reminderWorkingDays: 2,
        highlightQuota: 1,
        createdBy: null,
      })
      .execute();
    await postOk(district, `/rectification/highlights/${mine.id}/select`, { comment: '经验可复制' });
    const second = await district({
      method: 'POST',
      url: `/api/v1/rectification/highlights/${theirs.id}/select`,
      payload: {},
    });
    expect(second.statusCode).toBe(422);
    expect(second.json().error.fields.category).toBe('本类已评选1个（规则test.1），不能再入选');
    await postOk(district, `/rectification/highlights/${theirs.id}/reject`, { comment: '特色不够鲜明' });

    const early = await district({
      method: 'POST',
      url: `/api/v1/rectification/highlights/${mine.id}/case`,
      payload: { practice: 'x' },
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toBe('发布后才能收录为典型案例');
    const published = await postOk(district, `/rectification/highlights/${mine.id}/publish`, {});
    expect(published).toMatchObject({ status: 'published', abilities: { keepAsCase: true } });
    const kept = await postOk(district, `/rectification/highlights/${mine.id}/case`, {
      practice: '组建物业党支部，业委会成员交叉任职',
    });
    expect(kept).toMatchObject({ isCase: true, practice: '组建物业党支部，业委会成员交叉任职' });

    // Once published, every organization of the district reads it (the sibling too), as a case.
    const cases = await sibling({
      method: 'GET',
      url: `/api/v1/rectification/highlights?orgId=${tree.c2.id}&year=2026&cases=true`,
    });
    expect(cases.json().data.map((h: { id: number; orgName: string }) => h.id)).toEqual([mine.id]);
  });
});
