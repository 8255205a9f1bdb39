import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../platform/actor.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import { createOnce, idempotencyHeaders } from '../../platform/idempotency.ts';
import { inPage, pageInfoOf } from '../../platform/paging.ts';
import { mountGet } from '../../platform/reads.ts';
import { errorBody, idParam } from '../../platform/validation.ts';
import { mountWrite } from '../../platform/writes.ts';
import { getVisibleOrg } from '../orgs/index.ts';
import { guardExactLookup } from './lookups.ts';
import {
  addPostBody,
  birthdayItem,
  birthdaysQuery,
  categoryListResponse,
  changeStatusBody,
  createMemberBody,
  endPostBody,
  listMembersQuery,
  memberDetail,
  memberListResponse,
  noticeSchema,
  revealBody,
  revealResponse,
  updateMemberBody,
} from './members.contract.ts';
import { maskAddress, presentDetail, presentListItem } from './members.presenter.ts';
import {
  countQuery,
  filteredMembers,
  getMember,
  getPosts,
  getReadableMember,
  getStatusHistory,
  type MemberRow,
  rollupTotal,
  upcomingPartyBirthdays,
} from './members.queries.ts';
import {
  addPost,
  changeStatus,
  createMember,
  deleteMember,
  endPost,
  type MemberActionContext,
  revealMember,
  today,
  updateMember,
} from './members.service.ts';
import { getRule } from './rules.ts';

const tags = ['members'];
const dataDetail = z.object({ data: memberDetail });

export const membersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, crypto } = app.deps;
  type Actor = ReturnType<typeof actorOf>;

  const detail = async (actor: Actor, row: MemberRow) => {
    const day = today(clock.now());
    const rule = await getRule(db, 'members.party_birthday', row.orgPath, day);
    const probation = await getRule(db, 'members.probation', row.orgPath, day);
    const [history, posts] = await Promise.all([getStatusHistory(db, row.id), getPosts(db, row.id)]);
    const address = row.addressEnc ? maskAddress(crypto.decrypt(row.addressEnc)) : null;
    return presentDetail(row, day, actor, rule.value, probation.value, history, posts, address);
  };
  const ctxOf = (
    request: Parameters<typeof actorOf>[0],
    trx: MemberActionContext['trx'],
    audit: MemberActionContext['audit'],
  ): MemberActionContext => ({
    trx,
    audit,
    actor: actorOf(request),
    now: clock.now(),
    crypto,
  });

  mountGet(
    app,
    '/members',
    { access: 'members.read', tags, query: listMembersQuery, response: memberListResponse },
    async ({ actor, query, request, reply }) => {
      noStore(reply);
      const day = today(clock.now());
      const scopeOrg = query.orgId ? await getVisibleOrg(db, actor, query.orgId) : null;
      await guardExactLookup(request, reply, query.q, scopeOrg?.path ?? null, 'list');
      const q = await filteredMembers(db, { actor, crypto, today: day }, query);
      const total = (await rollupTotal(db, actor, query, scopeOrg?.path ?? null)) ?? (await countQuery(q));
      const probation = await getRule(db, 'members.probation', scopeOrg?.path ?? null, day);
      const rows = await q.orderBy('m.id').$call(inPage(query)).execute();
      return {
        data: rows.map((r) => presentListItem(r, day, probation.value)),
        page: pageInfoOf(query, total),
      };
    },
  );

  app.get(
    '/members/me',
    { config: { access: 'authenticated' }, schema: { tags, response: { 200: dataDetail, 404: errorBody } } },
    async (request, reply) => {
      noStore(reply);
      const actor = actorOf(request);
      const own = await db
        .selectFrom('members')
        .select('id')
        .where('userId', '=', actor.user.id)
        .executeTakeFirst();
      const row = own ? await getMember(db, own.id) : undefined;
      if (!row)
        return reply.status(404).send({ error: { code: 'NOT_FOUND', message: '当前账户没有关联党员档案' } });
      return { data: await detail(actor, row) };
    },
  );

  mountGet(
    app,
    '/members/me/notices',
    { access: 'authenticated', tags, response: z.object({ data: z.array(noticeSchema) }) },
    async ({ actor }) => {
      const rows = await db
        .selectFrom('memberNotices as n')
        .innerJoin('members as m', 'm.id', 'n.memberId')
        .select(['n.id', 'n.kind', 'n.title', 'n.body', 'n.createdAt', 'n.readAt'])
        .where('m.userId', '=', actor.user.id)
        .orderBy('n.createdAt', 'desc')
        .limit(50)
        .execute();
      return {
        data: rows.map((n) => ({
          ...n,
          createdAt: n.createdAt.toISOString(),
          readAt: n.readAt?.toISOString() ?? null,
        })),
      };
    },
  );

  mountGet(
    app,
    '/members/:id',
    { access: 'authenticated', tags, params: idParam, response: dataDetail },
    async ({ actor, params, reply }) => {
      noStore(reply);
      const row = await getReadableMember(db, actor, params.id);
      return { data: await detail(actor, row) };
    },
  );

  mountGet(
    app,
    '/member-categories',
    {
      access: 'members.read',
      tags,
      query: z.object({ orgId: z.coerce.number().int().positive().optional() }),
      response: categoryListResponse,
    },
    async ({ actor, query }) => {
      const org = query.orgId ? await getVisibleOrg(db, actor, query.orgId) : null;
      const rule = await getRule(db, 'members.categories', org?.path ?? null, today(clock.now()));
      return { data: { version: rule.version, source: rule.source, items: rule.value } };
    },
  );

  app.post(
    '/orgs/:id/members',
    {
      config: { access: 'members.create' },
      schema: {
        tags,
        params: idParam,
        headers: idempotencyHeaders,
        body: createMemberBody,
        response: { 201: dataDetail },
      },
    },
    async (request, reply) => {
      // Optional Idempotency-Key (REL-04): a retry after a dropped connection registers nobody new.
      const result = await createOnce<MemberRow>(request, reply, {
        scope: 'members.create',
        hashInput: { orgId: request.params.id, body: request.body },
        idOf: (row) => row.id,
        create: (trx, audit) => createMember(ctxOf(request, trx, audit), request.params.id, request.body),
      });
      const row = result.replayId === undefined ? result.created : await getMember(db, result.replayId);
      if (!row || !actorOf(request).sees(row.orgPath)) throw new NotFoundError('党员不存在或无权访问');
      return reply.status(201).send({ data: await detail(actorOf(request), row) });
    },
  );

  mountWrite(
    app,
    'PATCH',
    '/members/:id',
    {
      access: 'members.update',
      tags,
      params: idParam,
      body: updateMemberBody,
      response: { 200: dataDetail },
    },
    async ({ actor, params, body, request }) => {
      const row = await runAction(request, (trx, audit) =>
        updateMember(ctxOf(request, trx, audit), params.id, body),
      );
      return { data: await detail(actor, row) };
    },
  );

  mountWrite(
    app,
    'POST',
    '/members/:id/status',
    {
      access: 'members.update',
      tags,
      params: idParam,
      body: changeStatusBody,
      response: { 200: dataDetail },
    },
    async ({ actor, params, body, request }) => {
      const row = await runAction(request, (trx, audit) =>
        changeStatus(ctxOf(request, trx, audit), params.id, body),
      );
      return { data: await detail(actor, row) };
    },
  );

  mountWrite(
    app,
    'DELETE',
    '/members/:id',
    {
      access: 'members.delete',
      tags,
      params: idParam,
      query: z.object({ reason: z.string().trim().min(2).max(200) }),
      response: { 204: z.null() },
    },
    async ({ params, query, request, reply }) => {
      await runAction(request, (trx, audit) =>
        deleteMember(ctxOf(request, trx, audit), params.id, query.reason),
      );
      return reply.status(204).send(null);
    },
  );

  mountWrite(
    app,
    'POST',
    '/members/:id/reveal',
    { access: 'members.reveal', tags, params: idParam, body: revealBody, response: { 200: revealResponse } },
    async ({ params, body, request, reply }) => {
      noStore(reply);
      const data = await runAction(request, (trx, audit) =>
        revealMember(ctxOf(request, trx, audit), params.id, body.fields, body.reason),
      );
      return { data };
    },
  );

  mountWrite(
    app,
    'POST',
    '/members/:id/posts',
    { access: 'members.update', tags, params: idParam, body: addPostBody, response: { 201: dataDetail } },
    async ({ actor, params, body, request, reply }) => {
      await runAction(request, (trx, audit) =>
        addPost(ctxOf(request, trx, audit), params.id, body.title, body.startedOn),
      );
      const row = (await getMember(db, params.id))!;
      return reply.status(201).send({ data: await detail(actor, row) });
    },
  );

  mountWrite(
    app,
    'POST',
    '/members/:id/posts/:postId/end',
    {
      access: 'members.update',
      tags,
      params: idParam.extend({ postId: z.coerce.number().int().positive() }),
      body: endPostBody,
      response: { 200: dataDetail },
    },
    async ({ actor, params, body, request }) => {
      await runAction(request, (trx, audit) =>
        endPost(ctxOf(request, trx, audit), params.id, params.postId, body.endedOn),
      );
      const row = (await getMember(db, params.id))!;
      return { data: await detail(actor, row) };
    },
  );

  mountGet(
    app,
    '/orgs/:id/party-birthdays',
    {
      access: 'members.read',
      tags,
      params: idParam,
      query: birthdaysQuery,
      response: z.object({
        data: z.array(birthdayItem),
        basis: z.enum(['joined', 'full']),
        days: z.number(),
      }),
    },
    async ({ actor, params, query }) => {
      const org = await getVisibleOrg(db, actor, params.id);
      authorize(actor, 'members.read', org.path);
      const day = today(clock.now());
      const rule = (await getRule(db, 'members.party_birthday', org.path, day)).value;
      const days = query.days ?? rule.windowDays;
      const { items } = await upcomingPartyBirthdays(db, org, rule.basis, day, days, 1000);
      return { data: items, basis: rule.basis, days };
    },
  );

  mountWrite(
    app,
    'POST',
    '/orgs/:id/party-birthdays/notices',
    {
      access: 'members.update',
      tags,
      params: idParam,
      body: birthdaysQuery.strict(),
      response: { 200: z.object({ data: z.object({ created: z.number() }) }) },
    },
    async ({ actor, params, body, request }) => {
      const created = await runAction(request, async (trx, audit) => {
        const org = await getVisibleOrg(trx, actor, params.id);
        authorize(actor, 'members.update', org.path);
        const now = clock.now();
        const day = today(now);
        const rule = (await getRule(trx, 'members.party_birthday', org.path, day)).value;
        const { items } = await upcomingPartyBirthdays(
          trx,
          org,
          rule.basis,
          day,
          body.days ?? rule.windowDays,
          5000,
        );
        let n = 0;
        for (const b of items) {
          const res = await trx
            .insertInto('memberNotices')
            .values({
              memberId: b.memberId,
              kind: 'party_birthday',
              year: Number(b.date.slice(0, 4)),
              title: `${b.date.slice(5, 7)}月${b.date.slice(8, 10)}日是您的政治生日`,
              body: `${b.name}同志：${b.date.slice(0, 4)}年${Number(b.date.slice(5, 7))}月${Number(b.date.slice(8, 10))}日是您入党 ${b.years} 周年的政治生日。${b.orgName}祝您政治生日快乐，不忘初心、牢记使命！`,
              createdAt: now,
              readAt: null,
            })
            .onConflict((oc) => oc.doNothing())
            .executeTakeFirst();
          n += Number(res.numInsertedOrUpdatedRows ?? 0);
        }
        await audit({
          action: 'members.party_birthday_notices',
          objectType: 'org',
          objectId: org.id,
          orgPath: org.path,
          detail: { created: n },
        });
        return n;
      });
      return { data: { created } };
    },
  );
};
