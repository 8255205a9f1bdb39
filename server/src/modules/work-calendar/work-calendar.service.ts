import type { Trx } from '../../platform/db.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { AuditFn } from '../../platform/http.ts';
import type { UploadCalendarBody } from './work-calendar.contract.ts';

/** Load (or replace) one year's official calendar. */
export async function uploadCalendarYear(
  ctx: { trx: Trx; audit: AuditFn; userId: number; now: Date },
  year: number,
  body: UploadCalendarBody,
): Promise<void> {
  if (body.year !== undefined && body.year !== year) {
    throw new ValidationError({ year: `文件中的年份 ${body.year} 与要导入的 ${year} 年不一致` });
  }
  const seen = new Set<string>();
  body.days.forEach((d, i) => {
    if (Number(d.date.slice(0, 4)) !== year) {
      throw new ValidationError({ [`days.${i}.date`]: `日期 ${d.date} 不属于 ${year} 年` });
    }
    if (Number.isNaN(new Date(`${d.date}T00:00:00Z`).getTime())) {
      throw new ValidationError({ [`days.${i}.date`]: `日期 ${d.date} 无效` });
    }
    if (seen.has(d.date)) throw new ValidationError({ [`days.${i}.date`]: `日期 ${d.date} 重复` });
    seen.add(d.date);
  });
  await ctx.trx.deleteFrom('workCalendarYears').where('year', '=', year).execute();
  await ctx.trx
    .insertInto('workCalendarYears')
    .values({ year, source: body.source, loadedAt: ctx.now, loadedBy: ctx.userId })
    .execute();
  await ctx.trx
    .insertInto('workCalendarDays')
    .values(body.days.map((d) => ({ day: d.date, year, isWorkday: d.isWorkday, name: d.name })))
    .execute();
  await ctx.audit({
    action: 'work_calendar.manage',
    objectType: 'work_calendar_year',
    objectId: year,
    detail: { days: body.days.length, source: body.source },
  });
}
