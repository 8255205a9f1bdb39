import { serverKit } from '../../../test/kit.ts';

/**
 * The accounts of the responsibility tests: the district, street s1, its community c1 and c1's
 * sibling c2; sessions long enough for the frozen clock's jumps over the year. (Modules reach each
 * other only through index.ts, so rectification keeps its own kit, steering.testkit.ts.)
 */
export const responsibilityKit = () =>
  serverKit(
    {
      district: { org: 'd1', role: 'district_admin' },
      street: { org: 's1', role: 'street_secretary' },
      community: { org: 'c1', role: 'community_secretary' },
      sibling: { org: 'c2', role: 'community_secretary' },
    },
    { security: { sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 } },
  );
