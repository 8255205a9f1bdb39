import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, insertOrg, insertUser } from '../../test/app.ts';
import { TEST_BACKEND } from '../../test/db.ts';
import { serverKit } from '../../test/kit.ts';
import { ACTION_TRIES } from './http.ts';

/**
 * runAction runs a transaction again when PostgreSQL gave it up (40P01 deadlock, 40001
 * serialization failure), and answers 503 with Retry-After when every try failed (ADR 0010).
 * A trigger on orgs fails inserts on purpose: the first try only, or every try.
 */
const { t } = serverKit({}, { tree: false });
let district: Client;
let root: { id: number; path: string };

beforeAll(async () => {
  root = await insertOrg(t.db, { code: 'RT-D', level: 'district' });
  await insertUser(t.db, { username: 'rt_district', orgId: root.id, role: 'district_admin' });
  district = await t.login('rt_district');
  await sql
    .raw(`
    create sequence test_fail_seq;
    create table test_fail_mode (code text not null, errcode text not null, always boolean not null);
    create function test_fail() returns trigger language plpgsql as $fn$
    declare m record;
    begin
      select * into m from test_fail_mode where code = new.code;
      if found then
        -- nextval is not undone by the rollback: it counts the tries.
        if m.always then
          perform nextval('test_fail_seq');
          raise exception 'injected failure' using errcode = m.errcode;
        elsif nextval('test_fail_seq') = 1 then
          raise exception 'injected failure' using errcode = m.errcode;
        end if;
      end if;
      return new;
    end $fn$;
    create trigger test_fail before insert on orgs for each row execute function test_fail();
  `)
    .execute(t.db);
});

const create = (code: string) =>
  district({
    method: 'POST',
    url: `/api/v1/orgs/${root.id}/children`,
    payload: { code, name: `重试${code}`, kind: 'working_committee', level: 'street' },
  });

async function auditRows(code: string) {
  return t.db
    .selectFrom('auditLog')
    .select(['action', 'outcome'])
    .where(sql<string>`detail->>'code'`, '=', code)
    .execute();
}

describe(`retry of a transaction the database gave up (${TEST_BACKEND})`, () => {
  it('runs the action again after a deadlock or a serialization failure, and it counts once', async () => {
    for (const [code, errcode] of [
      ['RT-1', '40P01'],
      ['RT-2', '40001'],
    ] as const) {
      await sql`select setval('test_fail_seq', 1, false)`.execute(t.db);
      await sql`insert into test_fail_mode values (${code}, ${errcode}, false)`.execute(t.db);
      const res = await create(code);
      expect(res.statusCode, res.body).toBe(201);
      const rows = await t.db.selectFrom('orgs').select('id').where('code', '=', code).execute();
      expect(rows).toHaveLength(1);
      expect(await auditRows(code)).toEqual([{ action: 'orgs.create', outcome: 'success' }]);
    }
  });

  it('answers 503 with Retry-After after the last try, writes nothing, and audits the failure', async () => {
    await sql`select setval('test_fail_seq', 1, false)`.execute(t.db);
    await sql`insert into test_fail_mode values ('RT-3', '40P01', true)`.execute(t.db);
    const res = await create('RT-3');
    expect(res.statusCode, res.body).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json().error).toMatchObject({ code: 'RETRY_LATER' });
    expect(res.json().error.message).toMatch(/请稍后重试/);
    const { rows } = await sql<{ n: number }>`select last_value as n from test_fail_seq`.execute(t.db);
    expect(Number(rows[0]!.n)).toBe(ACTION_TRIES);
    expect(await t.db.selectFrom('orgs').select('id').where('code', '=', 'RT-3').execute()).toEqual([]);
    const failure = await t.db
      .selectFrom('auditLog')
      .select(['action', 'outcome', 'detail'])
      .where('objectId', '=', `POST /api/v1/orgs/:id/children`)
      .execute();
    expect(failure).toEqual([{ action: 'orgs.create', outcome: 'failure', detail: { status: 503 } }]);
  });
});
