import { describe, expect, it } from 'vitest';
import { serverKit } from '../../../test/kit.ts';
import { clientWithRole } from '../../../test/scope.ts';

const { t, tree, sysadmin } = serverKit(
  { sysadmin: { org: 'd1', role: 'system_admin' } },
  { security: { mfaRequiredForAdmins: false } },
);

// 2027 in the shape of the shipped data files: New Year's Day off, a Sunday make-up workday.
const year2027 = {
  source: '测试：2027 年部分节假日安排',
  days: [
    { date: '2027-01-01', isWorkday: false, name: '元旦' },
    { date: '2027-01-02', isWorkday: false, name: '元旦' },
    { date: '2027-01-03', isWorkday: false, name: '元旦' },
    { date: '2027-01-10', isWorkday: true, name: '调休上班' },
  ],
};

describe('work calendar years', () => {
  it('the system administrator loads a year; working-day arithmetic uses it at once', async () => {
    const before = await sysadmin({
      method: 'GET',
      url: '/api/v1/work-calendar/add-working-days?from=2027-01-08&days=1',
    });
    // Without 2027 loaded, Sunday the 10th is a rest day and the answer is flagged as unreliable.
    expect(before.json().data).toEqual({ date: '2027-01-11', calendarLoaded: false });

    const put = await sysadmin({
      method: 'PUT',
      url: '/api/v1/work-calendar/years/2027',
      payload: { year: 2027, ...year2027 },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().data).toMatchObject({ year: 2027, source: year2027.source });
    expect(put.json().data.days).toHaveLength(4);

    const after = await sysadmin({
      method: 'GET',
      url: '/api/v1/work-calendar/add-working-days?from=2027-01-08&days=1',
    });
    expect(after.json().data).toEqual({ date: '2027-01-10', calendarLoaded: true });
    const list = (await sysadmin({ method: 'GET', url: '/api/v1/work-calendar/years' })).json().data;
    expect(list.find((y: { year: number }) => y.year === 2027)).toMatchObject({ dayCount: 4 });

    // Uploading again replaces the year (corrections to the State Council notice).
    const again = await sysadmin({
      method: 'PUT',
      url: '/api/v1/work-calendar/years/2027',
      payload: { ...year2027, days: year2027.days.slice(0, 3) },
    });
    expect(again.json().data.days).toHaveLength(3);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('objectId')
      .where('action', '=', 'work_calendar.manage')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses dates of another year, duplicates and unknown fields, naming the field in Chinese', async () => {
    const wrongYear = await sysadmin({
      method: 'PUT',
      url: '/api/v1/work-calendar/years/2028',
      payload: { ...year2027 },
    });
    expect(wrongYear.statusCode).toBe(422);
    expect(wrongYear.json().error.fields['days.0.date']).toContain('不属于 2028 年');
    // The shipped data files carry their year: it must be the year of the URL.
    const fileYear = await sysadmin({
      method: 'PUT',
      url: '/api/v1/work-calendar/years/2028',
      payload: { year: 2027, ...year2027 },
    });
    expect(fileYear.json().error.fields.year).toContain('与要导入的 2028 年不一致');
    const dup = await sysadmin({
      method: 'PUT',
      url: '/api/v1/work-calendar/years/2027',
      payload: { ...year2027, days: [...year2027.days, year2027.days[0]] },
    });
    expect(dup.json().error.fields['days.4.date']).toContain('重复');
    const extra = await sysadmin({
      method: 'PUT',
      url: '/api/v1/work-calendar/years/2027',
      payload: { ...year2027, orgId: tree.d1.id },
    });
    expect(extra.statusCode).toBe(400);
    expect(
      (await sysadmin({ method: 'GET', url: '/api/v1/work-calendar/years/2028' })).json().error.message,
    ).toContain('尚未导入');
  });

  it('only the system administrator may load a year', async () => {
    for (const role of ['district_admin', 'community_secretary', 'resident', 'security_admin'] as const) {
      const client = await clientWithRole(t, role, role === 'community_secretary' ? tree.c1.id : tree.d1.id);
      const res = await client({ method: 'PUT', url: '/api/v1/work-calendar/years/2027', payload: year2027 });
      expect(res.statusCode, role).toBe(403);
    }
    const stored = await t.db.selectFrom('workCalendarDays').select('day').where('year', '=', 2027).execute();
    expect(stored).toHaveLength(3);
  });
});
