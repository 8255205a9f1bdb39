import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../platform/actor.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import { createOnce, idempotencyHeaders } from '../../platform/idempotency.ts';
import { inPage, pageInfoOf } from '../../platform/paging.ts';
import { errorBody, idParam } from '../../platform/validation.ts';
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

  app.get(
    '/members',
    {
      config: { access: 'members.read' },
      schema: { tags, querystring: listMembersQuery, response: { 200: memberListResponse } },
    },
    async (request, reply) => {
      noStore(reply);
      const actor = actorOf(request);
      const day = today(clock.now());
      const scopeOrg = request.query.orgId ? await getVisibleOrg(db, actor, request.query.orgId) : null;
      await guardExactLookup(request, reply, request.query.q, scopeOrg?.path ?? null, 'list');
      const q = await filteredMembers(db, { actor, crypto, today: day }, request.query);
      const total =
        (await rollupTotal(db, actor, request.query, scopeOrg?.path ?? null)) ?? (await countQuery(q));
      const probation = await getRule(db, 'members.probation', scopeOrg?.path ?? null, day);
      const rows = await q.orderBy('m.id').$call(inPage(request.query)).execute();
      return {
        data: rows.map((r) => presentListItem(r, day, probation.value)),
        page: pageInfoOf(request.query, total),
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

  app.get(
    '/members/me/notices',
    {
      config: { access: 'authenticated' },
      schema: { tags, response: { 200: z.object({ data: z.array(noticeSchema) }) } },
    },
    async (request) => {
      const actor = actorOf(request);
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

  app.get(
    '/members/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParam, response: { 200: dataDetail } },
    },
    async (request, reply) => {
      noStore(reply);
      const actor = actorOf(request);
      const row = await getReadableMember(db, actor, request.params.id);
      return { data: await detail(actor, row) };
    },
  );

  app.get(
    '/member-categories',
    {
      config: { access: 'members.read' },
      schema: {
        tags,
        querystring: z.object({ orgId: z.coerce.number().int().positive().optional() }),
        response: { 200: categoryListResponse },
      },
    },
    async (request) => {
      const org = request.query.orgId ? await getVisibleOrg(db, actorOf(request), request.query.orgId) : null;
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

  app.patch(
    '/members/:id',
    {
      config: { access: 'members.update' },
      schema: { tags, params: idParam, body: updateMemberBody, response: { 200: dataDetail } },
    },
    async (request) => {
      const row = await runAction(request, (trx, audit) =>
        updateMember(ctxOf(request, trx, audit), request.params.id, request.body),
      );
      return { data: await detail(actorOf(request), row) };
    },
  );

  app.post(
    '/members/:id/status',
    {
      config: { access: 'members.update' },
      schema: { tags, params: idParam, body: changeStatusBody, response: { 200: dataDetail } },
    },
    async (request) => {
      const row = await runAction(request, (trx, audit) =>
        changeStatus(ctxOf(request, trx, audit), request.params.id, request.body),
      );
      return { data: await detail(actorOf(request), row) };
    },
  );

  app.delete(
    '/members/:id',
    {
      config: { access: 'members.delete' },
      schema: {
        tags,
        params: idParam,
        querystring: z.object({ reason: z.string().trim().min(2).max(200) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await runAction(request, (trx, audit) =>
        deleteMember(ctxOf(request, trx, audit), request.params.id, request.query.reason),
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/members/:id/reveal',
    {
      config: { access: 'members.reveal' },
      schema: { tags, params: idParam, body: revealBody, response: { 200: revealResponse } },
    },
    async (request, reply) => {
      noStore(reply);
      const data = await runAction(request, (trx, audit) =>
        revealMember(ctxOf(request, trx, audit), request.params.id, request.body.fields, request.body.reason),
      );
      return { data };
    },
  );

  app.post(
    '/members/:id/posts',
    {
      config: { access: 'members.update' },
      schema: { tags, params: idParam, body: addPostBody, response: { 201: dataDetail } },
    },
    async (request, reply) => {
      await runAction(request, (trx, audit) =>
        addPost(ctxOf(request, trx, audit), request.params.id, request.body.title, request.body.startedOn),
      );
      const row = (await getMember(db, request.params.id))!;
      return reply.status(201).send({ data: await detail(actorOf(request), row) });
    },
  );

  app.post(
    '/members/:id/posts/:postId/end',
    {
      config: { access: 'members.update' },
      schema: {
        tags,
        params: idParam.extend({ postId: z.coerce.number().int().positive() }),
        body: endPostBody,
        response: { 200: dataDetail },
      },
    },
    async (request) => {
      await runAction(request, (trx, audit) =>
        endPost(ctxOf(request, trx, audit), request.params.id, request.params.postId, request.body.endedOn),
      );
      const row = (await getMember(db, request.params.id))!;
      return { data: await detail(actorOf(request), row) };
    },
  );

  app.get(
    '/orgs/:id/party-birthdays',
    {
      config: { access: 'members.read' },
      schema: {
        tags,
        params: idParam,
        querystring: birthdaysQuery,
        response: {
          200: z.object({ data: z.array(birthdayItem), basis: z.enum(['joined', 'full']), days: z.number() }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const org = await getVisibleOrg(db, actor, request.params.id);
      authorize(actor, 'members.read', org.path);
      const day = today(clock.now());
      const rule = (await getRule(db, 'members.party_birthday', org.path, day)).value;
      const days = request.query.days ?? rule.windowDays;
      const { items } = await upcomingPartyBirthdays(db, org, rule.basis, day, days, 1000);
      return { data: items, basis: rule.basis, days };
    },
  );

  app.post(
    '/orgs/:id/party-birthdays/notices',
    {
      config: { access: 'members.update' },
      schema: {
        tags,
        params: idParam,
        body: birthdaysQuery.strict(),
        response: { 200: z.object({ data: z.object({ created: z.number() }) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const created = await runAction(request, async (trx, audit) => {
        const org = await getVisibleOrg(trx, actor, request.params.id);
        authorize(actor, 'members.update', org.path);
        const now = clock.now();
        const day = today(now);
        const rule = (await getRule(trx, 'members.party_birthday', org.path, day)).value;
        const { items } = await upcomingPartyBirthdays(
          trx,
          org,
          rule.basis,
          day,
          request.body.days ?? rule.windowDays,
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
