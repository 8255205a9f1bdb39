/** Organizations where the signed-in user holds one of these roles (for `/orgs/:id/…` URLs). */
export function roleOrgs(
  roles: readonly { role: string; orgId: number; orgName: string }[] | undefined,
  wanted: readonly string[],
): { value: number; label: string }[] {
  const seen = new Set<number>();
  return (roles ?? [])
    .filter((r) => wanted.includes(r.role) && !seen.has(r.orgId) && seen.add(r.orgId))
    .map((r) => ({ value: r.orgId, label: r.orgName }));
}

export const OFFICIAL_ROLES = ['district_admin', 'street_secretary', 'community_secretary'] as const;
