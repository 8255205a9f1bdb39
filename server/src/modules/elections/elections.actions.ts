import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { abilitiesOf, actionFor, defineActions, noBody } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import {
  adjustmentSchema,
  checklistBody,
  decisionBody,
  ELECTIONS_LABELS,
  electionSchema,
  nominateBody,
  officersBody,
  rejectBody,
  voteBody,
} from './elections.contract.ts';
import {
  type AdjustmentRow,
  adjustmentRow,
  type ElectionRow,
  electionRow,
  loadAdjustment,
  loadElection,
  parentPathOf,
} from './elections.queries.ts';
import { minCandidates, structureOf } from './elections.rules.ts';
import {
  confirm,
  decideAdjustment,
  electOfficers,
  nominate,
  recordVote,
  saveChecklist,
  setStatus,
} from './elections.service.ts';

const onAdjustment = actionFor<AdjustmentRow, AdjustmentRow>();
const onElection = actionFor<ElectionRow, ElectionRow>();
/** Approvals belong to the level above the committee. */
const above = (row: { orgPath: string }) => parentPathOf(row.orgPath);
const inState =
  (...states: ElectionRow['status'][]) =>
  (row: ElectionRow) =>
    states.includes(row.status) ? null : '换届选举不在此环节';

/** Postponement or early election: approved or rejected by the level above, with a reason. */
export const adjustmentActions = defineActions({
  tags: ['elections'],
  fieldLabels: ELECTIONS_LABELS,
  objectType: 'term_adjustment',
  load: (db, actor, params, { lock }) => loadAdjustment(db, actor, Number(params.id), lock),
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply: async (row: AdjustmentRow, request: FastifyRequest) => ({
    data: presentAdjustment(
      (await adjustmentRow(request.server.deps.db, row.id)) ?? row,
      request.actor ?? undefined,
    ),
  }),
  response: z.object({ data: adjustmentSchema }),
  actions: {
    approve: onAdjustment({
      title: '批准',
      path: '/elections/adjustments/:id/approve',
      permission: 'elections.approve',
      scope: above,
      when: (row) => (row.status === 'requested' ? null : '该申请已审批'),
      conflictStatus: 409,
      body: decisionBody,
      run: (ctx, row, b) => decideAdjustment(ctx, row, 'approved', b.reason),
      audit: 'elections.adjustment_approved',
    }),
    reject: onAdjustment({
      title: '不批准',
      path: '/elections/adjustments/:id/reject',
      permission: 'elections.approve',
      scope: above,
      when: (row) => (row.status === 'requested' ? null : '该申请已审批'),
      conflictStatus: 409,
      body: rejectBody,
      run: (ctx, row, b) => decideAdjustment(ctx, row, 'rejected', b.reason),
      audit: 'elections.adjustment_rejected',
    }),
  },
});

export function presentAdjustment(row: AdjustmentRow, actor?: Actor): z.infer<typeof adjustmentSchema> {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    kind: row.kind,
    months: row.months,
    newEndsOn: row.newEndsOn,
    reason: row.reason,
    status: row.status,
    decisionReason: row.decisionReason,
    abilities: actor ? abilitiesOf(adjustmentActions, actor, row) : undefined,
  };
}

/** The election workflow (选举工作条例; domain-rules.md §3.3–3.4), each step on the action table. */
export const electionActions = defineActions({
  tags: ['elections'],
  fieldLabels: ELECTIONS_LABELS,
  objectType: 'election',
  load: (db, actor, params, { lock }) => loadElection(db, actor, Number(params.id), lock),
  id: (row) => row.id,
  scope: (row) => row.orgPath,
  reply: async (row: ElectionRow, request: FastifyRequest) => ({
    data: presentElection(
      (await electionRow(request.server.deps.db, row.id)) ?? row,
      request.actor ?? undefined,
    ),
  }),
  response: z.object({ data: electionSchema }),
  actions: {
    approve: onElection({
      title: '批复换届请示',
      path: '/elections/:id/approve',
      permission: 'elections.approve',
      scope: above,
      when: inState('requested'),
      body: noBody,
      run: (ctx, row) => setStatus(ctx, row, 'approved'),
      audit: 'elections.approved',
    }),
    reject: onElection({
      title: '不予批复',
      path: '/elections/:id/reject',
      permission: 'elections.approve',
      scope: above,
      when: inState('requested', 'nominated', 'officers_elected'),
      body: rejectBody,
      run: (ctx, row) => setStatus(ctx, row, 'rejected'),
      audit: 'elections.rejected',
    }),
    prepare: onElection({
      title: '更新准备工作',
      path: '/elections/:id/checklist',
      permission: 'elections.run',
      when: inState('requested', 'approved', 'nominated'),
      body: checklistBody,
      run: (ctx, row, b) => saveChecklist(ctx, row, b),
      audit: 'elections.checklist_updated',
    }),
    nominate: onElection({
      title: '上报候选人',
      path: '/elections/:id/candidates',
      permission: 'elections.run',
      when: inState('approved'),
      body: nominateBody,
      run: (ctx, row, b) => nominate(ctx, row, b),
      audit: 'elections.nominated',
    }),
    review: onElection({
      title: '审查同意候选人',
      path: '/elections/:id/review',
      permission: 'elections.approve',
      scope: above,
      when: inState('nominated'),
      body: noBody,
      run: (ctx, row) => setStatus(ctx, row, 'candidates_approved'),
      audit: 'elections.candidates_approved',
    }),
    vote: onElection({
      title: '登记选举结果',
      path: '/elections/:id/vote',
      permission: 'elections.run',
      when: inState('candidates_approved'),
      body: voteBody,
      run: (ctx, row, b) => recordVote(ctx, row, b),
      audit: 'elections.voted',
    }),
    officers: onElection({
      title: '登记书记副书记',
      path: '/elections/:id/officers',
      permission: 'elections.run',
      when: inState('voted'),
      body: officersBody,
      run: (ctx, row, b) => electOfficers(ctx, row, b),
      audit: 'elections.officers_elected',
    }),
    confirm: onElection({
      title: '批准选举结果',
      path: '/elections/:id/confirm',
      permission: 'elections.approve',
      scope: above,
      when: inState('officers_elected'),
      body: noBody,
      run: (ctx, row) => confirm(ctx, row),
      audit: 'elections.confirmed',
    }),
  },
});

export function presentElection(row: ElectionRow, actor?: Actor): z.infer<typeof electionSchema> {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    status: row.status,
    seats: row.seats,
    minCandidates: minCandidates(row.seats),
    plannedOn: row.plannedOn,
    reason: row.reason,
    villageOrCommunity: row.level === 'community',
    checklist: row.checklist,
    candidates: row.candidates,
    structure: structureOf(row.candidates),
    entitled: row.entitled,
    present: row.present,
    votes: row.votes,
    elected: row.elected,
    votedOn: row.votedOn,
    secretary: row.secretary,
    deputy: row.deputy,
    abilities: actor ? abilitiesOf(electionActions, actor, row) : undefined,
  };
}
