import type { ColumnType, Generated } from 'kysely';
import type {
  DecisionBody,
  FeedbackVerdict,
  MeetingKind,
  ProposalChannel,
  ProposalStatus,
} from './proposals.contract.ts';

export interface ProposalRulesTable {
  id: Generated<number>;
  orgId: number | null;
  version: string;
  supportThreshold: number;
  passNumerator: number;
  passDenominator: number;
  effectiveFrom: string;
  source: string;
  createdBy: number | null;
  createdAt: Generated<Date>;
}

export interface ProposalsTable {
  id: Generated<number>;
  orgId: number;
  title: string;
  content: string;
  category: string;
  channel: ProposalChannel;
  submittedBy: number | null;
  proposerUserId: number | null;
  proposerName: string | null;
  status: Generated<ProposalStatus>;
  publishedAt: Date | null;
  ruleId: number | null;
  supportThreshold: number | null;
  supportCount: Generated<number>;
  decisionBody: DecisionBody | null;
  expectedVoters: number | null;
  votesFor: number | null;
  votesAgainst: number | null;
  votesAbstain: number | null;
  decisionResult: 'adopted' | 'rejected' | null;
  decisionText: string | null;
  decidedAt: Date | null;
  decisionDisclosedAt: Date | null;
  resultText: string | null;
  resultDisclosedAt: Date | null;
  closedAt: Date | null;
  reopenCount: Generated<number>;
  sourceType: string | null;
  sourceId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProposalEventsTable {
  id: Generated<number>;
  proposalId: number;
  kind: string;
  fromStatus: ProposalStatus | null;
  toStatus: ProposalStatus | null;
  reason: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
  actorId: number | null;
  at: Date;
}

export interface ProposalSupportsTable {
  proposalId: number;
  userId: number;
  at: Date;
}

export interface ProposalCommentsTable {
  id: Generated<number>;
  proposalId: number;
  authorId: number;
  body: string;
  at: Date;
}

export interface ProposalMeetingsTable {
  id: Generated<number>;
  proposalId: number;
  kind: MeetingKind;
  heldOn: string;
  attendees: number;
  minutes: string;
  recordedBy: number | null;
  createdAt: Date;
}

export interface ProposalTasksTable {
  id: Generated<number>;
  proposalId: number;
  title: string;
  ownerName: string;
  dueOn: string;
  progress: Generated<number>;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProposalFeedbackTable {
  id: Generated<number>;
  proposalId: number;
  userId: number | null;
  onBehalfName: string | null;
  verdict: FeedbackVerdict;
  reason: string | null;
  at: Date;
}

export interface ProposalSubmissionKeysTable {
  userId: number;
  idempotencyKey: string;
  requestHash: string;
  proposalId: number;
  createdAt: Date;
}

export interface ProposalsTables {
  proposalRules: ProposalRulesTable;
  proposals: ProposalsTable;
  proposalEvents: ProposalEventsTable;
  proposalSupports: ProposalSupportsTable;
  proposalComments: ProposalCommentsTable;
  proposalMeetings: ProposalMeetingsTable;
  proposalTasks: ProposalTasksTable;
  proposalFeedback: ProposalFeedbackTable;
  proposalSubmissionKeys: ProposalSubmissionKeysTable;
}
