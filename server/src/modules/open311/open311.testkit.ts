/** Open311 tests' shared step (tests only): an API key issued through the route, as a hotline gets one. */
import { expect } from 'vitest';
import type { Client } from '../../../test/app.ts';

/** A key for `orgId` named '12345 市民热线', issued by `sysadmin`: the secret and the key's id. */
export async function createOpen311Key(
  sysadmin: Client,
  orgId: number,
): Promise<{ key: string; id: number }> {
  const created = await sysadmin({
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/open311-keys`,
    payload: { name: '12345 市民热线' },
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().data;
}
