import type { z } from 'zod';
import type {
  ProposalStatus,
  proposalDetailSchema,
  proposalSchema,
} from '../../../../server/src/modules/proposals/proposals.contract.ts';
import { api, type Paged } from '../../shared/api.ts';

export type Proposal = z.infer<typeof proposalSchema>;
export type ProposalDetail = z.infer<typeof proposalDetailSchema>;
export type { ProposalStatus };

export const STEPS: readonly ProposalStatus[] = [
  'proposal',
  'deliberation',
  'decision',
  'execution',
  'supervision',
];
export const STATUS_COLORS: Record<ProposalStatus, string> = {
  proposal: 'default',
  deliberation: 'blue',
  decision: 'purple',
  execution: 'orange',
  supervision: 'cyan',
  closed: 'green',
  declined: 'red',
};
export const CATEGORIES = [
  'environment',
  'property',
  'safety',
  'elderly_child',
  'facilities',
  'traffic',
  'culture',
  'other',
] as const;

export const proposalsApi = {
  list: (query: { status?: string; mine?: boolean; page?: number; pageSize?: number }) =>
    api.get<Paged<Proposal>>('/proposals', query),
  get: (id: number) => api.get<{ data: ProposalDetail }>(`/proposals/${id}`),
  /** Submission with an `Idempotency-Key` (REL-04): a retry with the same key creates one proposal. */
  create: (orgId: number, body: unknown, idempotencyKey: string) =>
    api.post<{ data: ProposalDetail }>(`/orgs/${orgId}/proposals`, body, {
      headers: { 'idempotency-key': idempotencyKey },
    }),
  step: (id: number, step: string, body: unknown = {}) =>
    api.post<{ data: ProposalDetail }>(`/proposals/${id}/${step}`, body),
  progress: (id: number, taskId: number, body: unknown) =>
    api.patch<{ data: ProposalDetail }>(`/proposals/${id}/tasks/${taskId}`, body),
};

/** A new key per filled-in form; reused when the same form is sent again (double tap, retry). */
export function newIdempotencyKey(): string {
  // getRandomValues works on plain-HTTP intranet deployments too (randomUUID needs a secure context).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
