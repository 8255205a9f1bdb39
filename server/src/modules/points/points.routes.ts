import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { mountActions, performAction } from '../../platform/actions.ts';
import { authorize } from '../../platform/actor.ts';
import { chinaDate } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import { loadOrgFor, loadVisibleOrg } from '../../platform/org-scope.ts';
import { mountGet } from '../../platform/reads.ts';
import { csvLine } from '../../platform/spreadsheet.ts';
import { idParam, isoDate, registerFieldLabels } from '../../platform/validation.ts';
import { mountWrite } from '../../platform/writes.ts';
import { pointsRequestActions, pointsRequestSchema, presentRequests } from './points.actions.ts';
import { requestsQuery, reverseEntry } from './points.service.ts';
import { pointsRuleSchema, ruleSetFor } from './rules.ts';

registerFieldLabels({
  ruleCode: '积分规则',
  points: '分值',
  memberId: '党员',
  decision: '审核结论',
  comment: '意见',
});

const tags = ['points'];
const year = z.coerce.number().int().min(2000).max(2100);
const entrySchema = z.object({
  id: z.number(),
  memberId: z.number(),
  orgId: z.number(),
  year: z.number(),
  ruleCode: z.string(),
  sourceType: z.string(),
  sourceId: z.string(),
  points: z.number(),
  reason: z.string().nullable(),
  /** What the points were for (e.g. the meeting's type and topic) and the day they are for. */
  subject: z.string().nullable(),
  forDate: z.string().nullable(),
  at: z.string(),
  reversesId: z.number().nullable(),
  reversed: z.boolean(),
});
const rankingRow = z.object({
  rank: z.number(),
  memberId: z.number(),
  name: z.string(),
  orgName: z.string(),
  total: z.number(),
});

async function memberRow(db: Executor, memberId: number) {
  const { rows } = await sql<{
    id: number;
    name: string;
    orgId: number;
    path: string;
    userId: number | null;
  }>`
    select m.id, m.name, m.org_id, o.path, m.user_id from members m join orgs o on o.id = m.org_id where m.id = ${memberId}
  `.execute(db);
  return rows[0];
}

async function entriesOf(db: Executor, memberId: number, y: number) {
  const rows = await db
    .selectFrom('pointsEntries as e')
    .select([
      'e.id',
      'e.memberId',
      'e.orgId',
      'e.year',
      'e.ruleCode',
      'e.sourceType',
      'e.sourceId',
      'e.points',
      'e.reason',
      'e.subject',
      'e.forDate',
      'e.at',
      'e.reversesId',
      (eb) =>
        eb
          .exists(eb.selectFrom('pointsEntries as r').select('r.id').whereRef('r.reversesId', '=', 'e.id'))
          .as('reversed'),
    ])
    .where('e.memberId', '=', memberId)
    .where('e.year', '=', y)
    .orderBy('e.forDate', 'desc')
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    points: Number(r.points),
    reversesId: r.reversesId === null ? null : Number(r.reversesId),
    reversed: Boolean(r.reversed),
    at: r.at.toISOString(),
  }));
}

/** Members of a subtree ranked by their points for a year (members without points rank last, at 0). */
async function ranking(db: Executor, rootPath: string, y: number, limit: number) {
  const { rows } = await sql<{ memberId: number; name: string; orgName: string; total: number }>`
    select m.id as member_id, m.name, o.name as org_name, coalesce(t.total, 0)::float8 as total
      from members m
      join orgs o on o.id = m.org_id
      left join (select member_id, sum(points) as total from points_entries where year = ${y} group by member_id) t
             on t.member_id = m.id
     where o.path like ${`${rootPath}%`} and m.status in ('probationary', 'full')
     order by total desc, m.id
     limit ${limit}
  `.execute(db);
  let rank = 0;
  let prev: number | null = null;
  return rows.map((r, i) => {
    const total = Number(r.total);
    if (prev === null || total !== prev) rank = i + 1;
    prev = total;
    return { rank, memberId: r.memberId, name: r.name, orgName: r.orgName, total };
  });
}

export const pointsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  const thisYear = () => Number(chinaDate(clock.now()).slice(0, 4));

  mountGet(
    app,
    '/points/me',
    {
      access: 'points.read_own',
      tags,
      query: z.object({ year: year.optional() }),
      response: z.object({
        data: z.array(
          z.object({
            memberId: z.number(),
            name: z.string(),
            orgName: z.string(),
            year: z.number(),
            total: z.number(),
            rank: z.number().nullable(),
            rankOf: z.number(),
            entries: z.array(entrySchema),
          }),
        ),
      }),
    },
    async ({ actor, query, reply }) => {
      noStore(reply);
      const y = query.year ?? thisYear();
      const { rows: mine } = await sql<{ id: number; name: string; orgName: string; path: string }>`
        select m.id, m.name, o.name as org_name, o.path from members m join orgs o on o.id = m.org_id
         where m.user_id = ${actor.user.id}
      `.execute(db);
      const data = [];
      for (const m of mine) {
        const board = await ranking(db, m.path, y, 100_000);
        const me = board.find((b) => b.memberId === m.id);
        data.push({
          memberId: m.id,
          name: m.name,
          orgName: m.orgName,
          year: y,
          total: me?.total ?? 0,
          rank: me?.rank ?? null,
          rankOf: board.length,
          entries: await entriesOf(db, m.id, y),
        });
      }
      return { data };
    },
  );

  mountGet(
    app,
    '/points/rules',
    {
      access: 'authenticated',
      tags,
      query: z.object({ orgId: z.coerce.number().int().positive(), date: isoDate.optional() }),
      response: z.object({
        data: z.object({
          id: z.number(),
          profile: z.string(),
          version: z.string(),
          effectiveFrom: z.string(),
          name: z.string(),
          allowUnverified: z.boolean(),
          rules: z.array(pointsRuleSchema),
        }),
      }),
    },
    async ({ actor, query }) => {
      const org = await loadVisibleOrg(db, actor, query.orgId);
      return { data: await ruleSetFor(db, org.path, query.date ?? chinaDate(clock.now())) };
    },
  );

  mountGet(
    app,
    '/orgs/:id/points/ranking',
    {
      access: 'points.read',
      tags,
      params: idParam,
      query: z.object({
        year: year.optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      response: z.object({
        data: z.object({
          year: z.number(),
          ranking: z.array(rankingRow),
          yearTotals: z.array(z.object({ year: z.number(), total: z.number(), entries: z.number() })),
        }),
      }),
    },
    async ({ actor, params, query, reply }) => {
      noStore(reply);
      const org = await loadOrgFor(db, actor, params.id, 'points.read');
      const y = query.year ?? thisYear();
      const totals = await db
        .selectFrom('pointsEntries as e')
        .innerJoin('orgs as o', 'o.id', 'e.orgId')
        .select((eb) => [
          'e.year',
          eb.fn.sum<number>('e.points').as('total'),
          eb.fn.countAll<number>().as('entries'),
        ])
        .where('o.path', 'like', `${org.path}%`)
        .groupBy('e.year')
        .orderBy('e.year', 'desc')
        .execute();
      return {
        data: {
          year: y,
          ranking: await ranking(db, org.path, y, query.limit),
          yearTotals: totals.map((t) => ({
            year: t.year,
            total: Number(t.total),
            entries: Number(t.entries),
          })),
        },
      };
    },
  );

  app.get(
    '/orgs/:id/points/ranking.csv',
    {
      config: { access: 'points.read' },
      schema: {
        tags,
        params: idParam,
        querystring: z.object({ year: year.optional() }),
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(db, actor, request.params.id, 'points.read');
      const y = request.query.year ?? thisYear();
      const rows = await ranking(db, org.path, y, 100_000);
      const lines = [csvLine(['名次', '姓名', '所在组织', `${y}年积分`])];
      for (const r of rows) lines.push(csvLine([String(r.rank), r.name, r.orgName, String(r.total)]));
      await runAction(request, (_trx, audit) =>
        audit({
          action: 'points.export',
          objectType: 'org',
          objectId: org.id,
          orgPath: org.path,
          detail: { year: y, rows: rows.length },
        }),
      );
      noStore(reply);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(`${org.name}-${y}年党员积分.csv`)}`,
      );
      return reply.send(`\ufeff${lines.join('\r\n')}\r\n`);
    },
  );

  mountGet(
    app,
    '/points/members/:id/entries',
    {
      access: 'authenticated',
      tags,
      params: idParam,
      query: z.object({ year: year.optional() }),
      response: z.object({ data: z.array(entrySchema) }),
    },
    async ({ actor, params, query, reply }) => {
      noStore(reply);
      const member = await memberRow(db, params.id);
      if (!member) throw new NotFoundError('党员不存在或无权访问');
      const own = member.userId === actor.user.id && actor.hasPermission('points.read_own');
      if (!own) authorize(actor, 'points.read', member.path);
      return { data: await entriesOf(db, member.id, query.year ?? thisYear()) };
    },
  );

  mountWrite(
    app,
    'POST',
    '/orgs/:id/points/requests',
    {
      access: 'points.request',
      tags,
      params: idParam,
      body: z
        .object({
          memberId: z.number().int().positive(),
          ruleCode: z.enum(['manual.award', 'manual.deduct']),
          points: z.number().min(-100).max(100),
          reason: z.string().trim().min(2).max(500),
        })
        .strict(),
      response: { 201: z.object({ data: z.object({ id: z.number() }) }) },
    },
    async ({ actor, params, body, request, reply }) => {
      const org = await loadOrgFor(db, actor, params.id, 'points.request');
      const member = await memberRow(db, body.memberId);
      if (!member?.path.startsWith(org.path)) throw new ValidationError({ memberId: '该党员不属于本组织' });
      const set = await ruleSetFor(db, member.path, chinaDate(clock.now()));
      const rule = set.rules.find((r) => r.code === body.ruleCode);
      if (!rule) throw new ValidationError({ ruleCode: '当前积分规则中没有该项目' });
      const p = body.points;
      if ((rule.min !== undefined && p < rule.min) || (rule.max !== undefined && p > rule.max)) {
        throw new ValidationError({ points: `分值须在 ${rule.min} 至 ${rule.max} 之间（${rule.name}）` });
      }
      const id = await runAction(request, async (trx, audit) => {
        const { id } = await trx
          .insertInto('pointsRequests')
          .values({
            memberId: member.id,
            orgId: member.orgId,
            ruleCode: rule.code,
            points: p,
            reason: body.reason,
            requestedBy: actor.user.id,
            requestedAt: clock.now(),
            decidedBy: null,
            decidedAt: null,
            decisionComment: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit({
          action: 'points.request',
          objectType: 'points_request',
          objectId: id,
          orgPath: member.path,
          detail: { points: p },
        });
        return id;
      });
      return reply.status(201).send({ data: { id } });
    },
  );

  mountGet(
    app,
    '/points/requests',
    {
      access: 'points.read',
      tags,
      query: z.object({
        orgId: z.coerce.number().int().positive(),
        status: z.enum(['pending', 'approved', 'rejected']).optional(),
      }),
      response: z.object({ data: z.array(pointsRequestSchema) }),
    },
    async ({ actor, query }) => {
      const org = await loadOrgFor(db, actor, query.orgId, 'points.read');
      let q = requestsQuery(db).where('o.path', 'like', `${org.path}%`);
      if (query.status) q = q.where('r.status', '=', query.status);
      const rows = await q.orderBy('r.id', 'desc').limit(500).execute();
      return { data: presentRequests(actor, rows) };
    },
  );

  mountWrite(
    app,
    'POST',
    '/points/requests/:id/decision',
    {
      access: 'points.approve',
      tags,
      params: idParam,
      body: z
        .object({
          decision: z.enum(['approved', 'rejected']),
          comment: z.string().trim().max(500).nullish(),
        })
        .strict(),
      response: {
        200: z.object({
          data: z.object({ id: z.number(), status: z.string(), entryId: z.number().nullable() }),
        }),
      },
    },
    async ({ params, body, request }) => {
      // The older single route: the same actions as /approve and /reject.
      const { decision, comment } = body;
      if (decision === 'rejected' && !comment) throw new ValidationError({ comment: '不予通过时须填写意见' });
      const name = decision === 'approved' ? 'approve' : 'reject';
      const result = await performAction(request, pointsRequestActions, name, params, { comment });
      return { data: result as { id: number; status: string; entryId: number | null } };
    },
  );

  mountActions(app, pointsRequestActions);

  mountWrite(
    app,
    'POST',
    '/points/entries/:id/reverse',
    {
      access: 'points.reverse',
      tags,
      params: idParam,
      body: z.object({ reason: z.string().trim().min(2).max(500) }).strict(),
      response: { 201: z.object({ data: z.object({ id: z.number() }) }) },
    },
    async ({ actor, params, body, request, reply }) => {
      const id = await runAction(request, async (trx, audit) => {
        const e = await trx
          .selectFrom('pointsEntries as e')
          .innerJoin('orgs as o', 'o.id', 'e.orgId')
          .select(['e.id', 'o.path'])
          .where('e.id', '=', params.id)
          .executeTakeFirst();
        if (!e) throw new NotFoundError('积分流水不存在或无权访问');
        authorize(actor, 'points.reverse', e.path);
        const rid = await reverseEntry(trx, Number(e.id), {
          reason: body.reason,
          at: clock.now(),
          authorId: actor.user.id,
        });
        await audit({
          action: 'points.reverse',
          objectType: 'points_entry',
          objectId: Number(e.id),
          orgPath: e.path,
          detail: { reversal: rid },
        });
        return rid;
      });
      return reply.status(201).send({ data: { id } });
    },
  );
};
