/** Organization import (spreadsheet → preview with row errors → commit); types from the server contract. */
import { api } from '../../shared/api.ts';

export interface OrgImportRowError {
  row: number;
  column: string;
  code: string;
  message: string;
}

export interface OrgImportJob {
  id: string;
  status: 'parsing' | 'ready' | 'failed' | 'committed';
  preview: {
    total: number;
    ok: number;
    fatal: string | null;
    errors: OrgImportRowError[];
    warnings: { code: string; message: string; sheet?: string; column?: string }[];
    skipped: { row: number; reason: string; sheet?: string }[];
    alreadyImported: { importId: number; at: string; rowCount: number } | null;
    sample: {
      row: number;
      code: string;
      name: string;
      parentCode: string | null;
      kind: string;
      kindLabel: string;
      level: string | null;
      unitType: string | null;
      establishedOn: string | null;
    }[];
  };
  result: { importId: number; imported: number; alreadyImported: boolean } | null;
}

export const orgImportApi = {
  async upload(orgId: number, file: File): Promise<OrgImportJob> {
    const { data } = await api.upload<{
      data: Omit<OrgImportJob, 'preview'> & { preview: OrgImportJob['preview'] | null; error: string | null };
    }>(
      `/orgs/${orgId}/org-imports?filename=${encodeURIComponent(file.name)}`,
      file,
      'application/octet-stream',
    );
    // A preview that failed (the file could not be read) is shown as the file's problem.
    return {
      ...data,
      preview: data.preview ?? {
        total: 0,
        ok: 0,
        fatal: data.error ?? '解析失败',
        errors: [],
        warnings: [],
        skipped: [],
        alreadyImported: null,
        sample: [],
      },
    };
  },
  commit: (jobId: string) => api.post<{ data: OrgImportJob }>(`/org-imports/jobs/${jobId}/commit`, {}),
};
