import { describe, expect, it } from 'vitest';
import { checkAbilitiesAgree, postOk, tableKit } from '../../../test/actions.ts';
import { testCrypto } from '../../../test/app.ts';
import { transferActions } from './members.actions.ts';
import { insertMember } from './members.testkit.ts';

/** Transfers (组织关系转接) on their action table: accept, refuse and cancel agree with `abilities`. */
const { kit, callers } = tableKit({
  fromBranch: { org: 'b1', role: 'branch_secretary', username: 'ta_from' },
  fromStreet: { org: 's1', role: 'street_secretary', username: 'ta_street' },
  toCommunity: { org: 'c3', role: 'community_secretary', username: 'ta_to' },
  bystander: { org: 'c2', role: 'community_secretary', username: 'ta_c2' },
});

/** A fresh member of B1 transferred to D2-S1-C1 (community C3), taken to `state`. */
async function transfer(state: 'pending' | 'expired' | 'accepted' | 'refused' | 'outside') {
  const memberId = await insertMember(kit.t.db, testCrypto, kit.tree.b1.id, {});
  const body =
    state === 'outside'
      ? { outsideOrgName: '某省某市某区委组织部', reason: '工作调动' }
      : { toOrgCode: 'D2-S1-C1', reason: '工作调动' };
  const { id } = await postOk(kit.fromBranch, `/members/${memberId}/transfers`, body);
  if (state === 'expired') {
    await kit.t.db
      .updateTable('memberTransfers')
      .set({ validUntil: '2020-01-01' })
      .where('id', '=', id)
      .execute();
  }
  if (state === 'accepted') await postOk(kit.toCommunity, `/member-transfers/${id}/accept`, {});
  if (state === 'refused')
    await postOk(kit.toCommunity, `/member-transfers/${id}/refuse`, { reason: '不在本社区' });
  return { id };
}

describe('member transfer action table', () => {
  it('abilities agree with the routes for every state and side', async () => {
    const counts = await checkAbilitiesAgree(kit.t.db, transferActions, {
      callers,
      fixtures: (['pending', 'expired', 'accepted', 'refused', 'outside'] as const).map((state) => ({
        state,
        make: () => transfer(state),
      })),
      bodies: { accept: {}, refuse: { reason: '不在本社区' }, cancel: { reason: '撤回重办' } },
    });
    expect(counts.succeeded).toBeGreaterThanOrEqual(3);
    expect(counts.refused).toBeGreaterThan(10);
    expect(counts.hidden).toBeGreaterThan(3);
  }, 300_000);

  it('the list carries the abilities: the receiver may accept, the sender may cancel', async () => {
    const { id } = await transfer('pending');
    for (const [client, direction, receiving] of [
      [kit.toCommunity, 'incoming', true],
      [kit.fromBranch, 'outgoing', false],
    ] as const) {
      const list = (
        await client({ method: 'GET', url: `/api/v1/member-transfers?direction=${direction}` })
      ).json();
      expect(list.data.find((t: { id: number }) => t.id === id).abilities).toEqual({
        accept: receiving,
        refuse: receiving,
        cancel: !receiving,
      });
    }
  });
});
