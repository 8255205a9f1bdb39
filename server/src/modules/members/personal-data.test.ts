import { describe, expect, it } from 'vitest';
import { buildTestApp, type Client, insertUser, testCrypto } from '../../../test/app.ts';
import { memberBody, serverKit } from '../../../test/kit.ts';
import { checkDigit } from './idcard.ts';
import { ageOn } from './members.presenter.ts';
import { insertMember, nextIdNumber } from './members.testkit.ts';

/**
 * Issue 11, personal data: what a non-revealing caller can learn about an ID number, exact
 * lookups, the registration existence oracle, and unmasked exports with a second person.
 */
const LIMIT = 5;
const CANNOT_REGISTER_HERE_MESSAGE = '此人暂不能在本组织登记。如该党员已在其他组织，请通过组织关系转接办理';
const { t, tree, district, district2, otherDistrict, street, branch } = serverKit(
  {
    district: { org: 'd1', role: 'district_admin', username: 'pd_district' },
    district2: { org: 'd1', role: 'district_admin', username: 'pd_district2' },
    otherDistrict: { org: 'd2', role: 'district_admin', username: 'pd_other' },
    street: { org: 's1', role: 'street_secretary', username: 'pd_street' },
    branch: { org: 'b1', role: 'branch_secretary', username: 'pd_branch' },
  },
  {
    config: {
      personalData: { exactLookupLimit: LIMIT, exactLookupWindowMinutes: 60, exportDownloadHours: 24 },
    },
    security: { sessionIdleMinutes: 1_000_000, sessionMaxHours: 100_000 },
  },
);

const fullIdOf = async (id: number) =>
  testCrypto.decrypt(
    (await t.db.selectFrom('members').select('idNumberEnc').where('id', '=', id).executeTakeFirstOrThrow())
      .idNumberEnc,
  );

const body = (over: Record<string, unknown> = {}) => memberBody('赵六', nextIdNumber('19850315'), over);

/** Every 'YYYY-MM-DD' (or 'YYYYMMDD') the attacker saw, and every age, from any response. */
function harvest(texts: string[]) {
  const dates = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/\b(1[89]\d\d|20\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])\b/g))
      dates.add(`${m[1]}${m[2]}${m[3]}`);
  }
  return dates;
}

/**
 * The attacker's count: every 18-character number that agrees with the masked form (first 3
 * characters and the check character shown), with a birth date consistent with everything shown
 * (the exact date if any response holds it, else any day that gives the shown age today). The
 * attacker is taken to know the whole 6-digit region (the masked address names the district);
 * the three sequence digits are unknown unless the mask shows them (`knownSequence`).
 */
function candidates(
  masked: string,
  age: number,
  today: string,
  knownBirth: string | null,
  region: string,
  knownSequence: string | null = null,
): number {
  expect(region.slice(0, 3)).toBe(masked.slice(0, 3));
  const check = masked.slice(-1);
  const days: string[] = [];
  if (knownBirth) days.push(knownBirth);
  else {
    const start = new Date(`${Number(today.slice(0, 4)) - age - 1}-01-01T00:00:00Z`);
    for (let d = start; d.getUTCFullYear() <= Number(today.slice(0, 4)) - age; ) {
      const iso = d.toISOString().slice(0, 10);
      if (ageOn(iso, today) === age) days.push(iso.replace(/-/g, ''));
      d = new Date(d.getTime() + 86_400_000);
    }
  }
  const sequences = knownSequence
    ? [knownSequence]
    : Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
  let n = 0;
  for (const sequence of sequences) {
    for (const day of days) {
      if (checkDigit(`${region}${day}${sequence}`) === check) n++;
    }
  }
  return n;
}

describe('masking: the ID number cannot be rebuilt from what is shown', () => {
  it('detail, list, masked export and birthdays show the age, never the birth date', async () => {
    const created = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/members`,
      payload: body({ name: '钱七', idNumber: nextIdNumber('19790823') }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id as number;
    const full = await fullIdOf(id);
    const today = '2026-11-21';

    // Everything a caller without the reveal gets about this member.
    const detail = await branch({ method: 'GET', url: `/api/v1/members/${id}` });
    const list = await branch({ method: 'GET', url: '/api/v1/members', query: { q: '钱七' } });
    const csv = await branch({
      method: 'POST',
      url: '/api/v1/members/export',
      payload: { format: 'csv', orgId: tree.b1.id, q: '钱七' },
    });
    const birthdays = await branch({
      method: 'GET',
      url: `/api/v1/orgs/${tree.b1.id}/party-birthdays`,
      query: { days: '366' },
    });
    const cockpit = await branch({
      method: 'GET',
      url: '/api/v1/cockpit',
      query: { orgId: String(tree.b1.id) },
    });
    const texts = [detail.body, list.body, csv.body, birthdays.body, cockpit.body];
    for (const res of [detail, list, csv, birthdays, cockpit]) expect(res.statusCode, res.body).toBe(200);

    const d = detail.json().data;
    expect(d).not.toHaveProperty('birthDate');
    expect(d.age).toBe(ageOn('1979-08-23', today));
    for (const text of texts) expect(text).not.toContain(full);
    const seen = harvest(texts);
    expect(seen.has('19790823')).toBe(false);

    // The attacker's best effort: a known birth date would leave ≤ 91 candidates (the finding);
    // with the age alone, tens of thousands remain (1000 × ~365 / 11).
    const birth = [...seen].find(
      (x) => x.slice(4) === full.slice(10, 14) && x.slice(0, 4) === full.slice(6, 10),
    );
    const region = full.slice(0, 6);
    const count = candidates(d.idNumber, d.age, today, birth ?? null, region);
    // The finding: with the birth date, or with the sequence digits the old mask showed, a few
    // dozen numbers at most were left.
    expect(candidates(d.idNumber, d.age, today, full.slice(6, 14), region, full.slice(14, 17))).toBe(1);
    expect(candidates(d.idNumber, d.age, today, null, region, full.slice(14, 17))).toBeLessThanOrEqual(91);
    expect(count).toBeGreaterThanOrEqual(10_000);
    // The true number is among them: the count is of the right space.
    expect(full.slice(0, 3)).toBe(d.idNumber.slice(0, 3));
    expect(full.slice(-1)).toBe(d.idNumber.slice(-1));
    expect(d.idNumber).not.toContain(full.slice(14, 17));
  });
});

describe('masking: probing reveals the birth year at most', () => {
  it('the age, the age filters and the join-date check do not change on the birthday', async () => {
    const created = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/members`,
      payload: body({ name: '冯十二', idNumber: nextIdNumber('19790823') }),
    });
    const id = created.json().data.id as number;
    const observe = async () => {
      const detail = await branch({ method: 'GET', url: `/api/v1/members/${id}` });
      const byAge = await branch({
        method: 'GET',
        url: '/api/v1/members',
        query: { q: '冯十二', ageMin: String(detail.json().data.age) },
      });
      return { age: detail.json().data.age, listed: byAge.json().data.length };
    };
    // Watching the record day by day: the day before and the day after the birthday look the same.
    t.clock.set('2026-08-22T12:00:00+08:00');
    const before = await observe();
    t.clock.set('2026-08-24T12:00:00+08:00');
    const after = await observe();
    expect(after).toEqual(before);
    // Binary search on the join date against the hidden birth date: both sides answer alike.
    const probe = async (joinedOn: string) => {
      const res = await branch({ method: 'PATCH', url: `/api/v1/members/${id}`, payload: { joinedOn } });
      return [res.statusCode, res.json().error?.fields?.joinedOn ?? null];
    };
    expect(await probe('1979-08-22')).toEqual(await probe('1979-08-24'));
    t.clock.set('2026-11-21T09:00:00+08:00');
    // What is left: a birth year (365 days), the masked number and the check digit.
    const full = await fullIdOf(id);
    const masked = `${full.slice(0, 3)}**************${full.slice(-1)}`;
    expect(candidates(masked, 2026 - 1979, '2026-12-31', null, full.slice(0, 6))).toBeGreaterThanOrEqual(
      10_000,
    );
  });
});

describe('exact lookups by ID number or phone', () => {
  it('are audited with the masked number and limited per account (429, Retry-After), across app instances', async () => {
    await insertUser(t.db, { username: 'pd_prober', orgId: tree.s1.id, role: 'street_secretary' });
    const prober = await t.login('pd_prober');
    const proberId = (
      await t.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'pd_prober')
        .executeTakeFirstOrThrow()
    ).id;
    const member = await insertMember(t.db, testCrypto, tree.c1.id, { phone: '13911112222' });
    const full = await fullIdOf(member);
    const first = await prober({ method: 'GET', url: '/api/v1/members', query: { q: full } });
    expect(first.statusCode).toBe(200);
    expect(first.json().data.map((m: { id: number }) => m.id)).toEqual([member]);
    const byPhone = await prober({ method: 'GET', url: '/api/v1/members', query: { q: '139-1111-2222' } });
    expect(byPhone.json().data.map((m: { id: number }) => m.id)).toEqual([member]);
    // A partial number matches nobody (no narrowing by digits), and counts as a lookup.
    const partial = await prober({ method: 'GET', url: '/api/v1/members', query: { q: '1391111' } });
    expect(partial.json().data).toEqual([]);
    // A name search is neither audited nor counted.
    await prober({ method: 'GET', url: '/api/v1/members', query: { q: '党员' } });

    const audit = await t.db
      .selectFrom('auditLog')
      .select(['detail', 'outcome'])
      .where('action', '=', 'members.exact_lookup')
      .where('userId', '=', proberId)
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(3);
    expect(audit.map((a) => (a.detail as { kind: string }).kind)).toEqual(['id_number', 'phone', 'phone']);
    expect((audit[0]?.detail as { masked?: string } | undefined)?.masked).toBe(
      `${full.slice(0, 3)}**************${full.slice(-1)}`,
    );
    expect(JSON.stringify(audit)).not.toContain(full);
    expect(JSON.stringify(audit)).not.toContain('13911112222');

    // A second app process on the same database shares the counter.
    const other = await buildTestApp({
      database: t.database,
      config: {
        personalData: { exactLookupLimit: LIMIT, exactLookupWindowMinutes: 60, exportDownloadHours: 24 },
      },
    });
    try {
      const prober2 = await other.login('pd_prober');
      const fourth = await prober2({ method: 'GET', url: '/api/v1/members', query: { q: full } });
      expect(fourth.statusCode).toBe(200);
      const fifth = await prober({ method: 'GET', url: '/api/v1/members', query: { q: full } });
      expect(fifth.statusCode).toBe(200);
      const sixth = await prober2({ method: 'GET', url: '/api/v1/members', query: { q: full } });
      expect(sixth.statusCode).toBe(429);
      expect(sixth.json().error.code).toBe('RATE_LIMITED');
      expect(sixth.json().error.message).toContain('过于频繁');
      expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
      // The masked export is an exact lookup too.
      const viaExport = await prober({
        method: 'POST',
        url: '/api/v1/members/export',
        payload: { format: 'csv', q: full },
      });
      expect(viaExport.statusCode).toBe(429);
    } finally {
      await other.close();
    }
    const denied = await t.db
      .selectFrom('auditLog')
      .select('outcome')
      .where('action', '=', 'members.exact_lookup')
      .where('userId', '=', proberId)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied).toHaveLength(2);
    // Others are not affected; the next window opens again.
    expect((await street({ method: 'GET', url: '/api/v1/members', query: { q: full } })).statusCode).toBe(
      200,
    );
    t.clock.advanceMinutes(61);
    expect((await prober({ method: 'GET', url: '/api/v1/members', query: { q: full } })).statusCode).toBe(
      200,
    );
  });
});

describe('registering a person registered elsewhere', () => {
  it('answers the same neutral refusal wherever the record is; the common ancestor sees the case', async () => {
    const inSibling = await insertMember(t.db, testCrypto, tree.s2.id, { name: '孙八' });
    const inOtherDistrict = await insertMember(t.db, testCrypto, tree.c3.id, { name: '周九' });
    const attempt = async (idNumber: string, name: string) =>
      branch({
        method: 'POST',
        url: `/api/v1/orgs/${tree.b1.id}/members`,
        payload: body({ idNumber, name }),
      });
    const a = await attempt(await fullIdOf(inSibling), '孙八');
    const b = await attempt(await fullIdOf(inOtherDistrict), '周九');
    expect(a.statusCode).toBe(409);
    expect(a.json()).toEqual({
      error: { code: 'CANNOT_REGISTER_HERE', message: CANNOT_REGISTER_HERE_MESSAGE },
    });
    expect(b.statusCode).toBe(a.statusCode);
    expect(b.body).toBe(a.body);
    expect(a.body).not.toContain('已登记');
    // A second attempt routes nothing new.
    await attempt(await fullIdOf(inSibling), '孙八');

    // Changing a member's ID number to one registered elsewhere answers the same.
    const mineToEdit = await insertMember(t.db, testCrypto, tree.b1.id, {});
    const edit = await branch({
      method: 'PATCH',
      url: `/api/v1/members/${mineToEdit}`,
      payload: { idNumber: await fullIdOf(inOtherDistrict) },
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.body).toBe(a.body);

    // Within the caller's own scope, the duplicate may be named.
    const own = await insertMember(t.db, testCrypto, tree.b1.id, {});
    const mine = await attempt(await fullIdOf(own), '吴十');
    expect(mine.statusCode).toBe(409);
    expect(mine.json().error.code).toBe('CONFLICT');
    expect(mine.json().error.message).toContain('已在本组织范围内登记');

    // The case is listed for the common ancestor (D1), not for the branch nor its street.
    const cases = await district({ method: 'GET', url: '/api/v1/member-registration-conflicts' });
    expect(cases.statusCode, cases.body).toBe(200);
    const listed = cases.json().data as {
      requestedOrgId: number;
      existingMemberId: number;
      ancestorOrgId: number;
    }[];
    expect(listed.filter((c) => c.existingMemberId === inSibling)).toEqual([
      expect.objectContaining({ requestedOrgId: tree.b1.id, ancestorOrgId: tree.d1.id, name: '孙八' }),
    ]);
    // Across districts there is no common ancestor in this tree: nobody is shown the other side.
    expect(listed.some((c) => c.existingMemberId === inOtherDistrict)).toBe(false);
    const otherCases = await otherDistrict({ method: 'GET', url: '/api/v1/member-registration-conflicts' });
    expect(otherCases.json().data).toEqual([]);
    for (const c of [branch, street]) {
      const res = await c({ method: 'GET', url: '/api/v1/member-registration-conflicts' });
      expect(res.statusCode).toBe(200);
      expect(res.json().data).toEqual([]);
    }
    // And the branch still cannot see the other street's member.
    expect((await branch({ method: 'GET', url: `/api/v1/members/${inSibling}` })).statusCode).toBe(404);
    // The refusals are audited as denied, without the number.
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['detail', 'outcome'])
      .where('action', '=', 'members.create')
      .where('outcome', '=', 'denied')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(audit)).not.toContain(await fullIdOf(inSibling));
  });
});

describe('registration refusals are exact lookups too', () => {
  it('count towards the account limit; once spent, no number can be registered until the window ends', async () => {
    await insertUser(t.db, { username: 'pd_registrar', orgId: tree.c1.id, role: 'community_secretary' });
    const registrar = await t.login('pd_registrar');
    const elsewhere = await insertMember(t.db, testCrypto, tree.c3.id, {});
    const inScope = await insertMember(t.db, testCrypto, tree.b1.id, {});
    const tries = [elsewhere, inScope, elsewhere, inScope, elsewhere];
    for (const m of tries) {
      const res = await registrar({
        method: 'POST',
        url: `/api/v1/orgs/${tree.c1.id}/members`,
        payload: body({ idNumber: await fullIdOf(m) }),
      });
      expect(res.statusCode).toBe(409);
    }
    // The limit (5) is spent: even a fresh number waits, and nothing tells whether it exists.
    const next = await registrar({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/members`,
      payload: body({ idNumber: nextIdNumber('19700101') }),
    });
    expect(next.statusCode).toBe(429);
    expect(Number(next.headers['retry-after'])).toBeGreaterThan(0);
    const search = await registrar({
      method: 'GET',
      url: '/api/v1/members',
      query: { q: await fullIdOf(inScope) },
    });
    expect(search.statusCode).toBe(429);
    t.clock.advanceMinutes(61);
    const later = await registrar({
      method: 'POST',
      url: `/api/v1/orgs/${tree.c1.id}/members`,
      payload: body({ idNumber: nextIdNumber('19700101') }),
    });
    expect(later.statusCode, later.body).toBe(201);
  });
});

describe('unmasked export with a second person (PIPL-06)', () => {
  const request = (client: Client, over: Record<string, unknown> = {}) =>
    client({
      method: 'POST',
      url: '/api/v1/members/export-requests',
      payload: { orgId: tree.b1.id, format: 'csv', reason: '上报市委组织部年度党员信息核对', ...over },
    });

  it('needs a request that someone else approves; the requester downloads once; all audited', async () => {
    const member = await insertMember(t.db, testCrypto, tree.b1.id, { name: '郑十一' });
    const full = await fullIdOf(member);
    // The direct unmasked path is gone.
    const direct = await district({
      method: 'POST',
      url: '/api/v1/members/export',
      payload: { format: 'csv', orgId: tree.b1.id, unmasked: true, reason: '上报组织部核对' },
    });
    expect(direct.statusCode).toBe(403);
    expect(direct.json().error.code).toBe('APPROVAL_REQUIRED');
    // A short reason is refused; branches cannot ask at all.
    expect((await request(district, { reason: '核对' })).statusCode).toBe(400);
    expect((await request(branch)).statusCode).toBe(403);

    const created = await request(district);
    expect(created.statusCode, created.body).toBe(201);
    const req = created.json().data;
    expect(req).toMatchObject({ status: 'pending', abilities: { decide: false, download: false } });
    expect(req.rowCount).toBeGreaterThan(0);
    const url = `/api/v1/members/export-requests/${req.id}`;

    // Not yet approved: no file.
    expect(
      (await district({ method: 'POST', url: `/api/v1/members/export-requests/${req.id}/download` }))
        .statusCode,
    ).toBe(409);
    // The requester cannot approve their own request.
    const self = await district({
      method: 'POST',
      url: `/api/v1/members/export-requests/${req.id}/approve`,
      payload: { comment: '同意' },
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('SELF_APPROVAL');
    // Another district's approver does not see it; a street secretary may not approve.
    expect(
      (await otherDistrict({ method: 'POST', url: `${url}/approve`, payload: { comment: '同意' } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await street({ method: 'POST', url: `${url}/approve`, payload: { comment: '同意' } })).statusCode,
    ).toBe(403);
    // The second person sees it in the list and approves.
    const toDecide = await district2({
      method: 'GET',
      url: '/api/v1/members/export-requests?view=to_decide',
    });
    expect(toDecide.json().data.map((r: { id: number }) => r.id)).toContain(req.id);
    expect(
      (await otherDistrict({ method: 'GET', url: '/api/v1/members/export-requests?view=to_decide' })).json()
        .data,
    ).toEqual([]);
    const approved = await district2({
      method: 'POST',
      url: `${url}/approve`,
      payload: { comment: '同意，限本次核对使用' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().data).toMatchObject({ status: 'approved', deciderName: 'pd_district2' });
    expect(
      (await district2({ method: 'POST', url: `${url}/reject`, payload: { comment: '改为驳回' } }))
        .statusCode,
    ).toBe(409);

    // Only the requester downloads, once: for anyone else the file does not exist.
    expect((await district2({ method: 'POST', url: `${url}/download` })).statusCode).toBe(404);
    const mine = await district({ method: 'GET', url: '/api/v1/members/export-requests' });
    expect(mine.json().data.find((r: { id: number }) => r.id === req.id).abilities.download).toBe(true);
    const file = await district({ method: 'POST', url: `${url}/download` });
    expect(file.statusCode, file.body).toBe(200);
    expect(file.headers['cache-control']).toBe('no-store');
    expect(file.body).toContain(full);
    expect(file.body).toContain(`申请单号: ${req.id}`);
    expect(file.body).toContain('审批人: pd_district2');
    expect(file.body).toContain('未打码，严禁外传');
    const again = await district({ method: 'POST', url: `${url}/download` });
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('GONE');

    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'outcome', 'detail', 'username'])
      .where('objectType', '=', 'member_export_request')
      .where('objectId', '=', String(req.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, a.outcome, a.username])).toEqual([
      ['members.export_request', 'success', 'pd_district'],
      ['members.export_approve', 'success', 'pd_district2'],
      ['members.export_download', 'success', 'pd_district'],
      ['members.export_download', 'denied', 'pd_district'],
    ]);
    expect((audit[2]?.detail as { rows?: number } | undefined)?.rows).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(full);
  });

  it('expires after the download window, and a rejected request gives no file', async () => {
    const created = await request(district);
    const url = `/api/v1/members/export-requests/${created.json().data.id}`;
    await district2({ method: 'POST', url: `${url}/approve`, payload: { comment: '同意' } });
    t.clock.advanceMinutes(24 * 60 + 1);
    const late = await district({ method: 'POST', url: `${url}/download` });
    expect(late.statusCode).toBe(410);
    expect(late.json().error.message).toContain('下载期限');
    const expired = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('objectId', '=', String(created.json().data.id))
      .where('action', '=', 'members.export_expire')
      .execute();
    expect(expired).toHaveLength(1);
    expect((await district({ method: 'POST', url: `${url}/download` })).statusCode).toBe(410);

    const other = await request(district);
    const otherUrl = `/api/v1/members/export-requests/${other.json().data.id}`;
    const rejected = await district2({
      method: 'POST',
      url: `/api/v1/members/export-requests/${other.json().data.id}/reject`,
      payload: { comment: '理由不充分' },
    });
    expect(rejected.json().data.status).toBe('rejected');
    expect((await district({ method: 'POST', url: `${otherUrl}/download` })).statusCode).toBe(409);
    // Someone outside the scope does not learn the request exists.
    expect((await otherDistrict({ method: 'POST', url: `${otherUrl}/download` })).statusCode).toBe(404);
  });
});
