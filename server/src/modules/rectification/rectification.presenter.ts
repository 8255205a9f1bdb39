import { abilitiesOf } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import { campaignActions, itemActions } from './rectification.actions.ts';
import type { CampaignDto, RectificationItemDto } from './rectification.contract.ts';
import type { CampaignRow, ItemRow } from './rectification.queries.ts';

export function presentItem(row: ItemRow, actor?: Actor): RectificationItemDto {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    title: row.title,
    source: { kind: row.sourceKind, id: row.sourceId },
    sourceTitle: row.sourceTitle,
    issuerOrgName: row.issuerOrgName,
    ownerPerson: row.ownerPerson,
    requiredEvidence: row.requiredEvidence,
    openedOn: row.openedOn,
    deadline: row.deadline,
    workingDays: row.workingDays,
    status: row.status,
    overdueDays: Number(row.overdueDays),
    submittedOn: row.submittedOn,
    reminded: row.remindedAt !== null,
    escalatedToOrgName: row.escalatedToOrgName,
    returnCount: row.returnCount,
    evidenceCount: Number(row.evidenceCount),
    hard: row.hard,
    ...(actor ? { abilities: abilitiesOf(itemActions, actor, row) } : {}),
  };
}

export function presentCampaign(row: CampaignRow, actor?: Actor): CampaignDto {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    kind: row.kind,
    title: row.title,
    checklist: row.checklist,
    targetLevel: row.targetLevel,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    status: row.status,
    inspectors: row.inspectors,
    targets: Number(row.targets),
    findings: Number(row.findings),
    rectified: Number(row.rectified),
    overdue: Number(row.overdue),
    ...(actor ? { abilities: abilitiesOf(campaignActions, actor, row) } : {}),
  };
}
