import { type KitUser, serverKit } from '../../../test/kit.ts';

/**
 * The accounts the responsibility and rectification tests act as: the district, the street above
 * community c1, c1 itself and its sibling c2 (out of scope of each other); sessions that outlive
 * the frozen clock's jumps. `extra` adds accounts.
 */
export function steeringKit<E extends Record<string, KitUser>>(extra: E = {} as E) {
  return serverKit(
    {
      district: { org: 'd1', role: 'district_admin' },
      street: { org: 's1', role: 'street_secretary' },
      community: { org: 'c1', role: 'community_secretary' },
      sibling: { org: 'c2', role: 'community_secretary' },
      ...extra,
    } satisfies Record<string, KitUser>,
    { security: { sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 } },
  );
}
