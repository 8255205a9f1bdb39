/** Types of the orgs API, inferred from the server contract (type-only imports). */
import type { z } from 'zod';
import {
  type OrgDto,
  type OrgKind,
  type OrgLevel,
  type orgDetailSchema,
  type orgEventSchema,
  orgsEndpoints,
  type partTimeMemberSchema,
  type UnitType,
} from '../../../../server/src/modules/orgs/orgs.contract.ts';
import { createClient } from '../../shared/client.ts';

export type { OrgDto, OrgKind, OrgLevel, UnitType };
export type OrgDetail = z.infer<typeof orgDetailSchema>;
export type OrgEvent = z.infer<typeof orgEventSchema>;
export type PartTimeMember = z.infer<typeof partTimeMemberSchema>;

/** The enums, listed here in the server's order (checked against the contract's types). */
export const ORG_KINDS: readonly OrgKind[] = [
  'committee',
  'working_committee',
  'general_branch',
  'branch',
  'group',
  'street_alliance_committee',
  'community_alliance_committee',
  'joint_committee',
  'comprehensive_committee',
  'area_org',
  'sector_committee',
];
export const ORG_LEVELS: readonly OrgLevel[] = ['district', 'street', 'community', 'grid', 'building'];
export const UNIT_TYPES: readonly UnitType[] = [
  'agency',
  'public_institution',
  'state_enterprise',
  'non_public_enterprise',
  'social_org',
  'park',
  'business_district',
  'office_building',
  'market',
];
export const ALLIANCE_KINDS: readonly OrgKind[] = [
  'street_alliance_committee',
  'community_alliance_committee',
];

/** The orgs client, built from the contract's endpoint table. */
export const orgsApi = createClient(orgsEndpoints);
