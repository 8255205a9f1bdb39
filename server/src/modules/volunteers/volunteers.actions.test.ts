import { beforeAll, describe, expect, it } from 'vitest';
import { checkAbilitiesAgree, postOk, scopeCallers, tableKit } from '../../../test/actions.ts';
import { signupActions } from './volunteers.actions.ts';

/** Volunteer-hour approvals on their action table: check-in and confirm agree with `abilities`. */
const { kit, callers } = tableKit({
  ...scopeCallers('va'),
  resident: { org: 'c1', role: 'resident', username: 'va_res' },
});

beforeAll(async () => {
  kit.t.clock.set('2026-11-20T09:00:00+08:00');
  await postOk(kit.resident, `/orgs/${kit.tree.c1.id}/volunteers/me`, { skills: '摄影' });
});

/** The resident's sign-up to a fresh activity of C1, taken to `state`. */
async function signup(state: 'signed up' | 'checked in' | 'confirmed') {
  const { id } = await postOk(kit.community, `/orgs/${kit.tree.c1.id}/volunteer-activities`, {
    title: '楼院巡逻',
    description: '晚间巡逻',
    startsAt: '2026-11-21T11:00:00+08:00',
    endsAt: '2026-11-21T14:00:00+08:00',
    capacity: 5,
  });
  const signed = await postOk(kit.resident, `/volunteer-activities/${id}/signup`, {});
  const signupId = signed.mySignup.id as number;
  expect(signed.mySignup.abilities).toEqual({ checkIn: false, confirm: false });
  const step = (verb: string, body: Record<string, unknown>) =>
    postOk(kit.community, `/volunteer-activities/${id}/signups/${signupId}/${verb}`, body);
  if (state !== 'signed up') await step('check-in', {});
  if (state === 'confirmed') await step('confirm', { hours: 2 });
  return { id, signupId };
}

describe('volunteer sign-up action table', () => {
  it('abilities agree with the routes for every state and caller', async () => {
    const counts = await checkAbilitiesAgree(kit.t.db, signupActions, {
      callers,
      fixtures: (['signed up', 'checked in', 'confirmed'] as const).map((state) => ({
        state,
        make: () => signup(state),
      })),
      bodies: { checkIn: {}, confirm: { hours: 2 } },
    });
    expect(counts.succeeded).toBeGreaterThanOrEqual(2);
    expect(counts.refused).toBeGreaterThan(4);
    expect(counts.hidden).toBeGreaterThan(2);
  }, 300_000);
});
