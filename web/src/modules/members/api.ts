import type { z } from 'zod';
import {
  type exportRequestSchema,
  type listMembersQuery,
  type memberDetail,
  type memberListItem,
  membersEndpoints,
  type registrationConflictSchema,
  type transferSchema,
} from '../../../../server/src/modules/members/members.contract.ts';
import { api } from '../../shared/api.ts';
import { createClient } from '../../shared/client.ts';

export type MemberItem = z.infer<typeof memberListItem>;
export type MemberListQuery = Partial<z.input<typeof listMembersQuery>>;
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

/** The members client, built from the contract's endpoint table (no hand-written calls). */
export const membersApi = createClient(membersEndpoints);

/** Files: the masked roster export and the one download of an approved unmasked export. */
export const memberFiles = {
  exportFile: (body: Record<string, unknown>) =>
    api.download('/members/export', body, `党员名册.${String(body.format)}`),
  downloadExport: (id: number, format: ExportRequest['format'] = 'xlsx') =>
    api.download(`/members/export-requests/${id}/download`, {}, `未打码党员名册-${id}.${format}`),
};

/** The roster import (upload → job with progress and preview → commit), platform/imports. */
export const memberImportApi = {
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
