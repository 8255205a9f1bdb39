/** Types inferred from the server contract (type-only imports) and the calls of this module. */
import type { z } from 'zod';
import type {
  calendarResponse,
  complianceSummaryResponse,
  conversionsResponse,
  leaveRequestSchema,
  meetingDetail,
  meetingSummary,
  myOrgLifeResponse,
  rosterResponse,
  supervisionResponse,
} from '../../../../server/src/modules/org-life/org-life.contract.ts';
import { api, type Paged } from '../../shared/api.ts';

export type Meeting = z.infer<typeof meetingDetail>;
export type MeetingSummary = z.infer<typeof meetingSummary>;
export type Calendar = z.infer<typeof calendarResponse>['data'];
export type Supervision = z.infer<typeof supervisionResponse>['data'];
export type SupervisionPage = z.infer<typeof supervisionResponse>['page'];
export type ComplianceSummary = z.infer<typeof complianceSummaryResponse>['data'];
export type Conversions = z.infer<typeof conversionsResponse>;
export type LeaveRequest = z.infer<typeof leaveRequestSchema>;
export type MyOrgLife = z.infer<typeof myOrgLifeResponse>['data'];
export type Roster = z.infer<typeof rosterResponse>['data'];

export const STATUS_COLORS: Record<string, string> = {
  on_time: 'green',
  ok: 'green',
  due_soon: 'orange',
  due: 'gold',
  open: 'blue',
  overdue: 'red',
};

/** Tag colour of a meeting's status. */
export const MEETING_STATUS_COLORS: Record<MeetingSummary['status'], string> = {
  planned: 'blue',
  recorded: 'blue',
  signed: 'green',
  cancelled: 'default',
};

export const orgLifeApi = {
  calendar: (orgId: number, date?: string) =>
    api.get<{ data: Calendar }>(`/orgs/${orgId}/org-life/calendar`, { date }).then((r) => r.data),
  meetings: (
    query: {
      orgId: number;
      type?: string;
      status?: string;
      from?: string;
      to?: string;
      page?: number;
      pageSize?: number;
    },
    signal?: AbortSignal,
  ) => api.get<Paged<MeetingSummary>>('/org-life/meetings', { pageSize: 50, ...query }, { signal }),
  meeting: (id: number) => api.get<{ data: Meeting }>(`/org-life/meetings/${id}`).then((r) => r.data),
  roster: (id: number, date?: string) =>
    api.get<{ data: Roster }>(`/org-life/meetings/${id}/roster`, { date }).then((r) => r.data),
  plan: (orgId: number, body: Record<string, unknown>) =>
    api.post<{ data: { id: number } }>(`/orgs/${orgId}/meetings`, body).then((r) => r.data.id),
  record: (id: number, body: unknown) =>
    api.put<{ data: Meeting }>(`/org-life/meetings/${id}/record`, body).then((r) => r.data),
  sign: (id: number) => api.post<{ data: Meeting }>(`/org-life/meetings/${id}/sign`).then((r) => r.data),
  amend: (id: number, body: unknown) =>
    api.post<{ data: Meeting }>(`/org-life/meetings/${id}/amendments`, body).then((r) => r.data),
  cancel: (id: number, reason: string) =>
    api.post<{ data: Meeting }>(`/org-life/meetings/${id}/cancel`, { reason }).then((r) => r.data),
  inspect: (id: number, body: { decision: 'accepted' | 'returned'; comment?: string }) =>
    api.post<{ data: Meeting }>(`/org-life/meetings/${id}/inspection`, body).then((r) => r.data),
  conversions: (orgId: number) => api.get<Conversions>('/org-life/supervision/conversions', { orgId }),
  mine: () => api.get<{ data: MyOrgLife }>('/org-life/mine').then((r) => r.data),
  requestLeave: (id: number, reason: string) =>
    api.post<{ data: Meeting }>(`/org-life/meetings/${id}/leave`, { reason }).then((r) => r.data),
  approveLeave: (id: number, comment?: string) =>
    api
      .post<{ data: LeaveRequest }>(`/org-life/leave-requests/${id}/approve`, { comment })
      .then((r) => r.data),
  declineLeave: (id: number, comment: string) =>
    api
      .post<{ data: LeaveRequest }>(`/org-life/leave-requests/${id}/decline`, { comment })
      .then((r) => r.data),
  withdrawLeave: (id: number) =>
    api.post<{ data: LeaveRequest }>(`/org-life/leave-requests/${id}/withdraw`, {}).then((r) => r.data),
  upload: (id: number, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.upload<{ data: { id: number } }>(`/org-life/meetings/${id}/attachments`, form);
  },
  supervision: (
    orgId: number,
    period: string,
    paging: { limit?: number; offset?: number; status?: 'ok' | 'due' | 'overdue' } = {},
  ) =>
    api.get<{ data: Supervision; page?: SupervisionPage }>('/org-life/supervision', {
      orgId,
      period,
      ...paging,
    }),
  summary: (orgId: number, period: string) =>
    api
      .get<{ data: ComplianceSummary }>('/org-life/compliance/summary', { orgId, period })
      .then((r) => r.data),
  catalogue: (orgId: number) =>
    api
      .get<{ data: { types: { code: string; name: string; voting: boolean; frequency: string }[] } }>(
        '/org-life/catalogue',
        { orgId },
      )
      .then((r) => r.data),
};

/** The server's quorum and vote rule itself (one function for the live check and the save). */
export { evaluateVote, moreThanHalf } from '../../../../server/src/modules/org-life/quorum.contract.ts';

/** A meeting's heading: 类型：议题, without repeating the type when the topic already starts with it. */
export function meetingTitle(m: { typeName: string; topic: string }): string {
  return m.topic.startsWith(m.typeName) ? m.topic : `${m.typeName}：${m.topic}`;
}
