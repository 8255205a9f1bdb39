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
  upload: (orgId: number, file: File) =>
    api
      .upload<{ data: OrgImportJob }>(
        `/orgs/${orgId}/org-imports?filename=${encodeURIComponent(file.name)}`,
        file,
        'application/octet-stream',
      )
      .then((r) => r.data),
  commit: (jobId: string) => api.post<{ data: OrgImportJob }>(`/org-imports/jobs/${jobId}/commit`, {}),
};
