import type { Client } from '../../../test/app.ts';

/**
 * Publishes a time-limit rule version effective from 2026-09-01 (tests only): the per-level
 * clock is configuration, so a test names the working days each level has. `district` is a
 * signed-in district administrator.
 */
export async function publishTestTimeRule(
  district: Client,
  limits: { grid: number; community: number; street: number; district: number },
): Promise<void> {
  const rule = await district({
    method: 'POST',
    url: '/api/v1/service-requests/rules',
    payload: { version: 'test-2026.9', effectiveFrom: '2026-09-01', source: '测试用时限规则', limits },
  });
  if (rule.statusCode !== 201) throw new Error(`rule not published: ${rule.statusCode} ${rule.body}`);
}
