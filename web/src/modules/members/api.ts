import type { z } from 'zod';
import type {
  exportRequestSchema,
  memberDetail,
  memberListItem,
  registrationConflictSchema,
  transferSchema,
} from '../../../../server/src/modules/members/members.contract.ts';
import { api, type Paged, type Query } from '../../shared/api.ts';

export type MemberItem = z.infer<typeof memberListItem>;
export type MemberDetail = z.infer<typeof memberDetail>;
export type Transfer = z.infer<typeof transferSchema>;
export type ExportRequest = z.infer<typeof exportRequestSchema>;
export type RegistrationConflict = z.infer<typeof registrationConflictSchema>;
export const EXPORT_REQUEST_LABELS: Record<ExportRequest['status'], string> = {
  pending: '待审批',
  approved: '已批准，待下载',
  rejected: '已驳回',
  downloaded: '已下载',
  expired: '已过期',
};
export interface RowError {
  row: number;
  column: string;
  code: string;
  message: string;
  sheet?: string;
}
export interface ImportWarning {
  code: string;
  message: string;
  sheet?: string;
  column?: string;
}
export interface SkippedRow {
  row: number;
  reason: string;
  sheet?: string;
}
export interface MemberChange {
  row: number;
  sheet?: string;
  memberId: number;
  name: string;
  fields: { field: string; column: string; old: string | null; new: string }[];
}
export type ImportMode = 'add' | 'update';
export interface ImportJob {
  id: string;
  status: 'parsing' | 'ready' | 'failed' | 'committing' | 'committed';
  phase: string;
  done: number;
  total: number;
  error: string | null;
  preview: {
    total: number;
    ok: number;
    fatal: string | null;
    errors: RowError[];
    warnings: ImportWarning[];
    skipped: SkippedRow[];
    alreadyImported: { importId: number; at: string; rowCount: number } | null;
    mode: ImportMode;
    added: number;
    unchanged: number;
    changes: MemberChange[];
    sample: {
      row: number;
      sheet?: string;
      name: string;
      idNumber: string;
      orgId: number;
      orgName: string;
      status: string;
      category: string;
    }[];
  } | null;
  result: { importId: number; imported: number; updated?: number; alreadyImported: boolean } | null;
}

export const STATUS_LABELS: Record<string, string> = {
  probationary: '预备党员',
  full: '正式党员',
  lost_contact: '失去联系',
  transferred_out: '已转出',
  deceased: '已去世',
  removed: '已出党',
};
export const EDUCATION_LABELS: Record<string, string> = {
  postgraduate: '研究生',
  bachelor: '大学本科',
  college: '大学专科',
  high_school: '高中及中专',
  middle_school: '初中',
  primary: '小学及以下',
  unknown: '未填写',
};

export const membersApi = {
  list: (query: Query, signal?: AbortSignal) => api.get<Paged<MemberItem>>('/members', query, { signal }),
  get: (id: number) => api.get<{ data: MemberDetail }>(`/members/${id}`),
  me: () => api.get<{ data: MemberDetail }>('/members/me'),
  notices: () =>
    api.get<{ data: { id: number; title: string; body: string; createdAt: string }[] }>(
      '/members/me/notices',
    ),
  categories: (orgId?: number) =>
    api.get<{ data: { version: number; source: string; items: { code: string; label: string }[] } }>(
      '/member-categories',
      { orgId },
    ),
  create: (orgId: number, body: unknown) => api.post<{ data: MemberDetail }>(`/orgs/${orgId}/members`, body),
  update: (id: number, body: unknown) => api.patch<{ data: MemberDetail }>(`/members/${id}`, body),
  changeStatus: (id: number, body: unknown) =>
    api.post<{ data: MemberDetail }>(`/members/${id}/status`, body),
  reveal: (id: number, reason: string) =>
    api.post<{ data: { idNumber?: string; phone?: string | null; address?: string | null } }>(
      `/members/${id}/reveal`,
      { reason },
    ),
  exportFile: (body: Record<string, unknown>) =>
    api.download('/members/export', body, `党员名册.${String(body.format)}`),
  requestExport: (body: Record<string, unknown>) =>
    api.post<{ data: ExportRequest }>('/members/export-requests', body),
  exportRequests: (view: 'mine' | 'to_decide', signal?: AbortSignal) =>
    api.get<{ data: ExportRequest[] }>('/members/export-requests', { view }, { signal }),
  decideExport: (id: number, verdict: 'approve' | 'reject', comment: string) =>
    api.post<{ data: ExportRequest }>(`/members/export-requests/${id}/${verdict}`, { comment }),
  downloadExport: (id: number, format: ExportRequest['format'] = 'xlsx') =>
    api.download(`/members/export-requests/${id}/download`, {}, `未打码党员名册-${id}.${format}`),
  registrationConflicts: (signal?: AbortSignal) =>
    api.get<{ data: RegistrationConflict[] }>('/member-registration-conflicts', undefined, { signal }),
  transfer: (id: number, body: unknown) => api.post<{ data: Transfer }>(`/members/${id}/transfers`, body),
  transfers: (query: Query, signal?: AbortSignal) =>
    api.get<Paged<Transfer>>('/member-transfers', query, { signal }),
  decide: (id: number, action: 'accept' | 'refuse' | 'cancel', reason?: string) =>
    api.post<{ data: Transfer }>(`/member-transfers/${id}/${action}`, action === 'accept' ? {} : { reason }),
  birthdays: (orgId: number, days?: number) =>
    api.get<{ data: { memberId: number; name: string; orgName: string; date: string; years: number }[] }>(
      `/orgs/${orgId}/party-birthdays`,
      { days },
    ),
  notify: (orgId: number) =>
    api.post<{ data: { created: number } }>(`/orgs/${orgId}/party-birthdays/notices`, {}),
  upload: (orgId: number, file: File, mode: ImportMode = 'add') =>
    api
      .upload<{ data: ImportJob }>(
        `/orgs/${orgId}/member-imports?filename=${encodeURIComponent(file.name)}&mode=${mode}`,
        file,
        'application/octet-stream',
      )
      .then((r) => r.data),
  job: (id: string) => api.get<{ data: ImportJob }>(`/member-imports/jobs/${id}`),
  commit: (id: string) => api.post<{ data: ImportJob }>(`/member-imports/jobs/${id}/commit`, {}),
};
