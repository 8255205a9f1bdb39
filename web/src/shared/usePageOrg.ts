import { useSearchParams } from 'react-router-dom';
import { roleOrgs } from './roleOrgs.ts';

/**
 * The organization a page is about: `?orgId=` (a cockpit figure links with it), else the first
 * organization where the person (`roles` from the session) is an official.
 */
export function usePageOrg(roles: Parameters<typeof roleOrgs>[0]) {
  const [params, setParams] = useSearchParams();
  const own = roleOrgs(roles, [
    'district_admin',
    'street_secretary',
    'community_secretary',
    'branch_secretary',
  ]);
  const orgId = Number(params.get('orgId')) || own[0]?.value;
  const setOrgId = (id?: number) => {
    const next = new URLSearchParams(params);
    if (id) next.set('orgId', String(id));
    else next.delete('orgId');
    setParams(next);
  };
  return { orgId, setOrgId, params, setParams };
}
