import type { Actor } from '../../platform/actor.ts';
import { createProposalFromRequest } from '../proposals/index.ts';
import type { RequestRow } from './service-requests.queries.ts';
import { markPromoted, type RequestContext } from './service-requests.service.ts';

/** The proposals module is part of this build: requests can be promoted to proposals. */
export const promotionAvailable = true;

/**
 * 诉求转提案: a matter that needs residents' deliberation becomes a proposal of the community where
 * it was raised. The proposal points back to the request; the request keeps its whole history.
 */
export async function promoteRequest(
  ctx: RequestContext,
  row: RequestRow,
  actor: Actor,
): Promise<RequestRow> {
  const proposal = await createProposalFromRequest(ctx.trx, actor, ctx.now, ctx.audit, {
    requestId: row.id,
    orgId: row.orgId,
    title: row.title,
    content: [row.description, row.location ? `地点：${row.location}` : null, `来源诉求：${row.code}`]
      .filter(Boolean)
      .join('\n'),
    proposerUserId: row.residentUserId,
    proposerName: row.contactName,
  });
  return markPromoted(ctx, row, proposal.id);
}
