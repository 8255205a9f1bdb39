import { describe, expect, it } from 'vitest';
import { checkAbilitiesAgree, postOk, scopeCallers, tableKit } from '../../../test/actions.ts';
import { issueActions } from './co-building.actions.ts';

/** Joint-meeting issues on their action table: `abilities.solve` agrees with the route. */
const { kit, callers } = tableKit({
  ...scopeCallers('cb'),
  branch: { org: 'b1', role: 'branch_secretary', username: 'cb_branch' },
});

/** A fresh meeting of community C1 with one issue; `solved` records it solved. */
async function issue(solved: boolean) {
  const { id: meetingId } = await postOk(kit.community, `/orgs/${kit.tree.c1.id}/co-building/meetings`, {
    title: '联席会议',
    heldOn: '2026-03-10',
    minutes: '会商路灯问题',
    unitIds: [],
    issues: [{ title: '路灯维修' }],
  });
  const meeting = (
    await kit.community({ method: 'GET', url: `/api/v1/co-building/meetings/${meetingId}` })
  ).json().data;
  const id = meeting.issues[0].id as number;
  expect(meeting.issues[0].abilities).toEqual({ solve: true });
  if (solved)
    await postOk(kit.community, `/co-building/issues/${id}/solve`, {
      solvedOn: '2026-04-01',
      outcome: '修好',
    });
  return { id };
}

describe('co-building issue action table', () => {
  it('abilities agree with the route for open and solved issues and every caller', async () => {
    const counts = await checkAbilitiesAgree(kit.t.db, issueActions, {
      callers,
      fixtures: [
        { state: 'open', make: () => issue(false) },
        { state: 'solved', make: () => issue(true) },
      ],
      bodies: { solve: { solvedOn: '2026-04-02', outcome: '已解决' } },
    });
    expect(counts.succeeded).toBeGreaterThanOrEqual(2);
    expect(counts.refused).toBeGreaterThanOrEqual(2);
    expect(counts.hidden).toBeGreaterThanOrEqual(2);
  }, 300_000);
});
