import type { TFunction } from '../../shared/i18n.tsx';
import type { OrgDto } from './api.ts';

/** "社区(村)" for a level, "非公企业" for a unit type, "—" when neither is set. */
export function levelOrUnit(t: TFunction, org: Pick<OrgDto, 'level' | 'unitType'>): string {
  if (org.level) return t(`orgs.level.${org.level}`);
  if (org.unitType) return t(`orgs.unitType.${org.unitType}`);
  return '—';
}
