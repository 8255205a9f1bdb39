import { maskMiddle } from '../../platform/crypto.ts';
import type { RequestDto, RequestEventDto } from './service-requests.contract.ts';
import type { findRequestEvents, RequestRow } from './service-requests.queries.ts';

export function presentRequest(
  row: RequestRow,
  today: string,
  decryptPhone: (enc: string) => string,
): RequestDto {
  return {
    id: row.id,
    code: row.code,
    orgId: row.orgId,
    orgName: row.orgName,
    originLevel: row.originLevel,
    handlingOrgId: row.handlingOrgId,
    handlingOrgName: row.handlingOrgName,
    handlingLevel: row.handlingLevel,
    source: row.source,
    categoryId: row.categoryId,
    categoryName: row.categoryName,
    title: row.title,
    description: row.description,
    location: row.location,
    lat: row.lat === null ? null : Number(row.lat),
    lng: row.lng === null ? null : Number(row.lng),
    contactName: row.contactName,
    contactPhone: row.contactPhoneEnc ? maskMiddle(decryptPhone(row.contactPhoneEnc)) : null,
    status: row.status,
    disposition: row.disposition,
    nextRoute: row.nextRoute,
    ruleVersion: row.ruleVersion,
    levelStartedOn: row.levelStartedOn,
    dueOn: row.dueOn,
    isOverdue: row.status === 'open' && today > row.dueOn,
    resolution: row.resolution,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedLevel: row.resolvedLevel,
    escalationCount: Number(row.escalationCount),
    reopenCount: Number(row.reopenCount),
    hasPhoto: Boolean(row.hasPhoto),
    visit:
      row.visitId === null || row.visitRating === null
        ? null
        : {
            rating: row.visitRating,
            solved: Boolean(row.visitSolved),
            comment: row.visitComment,
            byName: row.visitByName ?? '',
            ratedAt: new Date(row.visitRatedAt!).toISOString(),
            finalAt: new Date(row.visitFinalAt!).toISOString(),
            corrected: row.visitCorrectedAt !== null,
          },
    proposalId: row.proposalId,
    receivedAt: row.receivedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentEvents(events: Awaited<ReturnType<typeof findRequestEvents>>): RequestEventDto[] {
  return events.map((e) => ({ ...e, id: Number(e.id), at: e.at.toISOString() }));
}
