import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TEST_BACKEND } from '../../../test/db.ts';
import { serverKit } from '../../../test/kit.ts';
import { openRectificationItem, sweepRectificationDaily } from './index.ts';
import { DAILY_SWEEP_JOB } from './rectification.jobs.ts';

const { t, tree } = serverKit();

const open = (title: string) =>
  t.db.transaction().execute((trx) =>
    openRectificationItem(
      trx,
      {
        org: { id: tree.c1.id, path: tree.c1.path },
        issuer: { id: tree.d1.id, path: tree.d1.path },
        title,
        source: { kind: 'inspection', id: 1 },
        ownerPerson: '社区书记',
        requiredEvidence: '现场照片',
        workingDays: 3,
      },
      null,
      t.clock.now(),
    ),
  );
const sweep = () => sweepRectificationDaily(t.db, t.clock.now(), t.app.deps.auditKey);
const eventsOf = async (id: number) =>
  (
    await t.db
      .selectFrom('rectificationEvents')
      .select('kind')
      .where('itemId', '=', id)
      .orderBy('id')
      .execute()
  ).map((e) => e.kind);

describe('the daily rectification sweep runs by itself', () => {
  it('reminds before the deadline and escalates after it, once each, audited as the system', async () => {
    t.clock.set('2026-11-02T09:00:00+08:00'); // Monday: 3 working days → Thursday 5 November
    const id = await open('恢复活动室使用');
    expect(await sweep()).toEqual({ reminded: 0, escalated: 0, skipped: false });

    t.clock.set('2026-11-04T07:00:00+08:00'); // reminder day (2 working days before)
    expect(await sweep()).toEqual({ reminded: 1, escalated: 0, skipped: false });
    expect(await sweep()).toEqual({ reminded: 0, escalated: 0, skipped: false });

    t.clock.set('2026-11-06T07:00:00+08:00'); // the day after the deadline
    expect(await sweep()).toEqual({ reminded: 0, escalated: 1, skipped: false });
    expect(await sweep()).toEqual({ reminded: 0, escalated: 0, skipped: false });
    expect(await eventsOf(id)).toEqual(['opened', 'reminded', 'escalated']);
    const item = await t.db
      .selectFrom('rectificationItems')
      .select('escalatedToOrgId')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(item.escalatedToOrgId).toBe(tree.s1.id);

    const runs = await t.db
      .selectFrom('auditLog')
      .select(['username', 'objectType', 'objectId'])
      .where('action', '=', DAILY_SWEEP_JOB)
      .execute();
    expect(runs).toHaveLength(5);
    expect(runs.every((r) => r.username === 'system' && r.objectType === 'job')).toBe(true);
  });

  it.runIf(TEST_BACKEND === 'postgres')('runs once across app processes (the others skip)', async () => {
    await t.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${DAILY_SWEEP_JOB}))`.execute(trx);
      expect(await sweep()).toEqual({ skipped: true });
    });
    expect((await sweep()).skipped).toBe(false);
  });
});
