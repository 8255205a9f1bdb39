import { abilitiesOf } from '../../platform/actions.ts';
import type { Actor } from '../../platform/actor.ts';
import { itemActions, listActions } from './responsibility.actions.ts';
import type { ItemDto, ListDto } from './responsibility.contract.ts';
import type { ItemRow, ListRow } from './responsibility.queries.ts';

export function presentItem(row: ItemRow, actor?: Actor): ItemDto {
  return {
    id: row.id,
    listId: row.listId,
    orgId: row.orgId,
    orgName: row.orgName,
    sourceItemId: row.sourceItemId,
    ownerOrgId: row.ownerOrgId,
    ownerOrgName: row.ownerOrgName,
    ownerPerson: row.ownerPerson,
    title: row.title,
    measure: row.measure,
    deadline: row.deadline,
    weight: Number(row.weight),
    passDown: row.passDown,
    status: row.status,
    progress: row.progress,
    doneOn: row.doneOn,
    late: Boolean(row.late),
    ...(actor ? { abilities: abilitiesOf(itemActions, actor, row) } : {}),
  };
}

export function presentList(row: ListRow, items: ItemRow[], today: string, actor?: Actor): ListDto {
  const current = row.signedVersion === row.version;
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    year: row.year,
    kind: row.kind,
    kindName: row.kindName,
    holder: row.holder,
    title: row.title,
    parentListId: row.parentListId,
    version: row.version,
    signDueOn: row.signDueOn,
    signedBy: current ? row.signedByName : null,
    signedAt: current && row.signedAt ? row.signedAt.toISOString() : null,
    signedVersion: row.signedVersion,
    needsResign: row.signedVersion !== null && !current,
    signedLate: row.signedOn ? row.signedOn > row.signDueOn : row.signDueOn < today,
    items: items.map((i) => presentItem(i, actor)),
    ...(actor ? { abilities: abilitiesOf(listActions, actor, row) } : {}),
  };
}
