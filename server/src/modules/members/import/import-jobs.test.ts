import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  type Client,
  insertTwoDistricts,
  insertUser,
  type TestApp,
} from '../../../../test/app.ts';
import { createTestDatabase } from '../../../../test/db.ts';
import type { Database } from '../../../platform/db.ts';
import { STALE_PARSE_MS } from '../../../platform/imports/jobs.ts';
import { checkDigit } from '../idcard.ts';

/**
 * Import jobs live in the database, not in a process: two app instances over one database (as two
 * processes behind a load balancer) share them. Preview on one, progress and commit on the other.
 */
const idOf = (body17: string) => body17 + checkDigit(body17);
const HEADER = '姓名,身份证号,入党日期,转正日期,党员类别,党员状态';

let database: Database;
let a: TestApp;
let b: TestApp;
let tree: Awaited<ReturnType<typeof insertTwoDistricts>>;
const on: Record<'a' | 'b', Record<'owner' | 'colleague', Client>> = {} as never;

beforeAll(async () => {
  database = await createTestDatabase();
  a = await buildTestApp({ database });
  b = await buildTestApp({ database });
  tree = await insertTwoDistricts(a.db);
  await insertUser(a.db, { username: 'imp_owner', orgId: tree.s1.id, role: 'street_secretary' });
  await insertUser(a.db, { username: 'imp_colleague', orgId: tree.s1.id, role: 'street_secretary' });
  on.a = { owner: await a.login('imp_owner'), colleague: await a.login('imp_colleague') };
  on.b = { owner: await b.login('imp_owner'), colleague: await b.login('imp_colleague') };
});
afterAll(async () => {
  await a.close();
  await b.close();
  await database.close();
});

const csv = (...lines: string[]) => Buffer.from(`${[HEADER, ...lines].join('\n')}\n`);
const upload = (client: Client, bytes: Buffer) =>
  client({
    method: 'POST',
    url: `/api/v1/orgs/${tree.b1.id}/member-imports`,
    query: { filename: 'jobs.csv' },
    headers: { 'content-type': 'text/csv' },
    payload: bytes,
  });
const getJob = (client: Client, id: string) =>
  client({ method: 'GET', url: `/api/v1/member-imports/jobs/${id}` });
async function waitReady(client: Client, id: string) {
  for (;;) {
    const res = await getJob(client, id);
    expect(res.statusCode, res.body).toBe(200);
    if (res.json().data.status !== 'parsing') return res.json().data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('import jobs shared between app processes', () => {
  it('previews on one instance, reports and commits on the other; only the uploader sees the job', async () => {
    const file = csv(
      `共享甲,${idOf('11010519700101003')},2000-07-01,2001-07-01,在职党员,正式党员`,
      `共享乙,${idOf('11010519700202004')},2020-07-01,,在职党员,预备党员`,
    );
    const started = await upload(on.a.owner, file);
    expect(started.statusCode, started.body).toBe(202);
    const id: string = started.json().data.id;
    const ready = await waitReady(on.b.owner, id);
    expect(ready).toMatchObject({ status: 'ready', preview: { total: 2, ok: 2, errors: [] } });
    // Another account, even with the same role on the same organization: not found, on either instance.
    expect((await getJob(on.b.colleague, id)).statusCode).toBe(404);
    expect((await getJob(on.a.colleague, id)).statusCode).toBe(404);
    expect(
      (await on.b.colleague({ method: 'POST', url: `/api/v1/member-imports/jobs/${id}/commit` })).statusCode,
    ).toBe(404);
    const committed = await on.b.owner({ method: 'POST', url: `/api/v1/member-imports/jobs/${id}/commit` });
    expect(committed.statusCode, committed.body).toBe(200);
    expect(committed.json().data).toMatchObject({ status: 'committed', result: { imported: 2 } });
    // The first instance sees the outcome; committing again there is refused.
    expect((await getJob(on.a.owner, id)).json().data).toMatchObject({
      status: 'committed',
      result: { imported: 2 },
    });
    expect(
      (await on.a.owner({ method: 'POST', url: `/api/v1/member-imports/jobs/${id}/commit` })).statusCode,
    ).toBe(422);
    const rows = await a.db
      .selectFrom('members')
      .select(['name', 'orgId'])
      .where('name', 'in', ['共享甲', '共享乙'])
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.orgId === tree.b1.id)).toBe(true);
    // The checked rows are gone with the commit; the job row keeps the result.
    const left = await a.db.selectFrom('memberImportJobRows').select('seq').where('jobId', '=', id).execute();
    expect(left).toEqual([]);
  });

  it('expires jobs after a day (swept by any instance) and reports an orphaned preview as failed', async () => {
    const file = csv(`过期丙,${idOf('11010519700303005')},2000-07-01,2001-07-01,在职党员,正式党员`);
    const started = await upload(on.a.owner, file);
    const id: string = started.json().data.id;
    await waitReady(on.a.owner, id);
    expect(
      (await a.db.selectFrom('memberImportJobRows').select('seq').where('jobId', '=', id).execute()).length,
    ).toBe(1);
    b.clock.advanceDays(1);
    b.clock.advanceMinutes(1);
    on.b.owner = await b.login('imp_owner');
    expect((await getJob(on.b.owner, id)).statusCode).toBe(404);
    // The next upload on that instance sweeps expired jobs with their rows.
    const next = await upload(
      on.b.owner,
      csv(`过期丁,${idOf('11010519700404006')},2000-07-01,,在职党员,预备党员`),
    );
    expect(next.statusCode).toBe(202);
    expect(
      await a.db.selectFrom('memberImportJobs').select('id').where('id', '=', id).executeTakeFirst(),
    ).toBe(undefined);
    expect(
      await a.db.selectFrom('memberImportJobRows').select('seq').where('jobId', '=', id).execute(),
    ).toEqual([]);
    await waitReady(on.b.owner, next.json().data.id);
    // A process that stopped while parsing leaves a job that never moves: reported as failed.
    await b.db
      .updateTable('memberImportJobs')
      .set({ status: 'parsing', updatedAt: new Date(b.clock.now().getTime() - STALE_PARSE_MS - 1000) })
      .where('id', '=', next.json().data.id)
      .execute();
    const stale = (await getJob(on.b.owner, next.json().data.id)).json().data;
    expect(stale.status).toBe('failed');
    expect(stale.error).toContain('重新上传');
  });
});
