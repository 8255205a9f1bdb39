import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrg, insertUser, TEST_PASSWORD, TEST_SECRET } from '../../test/app.ts';
import { createPgDatabase, TEST_BACKEND } from '../../test/db.ts';
import { type Replica, replicaUnavailable, startReplica } from '../../test/replica.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { modules } from '../modules/index.ts';
import { FakeClock } from './clock.ts';
import { type Database, openDatabase } from './db.ts';
import { migrateToLatest } from './migrate.ts';
import { isPlainRead, lsnValue } from './replicas.ts';

/**
 * Two app instances on one PostgreSQL with a streaming replica (issue 19): a write through one
 * instance is read through the other (read-your-writes by the WAL position in a cookie), plain
 * reads go to the replica once it has caught up, a replica that falls behind or dies is not read
 * from, and no answer changes.
 */
describe('which statements may go to a replica', () => {
  it('takes plain SELECTs only', () => {
    expect(isPlainRead('select * from orgs where id = $1')).toBe(true);
    expect(isPlainRead('  with t as (select 1) select * from t')).toBe(true);
    expect(isPlainRead('select * from orgs for update')).toBe(false);
    expect(isPlainRead('select nextval($1)')).toBe(false);
    expect(isPlainRead('select pg_try_advisory_lock(1)')).toBe(false);
    expect(isPlainRead('with d as (delete from t returning 1) select * from d')).toBe(false);
    expect(isPlainRead('insert into t values (1)')).toBe(false);
    expect(isPlainRead('begin')).toBe(false);
    expect(lsnValue('1/0') > lsnValue('0/FFFFFFFF')).toBe(true);
    expect(lsnValue('garbage')).toBe(-1n);
  });
});

const unavailable = TEST_BACKEND === 'postgres' ? await replicaUnavailable() : 'runs in the PostgreSQL pass';
if (unavailable) console.warn(`replica harness skipped: ${unavailable}`);

describe.skipIf(Boolean(unavailable))('two app instances, one primary, one streaming replica', () => {
  let replica: Replica;
  let drop: () => Promise<void>;
  const databases: Database[] = [];
  const apps: Awaited<ReturnType<typeof buildApp>>[] = [];
  let orgId = 0;

  beforeAll(async () => {
    const created = await createPgDatabase('jiceng_replica');
    drop = created.drop;
    const setup = await openDatabase({ databaseUrl: created.url, poolSize: 2 });
    await migrateToLatest(setup.db, modules);
    const root = await insertOrg(setup.db, { code: 'RP-D', level: 'district' });
    orgId = root.id;
    await insertUser(setup.db, { username: 'rp_district', orgId: root.id, role: 'district_admin' });
    await setup.close();
    replica = await startReplica();
    const base = loadConfig({ NODE_ENV: 'test' });
    const config = { ...base, demo: false, security: { ...base.security, mfaRequiredForAdmins: false } };
    for (let i = 0; i < 2; i++) {
      const database = await openDatabase({
        databaseUrl: created.url,
        poolSize: 3,
        readUrls: [replica.urlFor(created.url)],
        readMaxLagMs: 60_000,
      });
      databases.push(database);
      const app = await buildApp({
        database,
        config,
        secret: TEST_SECRET,
        clock: new FakeClock(),
        serveWeb: false,
      });
      await app.ready();
      apps.push(app);
    }
  }, 120_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const d of databases) await d.close();
    await replica?.kill();
    replica?.remove();
    await drop?.();
  });

  const cookiesOf = (res: { cookies: { name: string; value: string }[] }, jar: Map<string, string>) => {
    for (const c of res.cookies) jar.set(c.name, c.value);
    return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  };

  it('reads a write made through the other instance, then reads from the replica; survives the replica dying', async () => {
    const [a, b] = apps as [(typeof apps)[0], (typeof apps)[0]];
    const jar = new Map<string, string>();
    const origin = { origin: 'http://localhost' };
    const login = await a.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: origin,
      payload: { username: 'rp_district', password: TEST_PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    let cookie = cookiesOf(login, jar);
    expect(jar.has('jiceng_lsn')).toBe(true);

    // The replica is held back: the write through A is not on it yet.
    await replica.catchUp();
    await replica.pauseReplay(true);
    await databases[0]!.replicas!.poll();
    await databases[1]!.replicas!.poll();
    const created = await a.inject({
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/children`,
      headers: { ...origin, cookie },
      payload: { code: 'RP-S1', name: '副本街道', kind: 'working_committee', level: 'street' },
    });
    expect(created.statusCode, created.body).toBe(201);
    cookie = cookiesOf(created, jar);
    const childId = created.json().data.id as number;

    // Through B with the caller's position: the replica has not replayed it, so B reads the primary.
    const mine = await b.inject({ method: 'GET', url: `/api/v1/orgs/${childId}`, headers: { cookie } });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.headers['x-read-from']).toBeUndefined();

    // Once the replica has caught up, the same read is served by it, with the same answer.
    await replica.pauseReplay(false);
    await replica.catchUp();
    await databases[1]!.replicas!.poll();
    const again = await b.inject({ method: 'GET', url: `/api/v1/orgs/${childId}`, headers: { cookie } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers['x-read-from']).toBe('replica');
    expect(again.json().data.name).toBe('副本街道');

    // The replica dies: reads go back to the primary at once, answers unchanged.
    await replica.kill();
    const after = await b.inject({ method: 'GET', url: `/api/v1/orgs/${childId}`, headers: { cookie } });
    expect(after.statusCode, after.body).toBe(200);
    expect(after.json().data.name).toBe('副本街道');
    expect(after.headers['x-read-from']).toBeUndefined();
    await databases[1]!.replicas!.poll();
    expect(databases[1]!.replicas!.status()[0]!.up).toBe(false);
    const list = await b.inject({ method: 'GET', url: `/api/v1/orgs?orgId=${orgId}`, headers: { cookie } });
    expect(list.statusCode, list.body).toBe(200);
  }, 120_000);
});
