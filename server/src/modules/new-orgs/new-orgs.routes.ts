import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { type Actor, authorize } from '../../platform/actor.ts';
import { chinaDate } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { actorOf, runAction } from '../../platform/http.ts';
import { loadOrgFor, loadVisibleOrg } from '../../platform/org-scope.ts';
import { inPage, pageInfoOf } from '../../platform/paging.ts';
import { mountGet } from '../../platform/reads.ts';
import { pathWithin } from '../../platform/scope.ts';
import { idParam, registerFieldLabels } from '../../platform/validation.ts';
import { getRule } from '../members/index.ts';
import { COVERAGES, KINDS, newOrgSchema, newOrgsEndpoints } from './new-orgs.contract.ts';
import { COVERAGE_LABELS, coverageOf, KIND_LABELS } from './new-orgs.service.ts';

registerFieldLabels({
  creditCode: '统一社会信用代码',
  employeeCount: '从业人员数',
  memberCount: '党员人数',
  fullMemberCount: '正式党员人数',
  coverage: '党组织覆盖方式',
  coveringOrgCode: '覆盖党组织编码',
  instructorName: '党建指导员',
  workCovered: '已开展党的工作',
});

const tags = ['new-orgs'];
const fields = {
  code: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(KINDS),
  creditCode: z
    .string()
    .trim()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, '统一社会信用代码应为 18 位')
    .nullish(),
  employeeCount: z.number().int().min(0).max(1_000_000),
  memberCount: z.number().int().min(0).max(100_000),
  fullMemberCount: z.number().int().min(0).max(100_000),
  coverage: z.enum(COVERAGES),
  coveringOrgCode: z.string().trim().max(40).nullish(),
  instructorName: z.string().trim().max(50).nullish(),
  workCovered: z.boolean(),
};
const createBody = z.object(fields).strict();
const updateBody = z.object(fields).partial().strict();

function selectNewOrgs(db: Executor) {
  return db
    .selectFrom('newOrgs as n')
    .innerJoin('orgs as o', 'o.id', 'n.orgId')
    .leftJoin('orgs as c', 'c.id', 'n.coveringOrgId')
    .select([
      'n.id',
      'n.orgId',
      'o.name as orgName',
      'o.path as orgPath',
      'n.code',
      'n.name',
      'n.kind',
      'n.creditCode',
      'n.employeeCount',
      'n.memberCount',
      'n.fullMemberCount',
      'n.coverage',
      'n.coveringOrgId',
      'c.name as coveringOrgName',
      'n.instructorName',
      'n.workCovered',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof selectNewOrgs>['executeTakeFirstOrThrow']>>;

const present = (r: Row, min: number) => {
  const { orgPath: _p, ...rest } = r;
  return {
    ...rest,
    kindLabel: KIND_LABELS[r.kind],
    coverageLabel: COVERAGE_LABELS[r.coverage],
    needsOwnOrg: r.fullMemberCount >= min && r.coverage !== 'own',
  };
};

async function resolveCovering(
  db: Executor,
  actor: Actor,
  code: string | null | undefined,
  coverage: string,
) {
  if (coverage === 'none') {
    if (code) throw new ValidationError({ coveringOrgCode: '未覆盖时不应填写覆盖党组织' });
    return null;
  }
  if (!code) throw new ValidationError({ coveringOrgCode: '请填写覆盖该组织的党组织编码' });
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'path'])
    .where('code', '=', code)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!org || !actor.sees(org.path))
    throw new ValidationError({ coveringOrgCode: `党组织编码“${code}”不存在或不在管理范围内` });
  return org.id;
}

export const newOrgsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  const threshold = async (path: string | null) =>
    (await getRule(db, 'new_orgs.own_org_threshold', path, chinaDate(clock.now()))).value.minFullMembers;
  const loadVisible = async (actor: Actor, id: number, executor: Executor = db) => {
    const row = await selectNewOrgs(executor).where('n.id', '=', id).executeTakeFirst();
    if (!row || !actor.sees(row.orgPath)) throw new NotFoundError('“两新”组织不存在或无权访问');
    return row;
  };

  app.get(
    '/new-orgs',
    {
      config: { access: 'new_orgs.read' },
      schema: {
        tags,
        querystring: newOrgsEndpoints.list.query,
        response: { 200: newOrgsEndpoints.list.response },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query;
      let q = selectNewOrgs(db).where((eb) => pathWithin(eb, 'o.path', actor.paths('new_orgs.read')));
      let scopePath: string | null = null;
      if (query.orgId) {
        const org = await loadVisibleOrg(db, actor, query.orgId);
        scopePath = org.path;
        q = q.where('o.path', 'like', `${org.path}%`);
      }
      const min = await threshold(scopePath);
      if (query.kind) q = q.where('n.kind', '=', query.kind);
      if (query.coverage) q = q.where('n.coverage', '=', query.coverage);
      if (query.needsOwnOrg === 'true')
        q = q.where('n.fullMemberCount', '>=', min).where('n.coverage', '<>', 'own');
      if (query.q) q = q.where('n.name', 'like', `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const { n } = await q.clearSelect().select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      const rows = await q.orderBy('n.id').$call(inPage(query)).execute();
      return {
        data: rows.map((r) => present(r, min)),
        page: pageInfoOf(query, n),
      };
    },
  );

  mountGet(
    app,
    '/new-orgs/coverage',
    {
      access: 'new_orgs.read',
      tags,
      query: z.object({ orgId: z.coerce.number().int().positive() }),
      response: z.object({
        data: z.object({
          rule: z.object({ version: z.number(), source: z.string(), minFullMembers: z.number() }),
          byKind: z.array(
            z.object({
              kind: z.enum(KINDS),
              label: z.string(),
              total: z.number(),
              orgCovered: z.number(),
              workCovered: z.number(),
              orgCoverageRate: z.number(),
              workCoverageRate: z.number(),
              needsOwnOrg: z.number(),
            }),
          ),
        }),
      }),
    },
    async ({ actor, query }) => {
      const org = await loadOrgFor(db, actor, query.orgId, 'new_orgs.read');
      return { data: await coverageOf(db, org.path, chinaDate(clock.now())) };
    },
  );

  mountGet(
    app,
    '/new-orgs/:id',
    { access: 'new_orgs.read', tags, params: idParam, response: z.object({ data: newOrgSchema }) },
    async ({ actor, params }) => {
      const row = await loadVisible(actor, params.id);
      authorize(actor, 'new_orgs.read', row.orgPath);
      return { data: present(row, await threshold(row.orgPath)) };
    },
  );

  app.post(
    '/orgs/:id/new-orgs',
    {
      config: { access: 'new_orgs.manage' },
      schema: {
        tags,
        params: idParam,
        body: createBody,
        response: { 201: z.object({ data: newOrgSchema }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const id = await runAction(request, async (trx, audit) => {
        const org = await loadOrgFor(trx, actor, request.params.id, 'new_orgs.manage');
        if (body.fullMemberCount > body.memberCount)
          throw new ValidationError({ fullMemberCount: '正式党员人数不能多于党员人数' });
        const coveringOrgId = await resolveCovering(trx, actor, body.coveringOrgCode, body.coverage);
        const taken = await trx
          .selectFrom('newOrgs')
          .select('id')
          .where('code', '=', body.code)
          .executeTakeFirst();
        if (taken) throw new ConflictError('编码已被使用', { code: '编码已被使用' });
        const now = clock.now();
        const { id } = await trx
          .insertInto('newOrgs')
          .values({
            orgId: org.id,
            code: body.code,
            name: body.name,
            kind: body.kind,
            creditCode: body.creditCode ?? null,
            employeeCount: body.employeeCount,
            memberCount: body.memberCount,
            fullMemberCount: body.fullMemberCount,
            coverage: body.coverage,
            coveringOrgId,
            instructorName: body.instructorName ?? null,
            workCovered: body.workCovered,
            createdAt: now,
            updatedAt: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit({ action: 'new_orgs.create', objectType: 'new_org', objectId: id, orgPath: org.path });
        return id;
      });
      const row = await loadVisible(actor, id);
      return reply.status(201).send({ data: present(row, await threshold(row.orgPath)) });
    },
  );

  app.patch(
    '/new-orgs/:id',
    {
      config: { access: 'new_orgs.manage' },
      schema: {
        tags,
        params: idParam,
        body: updateBody,
        response: { 200: z.object({ data: newOrgSchema }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const body = request.body;
      await runAction(request, async (trx, audit) => {
        const row = await loadVisible(actor, request.params.id, trx);
        authorize(actor, 'new_orgs.manage', row.orgPath);
        const coverage = body.coverage ?? row.coverage;
        const memberCount = body.memberCount ?? row.memberCount;
        const fullMemberCount = body.fullMemberCount ?? row.fullMemberCount;
        if (fullMemberCount > memberCount)
          throw new ValidationError({ fullMemberCount: '正式党员人数不能多于党员人数' });
        let coveringOrgId = row.coveringOrgId;
        if (body.coverage !== undefined || body.coveringOrgCode !== undefined) {
          coveringOrgId = await resolveCovering(trx, actor, body.coveringOrgCode, coverage);
        }
        const { coveringOrgCode: _c, ...rest } = body;
        await trx
          .updateTable('newOrgs')
          .set({ ...rest, coverage, coveringOrgId, memberCount, fullMemberCount, updatedAt: clock.now() })
          .where('id', '=', row.id)
          .execute();
        await audit({
          action: 'new_orgs.update',
          objectType: 'new_org',
          objectId: row.id,
          orgPath: row.orgPath,
          detail: { changed: Object.keys(body) },
        });
      });
      const row = await loadVisible(actor, request.params.id);
      return { data: present(row, await threshold(row.orgPath)) };
    },
  );
};
