import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../../platform/db.ts';
import { ValidationError } from '../../platform/errors.ts';
import { actorOf, noStore, runAction } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import { mountPrint, type PrintDocument } from '../../platform/print/document.ts';
import { addLedgerSheet, escapeFormula, workbookBuffer } from '../../platform/spreadsheet.ts';
import { idParam } from '../../platform/validation.ts';
import { localDate } from '../work-calendar/index.ts';
import { type BulletinDto, bulletinSchema, periodQuery } from './rectification.bulletin.contract.ts';
import { getVisibleCampaign } from './rectification.queries.ts';

/**
 * 通报 (C14): the circulated results of a campaign, or of every campaign's findings in an
 * organization's subtree over a period — the ranking of the organizations checked (fewest
 * problems and overdue items first) and the typical problems with examples. Shown on the page,
 * printed (HTML / PDF) and exported as .xlsx; prints and exports are audited.
 */

type Scope = { campaignId: number } | { path: string; from: string; to: string };

const recordedOn = sql`(f.recorded_at at time zone 'Asia/Shanghai')::date`;
const findingsWhere = (s: Scope): RawBuilder<unknown> =>
  'campaignId' in s
    ? sql`f.campaign_id = ${s.campaignId}`
    : sql`f.org_path like ${`${s.path}%`} and ${recordedOn} between ${s.from}::date and ${s.to}::date`;

async function rankingOf(db: Executor, s: Scope, today: string) {
  const counts = sql`
    count(f.id)::int as findings,
    (count(r.id) filter (where r.status in ('verified', 'closed')))::int as rectified,
    (count(r.id) filter (where r.status in ('verified', 'closed') and r.submitted_on <= r.deadline))::int as on_time,
    (count(r.id) filter (where r.status in ('open', 'returned') and r.deadline < ${today}::date))::int as overdue,
    coalesce(sum(r.return_count), 0)::int as returned`;
  // A campaign ranks every target (none found counts too); a period ranks the organizations with findings.
  const { rows } =
    'campaignId' in s
      ? await sql<RankRow>`
          select t.org_id, o.name as org_name, ${counts}
            from inspection_targets t join orgs o on o.id = t.org_id
            left join inspection_findings f on f.target_id = t.id
            left join rectification_items r on r.id = f.item_id
           where t.campaign_id = ${s.campaignId}
           group by t.org_id, o.name, o.path
           order by findings, overdue, returned, o.path`.execute(db)
      : await sql<RankRow>`
          select f.org_id, o.name as org_name, ${counts}
            from inspection_findings f join orgs o on o.id = f.org_id
            left join rectification_items r on r.id = f.item_id
           where ${findingsWhere(s)}
           group by f.org_id, o.name, o.path
           order by findings, overdue, returned, o.path
           limit 1000`.execute(db);
  return rows;
}
interface RankRow {
  orgId: number;
  orgName: string;
  findings: number;
  rectified: number;
  onTime: number;
  overdue: number;
  returned: number;
}

async function problemsOf(db: Executor, s: Scope) {
  const { rows } = await sql<{ checklistItem: string; count: number; examples: string[] }>`
    select coalesce(f.checklist_item, '其他') as checklist_item, count(*)::int as count,
           (array_agg(o.name || '：' || f.description order by f.id))[1:3] as examples
      from inspection_findings f join orgs o on o.id = f.org_id
     where ${findingsWhere(s)}
     group by 1
     order by count desc, 1
     limit 10`.execute(db);
  return rows;
}

/** The bulletin's figures, ranking and typical problems. */
export async function bulletinOf(
  db: Executor,
  s: Scope,
  head: { title: string; orgName: string; from: string; to: string },
  today: string,
): Promise<BulletinDto> {
  const ranking = await rankingOf(db, s, today);
  const sum = (k: keyof RankRow) => ranking.reduce((n, r) => n + Number(r[k]), 0);
  return {
    ...head,
    targets: ranking.length,
    findings: sum('findings'),
    rectified: sum('rectified'),
    onTime: sum('onTime'),
    overdue: sum('overdue'),
    returned: sum('returned'),
    ranking: ranking.map((r, i) => ({ rank: i + 1, ...r })),
    problems: await problemsOf(db, s),
  };
}

/** The bulletin as a document to print (通报 of the issuing organization). */
export function bulletinDocument(b: BulletinDto, number: string, today: string): PrintDocument {
  return {
    title: `关于${b.title}情况的通报`,
    number,
    fields: [
      ['检查时间', `${b.from} 至 ${b.to}`],
      ['检查对象', `${b.targets} 个组织`],
      ['发现问题', `${b.findings} 个`],
      ['整改到位', `${b.rectified} 个（按时 ${b.onTime} 个）`],
      ['逾期未整改', `${b.overdue} 个`],
      ['退回重新整改', `${b.returned} 次`],
    ],
    paragraphs: [
      '一、排名情况（问题少、整改及时者在前）',
      ...b.ranking.map(
        (r) =>
          `${r.rank}. ${r.orgName}：发现问题 ${r.findings} 个，整改到位 ${r.rectified} 个（按时 ${r.onTime} 个），逾期 ${r.overdue} 个，退回 ${r.returned} 次。`,
      ),
      '二、典型问题',
      ...b.problems.map(
        (p, i) => `${i + 1}. ${p.checklistItem}（${p.count} 个）：${p.examples.join('；')}。`,
      ),
      '请各单位对照问题举一反三，逾期未整改的单位限期整改到位，整改情况及时报送。',
    ],
    signatures: [],
    seal: b.orgName,
    date: today,
  };
}

async function bulletinXlsx(b: BulletinDto): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ranking = addLedgerSheet(wb, '排名', [
    { header: '名次', key: 'rank', width: 8 },
    { header: '组织', key: 'orgName', width: 30 },
    { header: '发现问题', key: 'findings', width: 10 },
    { header: '整改到位', key: 'rectified', width: 10 },
    { header: '按时整改', key: 'onTime', width: 10 },
    { header: '逾期未整改', key: 'overdue', width: 12 },
    { header: '退回次数', key: 'returned', width: 10 },
  ]);
  for (const r of b.ranking) ranking.addRow({ ...r, orgName: escapeFormula(r.orgName) });
  const problems = addLedgerSheet(wb, '典型问题', [
    { header: '检查项目', key: 'checklistItem', width: 24 },
    { header: '问题数', key: 'count', width: 10 },
    { header: '典型事例', key: 'examples', width: 80 },
  ]);
  for (const p of b.problems) {
    problems.addRow({
      checklistItem: escapeFormula(p.checklistItem),
      count: p.count,
      examples: escapeFormula(p.examples.join('；')),
    });
  }
  return workbookBuffer(wb);
}

function sendXlsx(reply: FastifyReply, buffer: Buffer, filename: string) {
  noStore(reply);
  reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
  return reply.send(buffer);
}

const tags = ['rectification'];
const config = { access: 'rectification.read' as const };
const xlsxResponse = z.any().describe('通报（.xlsx：排名、典型问题两张表）');

export const bulletinRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock } = app.deps;
  const today = () => localDate(clock.now());

  const campaignBulletin = async (
    dbx: Executor,
    actor: Parameters<typeof getVisibleCampaign>[1],
    id: number,
  ) => {
    const c = await getVisibleCampaign(dbx, actor, id, today());
    const b = await bulletinOf(
      dbx,
      { campaignId: c.id },
      { title: c.title, orgName: c.orgName, from: c.startsOn, to: c.endsOn },
      today(),
    );
    return { campaign: c, bulletin: b, number: `督查通报〔${c.startsOn.slice(0, 4)}〕${c.id}号` };
  };

  app.get(
    '/inspections/:id/bulletin',
    { config, schema: { tags, params: idParam, response: { 200: z.object({ data: bulletinSchema }) } } },
    async (request) => ({ data: (await campaignBulletin(db, actorOf(request), request.params.id)).bulletin }),
  );

  mountPrint(app, {
    path: '/inspections/:id/bulletin',
    access: 'rectification.read',
    tags,
    summary: '督查通报',
    audit: 'rectification.bulletin_printed',
    load: async (dbx, actor, id) => {
      const { campaign, bulletin, number } = await campaignBulletin(dbx, actor, id);
      return {
        document: bulletinDocument(bulletin, number, today()),
        objectType: 'inspection_campaign',
        objectId: campaign.id,
        orgPath: campaign.orgPath,
      };
    },
  });

  app.get(
    '/inspections/:id/bulletin.xlsx',
    { config, schema: { tags, params: idParam, response: { 200: xlsxResponse } } },
    async (request, reply) => {
      const { campaign, bulletin } = await campaignBulletin(db, actorOf(request), request.params.id);
      await runAction(request, (_trx, audit) =>
        audit({
          action: 'rectification.bulletin_exported',
          objectType: 'inspection_campaign',
          objectId: campaign.id,
          orgPath: campaign.orgPath,
          detail: { rows: bulletin.ranking.length },
        }),
      );
      return sendXlsx(reply, await bulletinXlsx(bulletin), `${campaign.title}-通报.xlsx`);
    },
  );

  // A period's results over an organization's subtree (e.g. the month's unannounced checks).
  const periodBulletin = async (
    request: { query: z.infer<typeof periodQuery> } & Parameters<typeof actorOf>[0],
  ) => {
    const actor = actorOf(request);
    const { orgId, from, to } = request.query;
    if (from > to) throw new ValidationError({ to: '结束日期不能早于开始日期' });
    const org = await loadOrgFor(db, actor, orgId, 'rectification.read');
    const bulletin = await bulletinOf(
      db,
      { path: org.path, from, to },
      { title: `${from}至${to}督查检查`, orgName: org.name, from, to },
      today(),
    );
    return { org, bulletin };
  };

  app.get(
    '/rectification/bulletin',
    {
      config,
      schema: { tags, querystring: periodQuery, response: { 200: z.object({ data: bulletinSchema }) } },
    },
    async (request) => ({ data: (await periodBulletin(request)).bulletin }),
  );

  app.get(
    '/rectification/bulletin.xlsx',
    { config, schema: { tags, querystring: periodQuery, response: { 200: xlsxResponse } } },
    async (request, reply) => {
      const { org, bulletin } = await periodBulletin(request);
      await runAction(request, (_trx, audit) =>
        audit({
          action: 'rectification.bulletin_exported',
          objectType: 'org',
          objectId: org.id,
          orgPath: org.path,
          detail: { from: request.query.from, to: request.query.to, rows: bulletin.ranking.length },
        }),
      );
      return sendXlsx(
        reply,
        await bulletinXlsx(bulletin),
        `${org.name}-督查通报-${request.query.from}至${request.query.to}.xlsx`,
      );
    },
  );
};
