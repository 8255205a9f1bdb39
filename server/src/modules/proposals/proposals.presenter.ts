import type { Actor } from '../../platform/actor.ts';
import type { ProposalDetailDto } from './proposals.contract.ts';
import { isOwn, type loadDetailParts, type ProposalRow } from './proposals.queries.ts';

/** Other residents see a masked proposer name; officials and the proposer see it in full. */
function proposerLabel(actor: Actor, p: ProposalRow, name: string | null): string {
  const full = name ?? '居民';
  if (actor.can('proposals.read', p.orgPath) || isOwn(actor, p)) return full;
  return `${full.slice(0, 1)}**`;
}

export function presentProposal(actor: Actor, p: ProposalRow & { proposerDisplayName?: string | null }) {
  return {
    id: p.id,
    orgId: p.orgId,
    orgName: p.orgName,
    title: p.title,
    content: p.content,
    category: p.category as ProposalDetailDto['category'],
    channel: p.channel,
    proposer: proposerLabel(actor, p, p.proposerName ?? p.proposerDisplayName ?? null),
    mine: isOwn(actor, p),
    status: p.status,
    isPublic: p.publishedAt !== null,
    supportCount: p.supportCount,
    supportThreshold: p.supportThreshold,
    ruleVersion: p.ruleVersion,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function presentDetail(
  actor: Actor,
  p: ProposalRow & { proposerDisplayName?: string | null; supportedByMe: boolean },
  parts: Awaited<ReturnType<typeof loadDetailParts>>,
  today: string,
  abilities: ProposalDetailDto['abilities'],
): ProposalDetailDto {
  const official = actor.can('proposals.read', p.orgPath);
  return {
    ...presentProposal(actor, p),
    decision:
      p.decisionResult && p.decidedAt
        ? {
            decisionBody: p.decisionBody!,
            expectedVoters: p.expectedVoters!,
            votesFor: p.votesFor!,
            votesAgainst: p.votesAgainst!,
            votesAbstain: p.votesAbstain!,
            result: p.decisionResult,
            resolution: p.decisionText ?? '',
            decidedAt: p.decidedAt.toISOString(),
            disclosedAt: p.decisionDisclosedAt?.toISOString() ?? null,
          }
        : null,
    result: { text: p.resultText, disclosedAt: p.resultDisclosedAt?.toISOString() ?? null },
    sourceType: official ? p.sourceType : null,
    sourceId: official ? p.sourceId : null,
    supportedByMe: p.supportedByMe,
    events: parts.events.map((e) => ({
      id: e.id,
      kind: e.kind,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      reason: e.reason,
      actorName: official ? e.actorName : null,
      at: e.at.toISOString(),
    })),
    comments: parts.comments.map((c) => ({
      id: c.id,
      author: official || c.authorId === actor.user.id ? c.displayName : `${c.displayName.slice(0, 1)}**`,
      body: c.body,
      at: c.at.toISOString(),
    })),
    meetings: parts.meetings,
    tasks: parts.tasks.map((t) => ({ ...t, overdue: t.progress < 100 && t.dueOn < today })),
    feedback: parts.feedback.map((f) => ({
      id: f.id,
      verdict: f.verdict,
      reason: f.reason,
      by: f.onBehalfName
        ? `${f.onBehalfName}（代录）`
        : official || f.userId === actor.user.id
          ? (f.displayName ?? '')
          : '居民',
      at: f.at.toISOString(),
    })),
    abilities,
  };
}
