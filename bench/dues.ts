/**
 * Dues and development benchmark rows for the bench harness (issue 17; `bench/run.ts` adds these
 * to its scoped reads, each timed and divided by the indexed lookup, target ≤ 5×):
 *
 *   scoped.push(...(await duesScopedReads(server.url, facts.districtId, district)));
 *
 * - a branch's dues ledger (the demo branch secretary's branch, this year, first page);
 * - the district's dues figures (arrears summary per child organization, `GET /dues/summary`);
 * - the district's development figures (the development module's summary, read as it is).
 */
import { login } from './lib/server.ts';

export interface ScopedRead {
  key: string;
  url: string;
  cookie: string;
  /** The target ratio to the indexed lookup. */
  limit?: number;
}

/** The demo branch secretary's branch (the organization of their role). */
async function branchOf(url: string, cookie: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/auth/me`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`GET /auth/me: ${res.status}`);
  const me = (await res.json()) as { data: { roles: { role: string; orgId: number }[] } };
  const role = me.data.roles.find((r) => r.role === 'branch_secretary') ?? me.data.roles[0];
  if (!role) throw new Error('the demo branch account has no role');
  return role.orgId;
}

export async function duesScopedReads(
  serverUrl: string,
  districtId: number,
  districtCookie: string,
): Promise<ScopedRead[]> {
  const api = `${serverUrl}/api/v1`;
  const branch = await login(serverUrl, 'branch');
  const branchId = await branchOf(serverUrl, branch);
  const year = new Date().getUTCFullYear();
  return [
    {
      key: 'dues-ledger.branch',
      url: `${api}/orgs/${branchId}/dues/ledger?year=${year}`,
      cookie: branch,
      limit: 5,
    },
    {
      key: 'dues-figures.district',
      url: `${api}/dues/summary?orgId=${districtId}`,
      cookie: districtCookie,
      limit: 5,
    },
    {
      key: 'development-figures.district',
      url: `${api}/orgs/${districtId}/development/summary`,
      cookie: districtCookie,
      limit: 5,
    },
  ];
}
