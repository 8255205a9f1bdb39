import type { z } from 'zod';
import {
  type ProposalStatus,
  type ProposalStep,
  type proposalDetailSchema,
  type proposalSchema,
  proposalsEndpoints,
} from '../../../../server/src/modules/proposals/proposals.contract.ts';
import { createClient } from '../../shared/client.ts';

export type Proposal = z.infer<typeof proposalSchema>;
export type ProposalDetail = z.infer<typeof proposalDetailSchema>;
export type { ProposalStatus, ProposalStep };

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

/** The proposals client, built from the contract's endpoint table (no hand-written calls). */
export const proposalsApi = createClient(proposalsEndpoints);

/** A new key per filled-in form; reused when the same form is sent again (double tap, retry). */
export function newIdempotencyKey(): string {
  // getRandomValues works on plain-HTTP intranet deployments too (randomUUID needs a secure context).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
