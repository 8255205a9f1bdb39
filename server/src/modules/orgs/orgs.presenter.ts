import type { Actor } from '../../platform/actor.ts';
import { ALLIANCE_KINDS, type OrgDto } from './orgs.contract.ts';
import type { OrgRow } from './orgs.queries.ts';

export function presentOrg(row: Omit<OrgRow, 'closedReason'> & { closedReason?: string | null }): OrgDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    shortName: row.shortName,
    kind: row.kind,
    level: row.level,
    unitType: row.unitType,
    parentId: row.parentId,
    path: row.path,
    depth: Number(row.depth),
    status: row.status,
    establishedOn: row.establishedOn,
    closedOn: row.closedOn,
    childCount: Number(row.childCount),
  };
}

/** What the caller may do with this organization: the web app shows buttons from this. */
export function orgAbilities(actor: Actor, row: OrgRow) {
  const active = row.status === 'active';
  return {
    update: active && actor.can('orgs.update', row.path),
    move: active && actor.can('orgs.move', row.path),
    close: active && actor.can('orgs.close', row.path),
    createChild: active && actor.can('orgs.create', row.path),
    managePartTimeMembers:
      active && ALLIANCE_KINDS.includes(row.kind) && actor.can('orgs.manage_part_time_members', row.path),
  };
}
