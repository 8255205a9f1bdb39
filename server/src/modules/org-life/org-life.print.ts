import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { ValidationError } from '../../platform/errors.ts';
import { mountPrint, type PrintDocument } from '../../platform/print/document.ts';
import { presentMeeting } from './org-life.actions.ts';
import type { meetingDetail } from './org-life.contract.ts';
import { meetingFor, viewOf } from './org-life.queries.ts';

type MeetingDetail = z.infer<typeof meetingDetail>;

const STATUS = {
  planned: '已备案',
  recorded: '已纪实（待签发）',
  signed: '已签发',
  cancelled: '已取消',
} as const;

/** One resolution as a line of the record: its text and, when voted, the count and the result. */
function resolutionLine(r: MeetingDetail['resolutions'][number]): string {
  const head = `${r.seq}. ${r.title}${r.body ? `：${r.body}` : ''}`;
  if (!r.vote) return head;
  const v = r.vote;
  const written = v.writtenYes || v.writtenNo ? `，书面表决赞成 ${v.writtenYes}、反对 ${v.writtenNo}` : '';
  return `${head}（应到有表决权 ${v.expectedVoting} 人，到会 ${v.presentVoting} 人；赞成 ${v.yes}、反对 ${v.no}、弃权 ${v.abstain}${written}；${v.passed ? '通过' : '未通过'}）`;
}

/**
 * 组织生活会议记录 as an office files it: the meeting's organization, type, time, place, host and
 * recorder, attendance by name (leave with its reason), the agenda (议题), the minutes and the
 * resolutions with their votes, then the host's and recorder's signatures and the seal.
 * `number` is `<organization code>-<year>-<nth meeting of the organization that year>`.
 */
export function meetingRecord(m: MeetingDetail, number: string): PrintDocument {
  const names = (status: 'present' | 'absent' | 'leave') =>
    m.attendance
      .filter((a) => a.status === status)
      .map((a) => (status === 'leave' && a.reason ? `${a.memberName}（${a.reason}）` : a.memberName))
      .join('、') || '无';
  const counts = `应到 ${m.expectedCount ?? 0} 人，实到 ${m.presentCount ?? 0} 人，请假 ${m.leaveCount ?? 0} 人，缺席 ${m.absentCount ?? 0} 人`;
  return {
    title: '组织生活会议记录',
    number,
    fields: [
      ['组织', m.orgName],
      ['会议类型', m.typeName],
      ['会议时间', m.heldOn ?? m.plannedOn],
      ['会议地点', m.place ?? '—'],
      ['主持人', m.hostName],
      ['记录人', m.recorderName],
      ['出席情况', counts],
      ['出席人员', names('present')],
      ['请假人员', names('leave')],
      ['缺席人员', names('absent')],
      ['会议议题', m.topic],
      ['会议内容', m.minutes ?? '—'],
      ['形成决议', m.resolutions.map(resolutionLine).join('\n') || '无'],
      [
        '记录状态',
        m.signedAt
          ? `${STATUS[m.status]}（${m.signedByName ?? ''} ${m.signedAt.slice(0, 10)}）`
          : STATUS[m.status],
      ],
    ],
    signatures: ['主持人', '记录人'],
    seal: m.orgName,
    date: m.heldOn ?? m.plannedOn,
  };
}

/** `GET /org-life/meetings/:id/print` and `/print.pdf`: the secretary's side only, audited, 404 outside scope. */
export const meetingPrintRoutes: FastifyPluginAsyncZod = async (app) => {
  mountPrint(app, {
    path: '/org-life/meetings/:id',
    access: 'org_life.read',
    tags: ['org-life'],
    summary: '组织生活会议记录',
    audit: 'org_life.print_record',
    load: async (db, actor, id) => {
      const row = await meetingFor(db, actor, id, 'org_life.read');
      if (row.status === 'planned' || row.status === 'cancelled') {
        throw new ValidationError({ status: '会议尚未纪实（或已取消），还没有可打印的会议记录' });
      }
      const m = await presentMeeting(db, actor, await viewOf(db, actor, row));
      const year = (m.heldOn ?? m.plannedOn).slice(0, 4);
      const org = await db
        .selectFrom('orgs')
        .select('code')
        .where('id', '=', m.orgId)
        .executeTakeFirstOrThrow();
      // The nth recorded meeting of the organization in that year (by date, then filing order).
      const { n } = await db
        .selectFrom('orgLifeMeetings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('orgId', '=', m.orgId)
        .where('status', 'in', ['recorded', 'signed'])
        .where('heldOn', '>=', `${year}-01-01`)
        .where('heldOn', '<=', `${year}-12-31`)
        .where((eb) =>
          eb.or([
            eb('heldOn', '<', m.heldOn ?? ''),
            eb.and([eb('heldOn', '=', m.heldOn ?? ''), eb('id', '<=', m.id)]),
          ]),
        )
        .executeTakeFirstOrThrow();
      return {
        document: meetingRecord(m, `${org.code}-${year}-${String(Number(n)).padStart(3, '0')}`),
        objectType: 'org_life_meeting',
        objectId: m.id,
        orgPath: row.orgPath,
      };
    },
  });
};
